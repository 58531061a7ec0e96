#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace claudelint::source {

/// Scans JSON(C) text for bracket nesting deeper than `max_depth`, skipping
/// strings and comments, and returns the offset of the first bracket past the
/// limit. Run before any parser so no recursive code sees a hostile depth.
std::optional<std::size_t> find_excess_json_depth(std::string_view text, unsigned max_depth);

/// The same for YAML: a conservative estimate combining block indentation
/// levels, compact `- `/`? ` indicators and flow brackets on each line.
std::optional<std::size_t> find_excess_yaml_depth(std::string_view text, unsigned max_depth);

} // namespace claudelint::source
