#pragma once
#include <string>

#include "model/position.h"
#include "model/source_file.h"

namespace claudelint::report {

/// Start and end (exclusive) positions of a range, 1-based, byte columns.
struct LineColumnRange {
  model::Position begin;
  model::Position end;
};

LineColumnRange line_columns(const model::SourceFile& file, std::size_t begin, std::size_t end);

/// The source line of `begin` with a gutter, and a line of carets under
/// [begin, end) clipped to that line. Empty when the file has no text.
/// Carets are aligned by code points, and tabs in the prefix are kept.
std::string code_frame(const model::SourceFile& file, std::size_t begin, std::size_t end,
                       std::string_view caret_color = {}, std::string_view reset = {});

} // namespace claudelint::report
