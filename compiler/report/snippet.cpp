#include "report/snippet.h"

#include <algorithm>

#include <fmt/format.h>

#include "support/utf8.h"

namespace claudelint::report {

LineColumnRange line_columns(const model::SourceFile& file, std::size_t begin, std::size_t end) {
  return {file.position(begin), file.position(std::max(begin, end))};
}

namespace {

/// Widest source line shown; longer lines are cut to a window around the range.
constexpr std::size_t max_cells = 120;

/// One displayed character: what to print, and the byte it starts at.
struct Cell {
  std::string text;
  std::size_t byte;
};

bool is_redacted(const std::vector<model::ByteRange>& redactions, std::size_t offset) {
  const auto it = std::upper_bound(redactions.begin(), redactions.end(), offset,
                                   [](std::size_t o, const model::ByteRange& r) { return o < r.end; });
  return it != redactions.end() && it->begin <= offset;
}

/// Splits a line into printable cells: one per code point; secrets masked,
/// invalid UTF-8 shown as U+FFFD, control characters as spaces (tabs kept).
std::vector<Cell> cells_of(std::string_view line, std::size_t line_begin, const model::SourceFile& file) {
  std::vector<Cell> cells;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t offset = line_begin + i;
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = 1;
    if (c >= 0x80) {
      const std::size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      const std::string_view seq = line.substr(i, want);
      len = (seq.size() == want && !support::find_invalid_utf8(seq)) ? want : 0;
    }
    if (is_redacted(file.redactions(), offset)) cells.push_back({"*", offset});
    else if (len == 0) cells.push_back({"\xEF\xBF\xBD", offset});
    else if (c < 0x20 && c != '\t') cells.push_back({" ", offset});
    else cells.push_back({std::string(line.substr(i, len)), offset});
    i += len == 0 ? 1 : len;
  }
  return cells;
}

} // namespace

std::string code_frame(const model::SourceFile& file, std::size_t begin, std::size_t end,
                       std::string_view caret_color, std::string_view reset) {
  if (file.text().empty()) return {};
  const auto pos = file.position(begin);
  const std::size_t line_begin = file.lines().line_start(pos.line);
  const std::string_view line = file.lines().line_text(file.text(), pos.line);
  const std::size_t line_end = line_begin + line.size();
  const std::size_t caret_begin = std::min(begin, line_end);
  const std::size_t caret_end = std::clamp(end, caret_begin, line_end);

  // A cell is at most 4 bytes, so a line of more than 4 × max_cells bytes is
  // cut to a window; only the bytes around the range are decoded, or a 10 MB
  // one-line file would cost a cell per byte for every finding on it. Every
  // byte that is not a UTF-8 continuation byte starts a cell, so decoding
  // may start at any such byte. Starting `back` bytes before the range
  // leaves more than max_cells / 3 cells before it, and stopping 4 ×
  // max_cells bytes after it leaves more than max_cells after.
  const bool long_line = line.size() > 4 * max_cells;
  std::size_t from = 0, to = line.size();
  if (long_line) {
    constexpr std::size_t back = (max_cells / 3 + 2) * 4;
    const std::size_t at = caret_begin - line_begin;
    if (at > back) {
      // Back to the start of a cell: a byte that is not a continuation
      // byte, or one with no lead byte in the 3 before it (a stray
      // continuation byte is a cell of its own).
      const auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80; };
      from = at - back;
      for (std::size_t k = 0; k <= 3; ++k)
        if (!continuation(from - k)) {
          from -= k;
          break;
        }
    }
    to = std::min(line.size(), at + 4 * max_cells + 4);
  }
  const std::vector<Cell> cells = cells_of(line.substr(from, to - from), line_begin + from, file);

  // The cells [first, last) shown: the whole line, or a window around the range.
  std::size_t start_cell = 0;
  while (start_cell < cells.size() && cells[start_cell].byte < caret_begin) ++start_cell;
  std::size_t first = 0, last = cells.size();
  if (long_line || cells.size() > max_cells) {
    first = start_cell > max_cells / 3 ? start_cell - max_cells / 3 : 0;
    last = std::min(cells.size(), first + max_cells);
  }
  const bool cut_before = from > 0 || first > 0;
  std::string shown = cut_before ? "…" : "";
  std::string pad = cut_before ? " " : "";
  std::size_t carets = 0;
  for (std::size_t k = first; k < last; ++k) {
    shown += cells[k].text;
    if (cells[k].byte < caret_begin) pad += cells[k].text == "\t" ? '\t' : ' ';
    else if (cells[k].byte < caret_end) ++carets;
  }
  if (last < cells.size() || to < line.size()) shown += "…";
  carets = std::max<std::size_t>(carets, 1);

  const std::string number = std::to_string(pos.line);
  const std::string gutter(number.size(), ' ');
  return fmt::format("{} | {}\n{} | {}{}{}{}\n", number, shown, gutter, pad, caret_color, std::string(carets, '^'),
                     reset);
}

} // namespace claudelint::report
