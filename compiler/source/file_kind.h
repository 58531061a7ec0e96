#pragma once
#include <string_view>

namespace claudelint::source {

/// The syntaxes claudelint reads. `json` is strict (RFC 8259); `jsonc`
/// allows comments and, with a warning, trailing commas.
enum class FileKind { json, jsonc, yaml, dotenv, shell, unknown };

std::string_view to_string(FileKind kind);

/// Classifies a path by its file name: `*.json`, `*.jsonc`, `*.yaml`/`*.yml`,
/// `.env`/`.env.*`/`*.env`, `*.sh`/`*.bash`. Everything else is `unknown`.
FileKind classify(std::string_view path);

} // namespace claudelint::source
