#pragma once
#include <string>
#include <string_view>
#include <deque>
#include <vector>

#include "model/position.h"

namespace claudelint::model {

/// Maps byte offsets to 1-based line:column and back. Lines end at '\n';
/// a preceding '\r' belongs to the line's content for column counting.
class LineIndex {
public:
  explicit LineIndex(std::string_view text);

  /// Position of `offset` (clamped to the text size); columns in bytes.
  Position position(std::size_t offset) const;
  /// Byte offset where 1-based `line` starts (clamped to the last line).
  std::size_t line_start(std::uint32_t line) const;
  /// Number of lines (an empty text has one empty line).
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }
  /// The content of 1-based `line`, without its line terminator.
  std::string_view line_text(std::string_view text, std::uint32_t line) const;
  /// 0-based UTF-16 column of byte `offset` on its line (for the LSP).
  std::uint32_t utf16_column(std::string_view text, std::size_t offset) const;

private:
  std::vector<std::size_t> starts_;
  std::size_t size_;
};

/// One file's bytes and identity. `path` is the display path (relative to the
/// working directory when the file is under it).
class SourceFile {
public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  /// Byte ranges that must never be shown (values of a .env file): code
  /// frames print them masked. Sorted, non-overlapping.
  const std::vector<ByteRange>& redactions() const { return redactions_; }
  void set_redactions(std::vector<ByteRange> ranges) { redactions_ = std::move(ranges); }
  const LineIndex& lines() const { return lines_; }
  Position position(std::size_t offset) const { return lines_.position(offset); }

private:
  std::string path_;
  std::string text_;
  LineIndex lines_;
  std::vector<ByteRange> redactions_;
};

/// Owns every SourceFile of a run; FileIds index into it.
class SourceManager {
public:
  FileId add(std::string path, std::string text);
  /// Adds a file built elsewhere (a loader thread); its id is the next one.
  FileId add(SourceFile file);
  const SourceFile& file(FileId id) const { return files_.at(id); }
  SourceFile& file(FileId id) { return files_.at(id); }
  std::size_t size() const { return files_.size(); }

private:
  std::deque<SourceFile> files_; // deque: references stay valid as files are added
};

} // namespace claudelint::model
