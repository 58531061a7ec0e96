#pragma once
// The LSP base protocol: messages framed by a `Content-Length` header.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace claudelint::lsp {

/// One unit read from the stream: a message body, or a framing error to
/// answer with a JSON-RPC parse error.
struct Frame {
  enum class Kind { message, error };
  Kind kind = Kind::message;
  std::string text; ///< the body (JSON text), or what was wrong
};

/// Splits a byte stream into messages: header lines (`Content-Length: N`,
/// optionally `Content-Type`) ended by an empty line, then N bytes of body.
/// Lines may end in CRLF or LF. Bad input never stops the stream: a header
/// block without a usable Content-Length is reported and dropped, a body
/// over the size limit is reported and skipped, and reading goes on with
/// the next header block.
class FrameReader {
public:
  explicit FrameReader(std::size_t max_body = std::size_t{64} << 20) : max_body_(max_body) {}

  /// Appends bytes read from the stream.
  void feed(std::string_view bytes);
  /// The next complete frame, or nullopt until more bytes are fed.
  std::optional<Frame> next();
  /// At the end of the stream: an error frame when it stopped in the middle
  /// of a message.
  std::optional<Frame> finish();

private:
  /// Reads one header block from buffer_; false when it is not complete.
  bool read_header();

  std::size_t max_body_;
  std::string buffer_;
  std::size_t pos_ = 0;                    ///< consumed bytes of buffer_
  std::optional<std::size_t> body_length_; ///< header read, body pending
  std::size_t skip_ = 0;                   ///< bytes of an oversized body still to drop
  std::deque<Frame> ready_;
};

/// `body` with its `Content-Length` header, ready to write.
std::string frame(std::string_view body);

} // namespace claudelint::lsp
