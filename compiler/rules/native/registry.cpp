#include "rules/native/registry.h"

#include <array>
#include <utility>

namespace claudelint::rules::native {

const Check* find(std::string_view name) {
  static const std::array<std::pair<std::string_view, Check>, 3> checks = {{
      {"valid-cidr", check_valid_cidr},
      {"timeout-within-critical", check_timeout_within_critical},
      {"placeholder", check_placeholder},
  }};
  for (const auto& [key, check] : checks)
    if (key == name) return &check;
  return nullptr;
}

} // namespace claudelint::rules::native
