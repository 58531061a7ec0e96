#pragma once
// The `format` keyword, asserted: one checker per format name the drafts
// define. Formats only constrain strings; unknown names are annotations.
#include <string_view>

namespace claudelint::schema {

/// Whether `format` names a format we check (`date-time`, `email`, …).
bool is_checked_format(std::string_view format);

/// Whether `value` is valid for the checked format `format`; true for
/// formats we do not check. `value` is UTF-8.
bool matches_format(std::string_view format, std::string_view value);

} // namespace claudelint::schema
