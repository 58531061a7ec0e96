#pragma once
// Checks the rule vocabulary cannot express, callable from rule data as
// `assert: {native: <name>}`. One file per check; this list is the registry.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compile/compiled.h"

namespace claudelint::rules::native {

/// What a native check sees: the selected value, where it is, and the whole
/// environment (for cross-file checks).
struct Context {
  const nlohmann::json& value;
  const std::string& pointer;
  const compile::CompiledEnvironment& environment;
};

/// A failed check: what was expected, and optionally the other value it was
/// compared with (its pointer gives the finding a related location).
struct Failure {
  std::string expected;
  std::optional<std::string> other_pointer;
};

using Check = std::function<std::optional<Failure>(const Context&)>;

/// The check called `name`, or null.
const Check* find(std::string_view name);

// The checks, one file each.
std::optional<Failure> check_valid_cidr(const Context& context);
std::optional<Failure> check_timeout_within_critical(const Context& context);
std::optional<Failure> check_placeholder(const Context& context);

} // namespace claudelint::rules::native
