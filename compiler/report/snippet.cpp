#include "report/snippet.h"

#include <algorithm>

#include <fmt/format.h>

namespace claudelint::report {

LineColumnRange line_columns(const model::SourceFile& file, std::size_t begin, std::size_t end) {
  return {file.position(begin), file.position(std::max(begin, end))};
}

namespace {
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string display_line(std::string_view line) {
  std::string out;
  for (const char c : line) out += (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? ' ' : c;
  return out;
}
} // namespace

std::string code_frame(const model::SourceFile& file, std::size_t begin, std::size_t end,
                       std::string_view caret_color, std::string_view reset) {
  if (file.text().empty()) return {};
  const auto pos = file.position(begin);
  const std::string_view line = file.lines().line_text(file.text(), pos.line);
  const std::size_t start_col = std::min<std::size_t>(pos.column - 1, line.size());
  const std::size_t end_col = std::clamp<std::size_t>(end - file.lines().line_start(pos.line), start_col, line.size());
  const std::string number = std::to_string(pos.line);
  const std::string gutter(number.size(), ' ');

  std::string pad;
  for (std::size_t i = 0; i < start_col; ++i) {
    if (is_continuation(line[i])) continue;
    pad += line[i] == '\t' ? '\t' : ' ';
  }
  std::size_t carets = 0;
  for (std::size_t i = start_col; i < end_col; ++i)
    if (!is_continuation(line[i])) ++carets;
  carets = std::max<std::size_t>(carets, 1);
  return fmt::format("{} | {}\n{} | {}{}{}{}\n", number, display_line(line), gutter, pad, caret_color,
                     std::string(carets, '^'), reset);
}

} // namespace claudelint::report
