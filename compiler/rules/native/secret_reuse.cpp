// `secret-reused-across-environments`: one key value in two environments
// (a production key copied into staging's .env) means a leak of the weaker
// environment is a production leak, and rotating one breaks the other. Values
// are compared by their salted fingerprints; neither is ever shown.
#include <fmt/format.h>

#include "rules/native/registry.h"

namespace claudelint::rules::native {

void check_secret_reused(const TreeContext& context, std::vector<TreeFinding>& out) {
  const auto& environments = context.environments;
  for (std::size_t later = 0; later < environments.size(); ++later) {
    for (auto it = environments[later].secret_values.begin(); it != environments[later].secret_values.end(); ++it) {
      const compile::SecretValue& value = it->second;
      if (!value.origin.file) continue;
      // The first earlier environment with the same value written elsewhere.
      for (std::size_t earlier = 0; earlier < later; ++earlier) {
        const compile::SecretValue* match = nullptr;
        std::string match_name;
        for (auto other = environments[earlier].secret_values.begin();
             other != environments[earlier].secret_values.end() && !match; ++other) {
          const compile::Origin& o = other->second.origin;
          const bool same_place = o.file == value.origin.file && o.value.begin == value.origin.value.begin;
          if (other->second.fingerprint == value.fingerprint && !same_place && o.file) {
            match = &other->second;
            match_name = other->first;
          }
        }
        if (!match) continue;
        TreeFinding finding;
        finding.file = *value.origin.file;
        finding.environment = environments[later].name;
        finding.finding.range = value.origin.value;
        finding.finding.fields["name"] = it->first;
        finding.finding.fields["environment"] = environments[later].name;
        finding.finding.fields["other_environment"] = environments[earlier].name;
        finding.finding.fields["other_name"] = match_name;
        finding.finding.related.push_back(
            {{*match->origin.file, match->origin.value.begin, match->origin.value.end},
             fmt::format("the same value, as {} in {}", match_name, environments[earlier].name)});
        out.push_back(std::move(finding));
        break;
      }
    }
  }
}

} // namespace claudelint::rules::native
