#pragma once
// The engine's own wording of a violation: one sentence, no trailing
// period, built from the failing keyword, its value in the bundled schema
// and (when known) the offending instance value.
#include <string>

#include <nlohmann/json.hpp>

namespace claudelint::schema {

/// A message for `keyword` failing at the instance location `pointer`.
/// `schema` is the subschema holding the keyword (or null), `value` the
/// instance value (or null, when values must not be quoted), `detail` the
/// evaluator's raw text.
std::string describe(const std::string& keyword, const std::string& pointer, const nlohmann::json* schema,
                     const nlohmann::json* value, const std::string& detail);

/// A JSON value shortened for a message (`"abc"`, `42`, `an object`).
std::string show_value(const nlohmann::json& value);

/// Up to eight values for a message (`"1.2", "1.3"`), then how many in all.
std::string list_values(const nlohmann::json& values);

} // namespace claudelint::schema
