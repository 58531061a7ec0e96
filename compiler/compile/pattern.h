#pragma once
// Matching of '/'-separated patterns, shared by file globs in the manifest
// (`configs/*.json`, `services/**/deployment.yaml`) and JSON Pointer patterns
// (`/deployment/instances/*/count`, `/secrets/**`).
#include <string_view>

namespace claudelint::compile {

/// True when `subject` matches `pattern`, segment by segment: `**` as a whole
/// segment matches any number of segments (zero included), `*` matches any
/// run of characters within a segment and `?` one character; everything else
/// is literal. Leading slashes must agree (pointers start with one, paths not).
bool match_pattern(std::string_view pattern, std::string_view subject);

/// True when the pattern has no wildcard, so it names exactly one subject.
bool is_literal_pattern(std::string_view pattern);

} // namespace claudelint::compile
