#pragma once
// `given` patterns: JSON Pointers whose `*` segments match every key or
// index there. Each match keeps what its `*`s matched ($1, $2 …).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace claudelint::rules {

struct Match {
  std::string pointer;                 ///< the concrete pointer
  const nlohmann::json* value = nullptr; ///< null when the last literal segments are absent
  std::vector<std::string> captures;   ///< what each `*` matched, unescaped
};

/// Every match of `pattern` in `document`. Wildcards expand over what
/// exists; when literal segments after the last expansion are absent, one
/// match with a null value stands for the missing value (so `exists` can
/// report it). Sorted by pointer.
std::vector<Match> select(const nlohmann::json& document, const std::string& pattern);

/// `pattern` with `$1`, `$2` … replaced by the captures (escaped as pointer
/// tokens when `as_pointer`).
std::string substitute(const std::string& pattern, const std::vector<std::string>& captures, bool as_pointer);

} // namespace claudelint::rules
