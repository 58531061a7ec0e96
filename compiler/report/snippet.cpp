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
  const std::vector<Cell> cells = cells_of(line, line_begin, file);
  const std::size_t line_end = line_begin + line.size();
  const std::size_t caret_begin = std::min(begin, line_end);
  const std::size_t caret_end = std::clamp(end, caret_begin, line_end);

  // The cells [first, last) shown: the whole line, or a window around the range.
  std::size_t start_cell = 0;
  while (start_cell < cells.size() && cells[start_cell].byte < caret_begin) ++start_cell;
  std::size_t first = 0, last = cells.size();
  if (cells.size() > max_cells) {
    first = start_cell > max_cells / 3 ? start_cell - max_cells / 3 : 0;
    last = std::min(cells.size(), first + max_cells);
  }
  std::string shown = first > 0 ? "…" : "";
  std::string pad = first > 0 ? " " : "";
  std::size_t carets = 0;
  for (std::size_t k = first; k < last; ++k) {
    shown += cells[k].text;
    if (cells[k].byte < caret_begin) pad += cells[k].text == "\t" ? '\t' : ' ';
    else if (cells[k].byte < caret_end) ++carets;
  }
  if (last < cells.size()) shown += "…";
  carets = std::max<std::size_t>(carets, 1);

  const std::string number = std::to_string(pos.line);
  const std::string gutter(number.size(), ' ');
  return fmt::format("{} | {}\n{} | {}{}{}{}\n", number, shown, gutter, pad, caret_color, std::string(carets, '^'),
                     reset);
}

} // namespace claudelint::report
