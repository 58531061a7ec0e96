#pragma once
#include <string>
#include <vector>

namespace claudelint::cli {

/// `claudelint [check] [OPTIONS] [PATHS...]`; returns the process exit code.
int command_check(const std::vector<std::string>& args);

/// `claudelint validate --schema SCHEMA FILES...`; returns the exit code.
int command_validate(const std::vector<std::string>& args);

} // namespace claudelint::cli
