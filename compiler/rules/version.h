#pragma once
// How the version assertions read a value: "1.3", "TLSv1.2", "v2" or 1.2
// (everything from the first digit on, digits and dots only).
#include <vector>

#include <nlohmann/json.hpp>

namespace claudelint::rules {

/// The numeric components of a version; empty when `value` is not one.
std::vector<long> version_parts(const nlohmann::json& value);

/// -1, 0 or 1; missing trailing components count as 0 (1.2 == 1.2.0).
int compare_versions(std::vector<long> a, std::vector<long> b);

} // namespace claudelint::rules
