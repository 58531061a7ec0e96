#include "lsp/framing.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace claudelint::lsp {

namespace {

/// Longest header block we wait for before calling it garbage.
constexpr std::size_t max_header = 8192;

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

/// A decimal length without sign or spaces, nullopt when it is not one or overflows.
std::optional<std::size_t> parse_length(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

/// A printable excerpt of bad input for an error message.
std::string excerpt(std::string_view text) {
  std::string out;
  for (const unsigned char c : text.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  return text.size() > 40 ? out + "..." : out;
}

} // namespace

void FrameReader::feed(std::string_view bytes) {
  // Drop what was consumed before the buffer grows again.
  if (pos_ > 0 && pos_ * 2 >= buffer_.size()) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(bytes);
}

bool FrameReader::read_header() {
  std::optional<std::size_t> length;
  std::string problem;
  std::size_t at = pos_;
  bool any_line = false;
  while (true) {
    const auto newline = buffer_.find('\n', at);
    if (newline == std::string::npos) {
      if (buffer_.size() - pos_ <= max_header) return false;
      // No end of header in sight: report it and drop what we have.
      ready_.push_back({Frame::Kind::error, fmt::format("header too long or not terminated: '{}'",
                                                        excerpt(std::string_view(buffer_).substr(pos_)))});
      pos_ = buffer_.size();
      return true;
    }
    const std::string_view line = trim(std::string_view(buffer_).substr(at, newline - at));
    at = newline + 1;
    if (line.empty()) {
      if (!any_line) { // a stray blank line between messages
        pos_ = at;
        continue;
      }
      break;
    }
    any_line = true;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (problem.empty()) problem = fmt::format("malformed header line '{}'", excerpt(line));
      continue;
    }
    const std::string name = lowercase(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      length = parse_length(value);
      if (!length && problem.empty()) problem = fmt::format("bad Content-Length '{}'", excerpt(value));
    }
  }
  pos_ = at;
  if (!length) {
    ready_.push_back({Frame::Kind::error, problem.empty() ? "header without Content-Length" : problem});
    return true;
  }
  // A stray line next to a good Content-Length is reported, and the body
  // is still read so that the stream stays in step.
  if (!problem.empty()) ready_.push_back({Frame::Kind::error, problem});
  if (*length > max_body_) {
    ready_.push_back({Frame::Kind::error,
                      fmt::format("message of {} bytes is over the {}-byte limit; it was skipped", *length, max_body_)});
    skip_ = *length;
    return true;
  }
  body_length_ = *length;
  return true;
}

std::optional<Frame> FrameReader::next() {
  while (ready_.empty()) {
    const std::size_t available = buffer_.size() - pos_;
    if (skip_ > 0) {
      const std::size_t dropped = std::min(skip_, available);
      pos_ += dropped;
      skip_ -= dropped;
      if (skip_ > 0) return std::nullopt;
      continue;
    }
    if (body_length_) {
      if (available < *body_length_) return std::nullopt;
      ready_.push_back({Frame::Kind::message, buffer_.substr(pos_, *body_length_)});
      pos_ += *body_length_;
      body_length_.reset();
      break;
    }
    if (available == 0 || !read_header()) return std::nullopt;
  }
  Frame out = std::move(ready_.front());
  ready_.pop_front();
  return out;
}

std::optional<Frame> FrameReader::finish() {
  const std::size_t available = buffer_.size() - pos_;
  if (body_length_)
    return Frame{Frame::Kind::error,
                 fmt::format("the stream ended {} bytes into a {}-byte message", available, *body_length_)};
  if (skip_ > 0 || trim(std::string_view(buffer_).substr(pos_)).find_first_not_of("\r\n") == std::string_view::npos)
    return std::nullopt;
  return Frame{Frame::Kind::error,
               fmt::format("the stream ended inside a header: '{}'", excerpt(std::string_view(buffer_).substr(pos_)))};
}

std::string frame(std::string_view body) {
  return fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body);
}

} // namespace claudelint::lsp
