#pragma once
#include <string_view>

namespace claudelint::source {

/// The syntaxes claudelint reads. `json` is strict (RFC 8259); `jsonc`
/// allows comments and, with a warning, trailing commas. `key` is private key
/// or certificate material (`*.pem`, `*.key`, `id_rsa` …): never parsed or
/// shown, only checked for its mode and for being tracked by git.
enum class FileKind { json, jsonc, yaml, dotenv, shell, key, unknown };

std::string_view to_string(FileKind kind);

/// Classifies a path by its file name: `*.json`, `*.jsonc`, `*.yaml`/`*.yml`,
/// `.env`/`.env.*`/`*.env`, `*.sh`/`*.bash`, key files. Everything else is
/// `unknown`.
FileKind classify(std::string_view path);

/// True when a file's first line is a `sh`/`bash`/`dash`/`ksh`/`zsh`
/// shebang (`#!/bin/bash`, `#!/usr/bin/env bash -e`): an extensionless
/// script is a shell file.
bool has_shell_shebang(std::string_view first_bytes);

} // namespace claudelint::source
