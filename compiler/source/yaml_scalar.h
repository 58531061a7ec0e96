#pragma once
// YAML 1.2 core-schema resolution of plain scalars, and the YAML 1.1
// readings that differ from it (the classic `yes`/`0755` traps).
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace claudelint::source::yaml {

/// Resolves an untagged plain scalar by the YAML 1.2 core schema:
/// null, bool, int (decimal, 0o octal, 0x hex), float (incl. .inf/.nan), else string.
nlohmann::json resolve_plain(std::string_view text);

/// Resolves a scalar with an explicit standard tag (`tag:yaml.org,2002:int` …).
/// Returns nullopt when the text is not valid for the tag.
std::optional<nlohmann::json> resolve_tagged(std::string_view tag, std::string_view text);

/// When a plain scalar reads differently under YAML 1.1 (which many tools
/// still use) than under YAML 1.2, explains how; nullopt otherwise.
std::optional<std::string> yaml11_difference(std::string_view text);

} // namespace claudelint::source::yaml
