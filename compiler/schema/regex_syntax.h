#pragma once
// The `regex` format: whether a string is a valid ECMA-262 regular
// expression (the 2018+ grammar in Unicode mode, as JSON Schema specifies).
#include <string>

namespace claudelint::schema {

/// Checks syntax only: groups, quantifiers, escapes, classes, named groups,
/// lookbehind, back-references to existing groups.
bool is_ecmascript_regex(const std::u32string& pattern);

} // namespace claudelint::schema
