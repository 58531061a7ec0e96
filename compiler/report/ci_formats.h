#pragma once
// What the CI formats (junit.cpp, github.cpp, gitlab.cpp; described in
// docs/output-formats.md) share: their escaping, declared here so unit
// tests can check it case by case, and how they place a finding on lines.
#include <string>
#include <string_view>

#include "model/position.h"
#include "model/source_file.h"

namespace claudelint::report {

/// The message of a GitHub Actions workflow command (`::error …::DATA`):
/// `%` → `%25`, CR → `%0D`, LF → `%0A`, exactly as @actions/core's
/// escapeData. Defined in github.cpp.
std::string escape_workflow_data(std::string_view text);

/// A property value of a workflow command (`file=VALUE`): escape_workflow_data
/// plus `:` → `%3A` and `,` → `%2C`, as @actions/core's escapeProperty.
/// Defined in github.cpp.
std::string escape_workflow_property(std::string_view text);

/// `text` as XML 1.0 character data or, with `attribute`, as the value of a
/// quoted attribute: `&` `<` `>` `"` `'` become entities; CR (everywhere)
/// and, in attributes, tab and LF become character references, so no parser
/// normalises them away; what XML 1.0 does not allow (C0 controls other than
/// tab, LF and CR, U+FFFE, U+FFFF) and invalid UTF-8 become U+FFFD.
/// Defined in junit.cpp.
std::string escape_xml(std::string_view text, bool attribute);

/// Where a finding is, as CI annotations want it: 1-based lines, 1-based
/// byte columns, the end exclusive. A range that ends just after a line
/// break ends on the line before, past its last byte, so `end_line` is the
/// last line the range really covers.
struct LineSpan {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::uint32_t end_line = 1;
  std::uint32_t end_column = 1;
};

inline LineSpan line_span(const model::SourceFile& file, const model::Range& range) {
  const auto begin = file.position(range.begin);
  auto end = file.position(range.end < range.begin ? range.begin : range.end);
  if (end.line > begin.line && end.column == 1) {
    --end.line;
    end.column = static_cast<std::uint32_t>(file.lines().line_text(file.text(), end.line).size() + 1);
  }
  return {begin.line, begin.column, end.line, end.column};
}

} // namespace claudelint::report
