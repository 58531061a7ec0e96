#include "rules/rule.h"

#include <algorithm>

namespace claudelint::rules {

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
