#include "rules/rule.h"

#include <algorithm>
#include <iterator>

namespace claudelint::rules {

const std::string_view assertion_kind_names[20] = {
    "exists",     "absent",     "truthy",  "falsy",       "equals",           "not_equals",      "one_of",
    "not_one_of", "matches",    "not_matches", "version_at_least", "version_at_most", "compare", "count",
    "unique",     "subset_of",  "contains", "non_empty",  "schema",           "native"};

static_assert(static_cast<std::size_t>(AssertionKind::native) + 1 == std::size(assertion_kind_names));

std::optional<AssertionKind> assertion_kind_named(std::string_view name) {
  for (std::size_t i = 0; i < std::size(assertion_kind_names); ++i)
    if (assertion_kind_names[i] == name) return static_cast<AssertionKind>(i);
  return std::nullopt;
}

std::optional<model::Severity> Rule::severity_in(const std::string& environment) const {
  if (const auto it = severity_by_environment.find(environment); it != severity_by_environment.end()) return it->second;
  return default_severity;
}

bool Rule::applies_to(const std::string& environment) const {
  return environments.empty() || std::find(environments.begin(), environments.end(), environment) != environments.end();
}

const Rule* RulePack::find(std::string_view id_or_name) const {
  for (const auto& rule : rules)
    if (rule.id == id_or_name || rule.name == id_or_name) return &rule;
  return nullptr;
}

std::optional<model::Severity> parse_severity(std::string_view text) {
  if (text == "error") return model::Severity::error;
  if (text == "warning") return model::Severity::warning;
  if (text == "info") return model::Severity::info;
  return std::nullopt;
}

} // namespace claudelint::rules
