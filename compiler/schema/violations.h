#pragma once
// valijson's error list, with the entries our constraint adds to it, turned
// into Violations: the keyword comes from valijson's wording (or our entry),
// the subschema from the end-of-subschema markers, and errors that only say
// "a subschema below failed" are dropped when something below says what.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/validation_results.hpp>

#include "schema/engine.h"
#include "schema/view.h"

namespace claudelint::schema {

/// The entry that ends the subschema of `nodes[node]` (pushed only while
/// errors are collected).
std::string marker_entry(std::size_t node);

/// An error of our own at the entry's context; its subschema is found later.
std::string error_entry(std::string_view keyword, std::string_view message);

/// A finished violation, passed through as it is.
std::string violation_entry(const Violation& violation);

/// valijson's context (`<root>`, `[security]`, `[0]`) as an RFC 6901 pointer.
std::string to_pointer(const std::vector<std::string>& context);

/// The violations `results` describes. `bundled` and `instance` (each may be
/// null) supply the keyword values and instance values messages quote.
std::vector<Violation> to_violations(const valijson::ValidationResults& results, const std::vector<SchemaNode>& nodes,
                                     const nlohmann::json* bundled, const nlohmann::json* instance);

} // namespace claudelint::schema
