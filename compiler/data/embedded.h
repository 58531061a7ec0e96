#pragma once
// The data files built into the binary: schemas/ and the built-in rule pack rules/.
#include <span>
#include <string_view>

namespace claudelint::data {

/// One embedded file: its path relative to the repository root
/// (`schemas/config/client.schema.json`), its bytes and, for a JSON file
/// that is a schema, its `$id` (draft 4: `id`), read at build time; else "".
struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
  std::string_view id;
};

/// Every embedded file, sorted by path.
std::span<const EmbeddedFile> files();

/// The built-in rule files as values, read and checked at build time by
/// `claudelint_rule_compiler` (compiler/rules/rule_compiler.cpp): a JSON
/// array of `[path, value]` pairs, so that a run parses 80-odd rule files as
/// one JSON text instead of as YAML with a syntax tree each (that was two
/// thirds of checking one small file). Empty in the rule compiler itself,
/// which reads the YAML.
std::string_view builtin_rule_values();

} // namespace claudelint::data
