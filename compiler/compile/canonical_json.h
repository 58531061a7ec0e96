#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace claudelint::compile {

/// The RFC 8785 JSON Canonicalization Scheme (JCS) text of `value`: no
/// whitespace; object members sorted by the UTF-16 code units of their keys
/// (not by UTF-8 bytes); strings escaped as ECMAScript's JSON.stringify does
/// (\b \t \n \f \r \" \\, other controls as lowercase \u00xx, everything else
/// literal UTF-8); numbers as ECMAScript's Number::toString. JCS numbers are
/// IEEE-754 doubles, so an integer stored as int64/uint64 is converted to the
/// nearest double first: beyond 2^53 it may print differently from its digits.
/// This compact form is the one to hash or compare byte for byte.
/// Throws InternalError for NaN, infinities, binary values and strings or
/// keys that are not valid UTF-8, none of which our loaders produce.
std::string canonical_json(const nlohmann::json& value);

/// The same value with the same member order, number and string forms as
/// canonical_json, laid out for people: two-space indentation, one array
/// element or object member per line, `"key": value`, empty containers as
/// `[]`/`{}`, and a trailing newline (ECMAScript's JSON.stringify(v, null, 2)
/// of the canonical value, plus "\n"). For committed artifacts that are
/// reviewed in diffs; it is not JCS, so hash canonical_json instead.
std::string canonical_json_pretty(const nlohmann::json& value);

} // namespace claudelint::compile
