#pragma once
#include <string>
#include <vector>

namespace claudelint::cli {

/// `claudelint [check] [OPTIONS] [PATHS...]`; returns the process exit code.
int command_check(const std::vector<std::string>& args);

} // namespace claudelint::cli
