#include "model/source_file.h"

#include <algorithm>

#include "support/utf8.h"

namespace claudelint::model {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  starts_.push_back(0);
  // Lines end at LF, CRLF or a lone CR: what editors show and what the
  // Language Server Protocol counts. Most files have no CR: memchr finds
  // their line ends many bytes at a time.
  if (text.find('\r') == std::string_view::npos) {
    // Counted first: a 10 MB file has half a million lines, and growing the
    // vector to them copied it into new pages a score of times.
    starts_.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
      starts_.push_back(i + 1);
    return;
  }
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
      starts_.push_back(i + 1);
}

Position LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, size_);
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - starts_.begin()); // 1-based
  return {static_cast<std::uint32_t>(line),
          static_cast<std::uint32_t>(offset - starts_[line - 1] + 1)};
}

std::size_t LineIndex::line_start(std::uint32_t line) const {
  if (line == 0) return 0;
  return starts_[std::min<std::size_t>(line, starts_.size()) - 1];
}

std::string_view LineIndex::line_text(std::string_view text, std::uint32_t line) const {
  const std::size_t begin = line_start(line);
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

std::uint32_t LineIndex::utf16_column(std::string_view text, std::size_t offset) const {
  offset = std::min(offset, text.size());
  const std::size_t begin = line_start(position(offset).line);
  return static_cast<std::uint32_t>(support::utf16_length(text.substr(begin, offset - begin)));
}

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)), lines_(text_) {}

FileId SourceManager::add(SourceFile file) {
  files_.push_back(std::move(file));
  return static_cast<FileId>(files_.size() - 1);
}

FileId SourceManager::add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return static_cast<FileId>(files_.size() - 1);
}

} // namespace claudelint::model
