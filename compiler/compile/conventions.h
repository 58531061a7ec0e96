#pragma once
// The deployment guide's conventions, in one place: which names mean which
// environment, the promotion chain, the API-key suffix of each environment,
// and which section of the compiled document each built-in schema feeds.
// Used when a tree has no manifest, and by `claudelint init` to write one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace claudelint::compile {

/// An environment as the compiler knows it: canonical name, the other names
/// files may use for it, and the key-name suffixes it may use.
struct EnvironmentSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> key_suffixes;
  std::vector<std::string> extends; ///< manifest only
  std::vector<std::string> files;   ///< manifest only: globs

  bool answers_to(std::string_view candidate) const;
};

/// The guide's environments in promotion order (dev, staging, pre-prod,
/// production), followed by ci, which is outside the chain.
const std::vector<EnvironmentSpec>& conventional_environments();

/// The conventional environment a name stands for (`prod` → production,
/// `test` → staging), if any.
const EnvironmentSpec* conventional_environment(std::string_view name);

/// The section of the compiled document fed by a built-in schema `$id`
/// (client → config, rbac → access, dotenv → secrets …).
std::optional<std::string> section_for_schema(std::string_view schema_id);

/// The built-in schema `$id` a short name stands for (`client` →
/// https://claudelint.dev/schemas/config/client.schema.json).
std::optional<std::string> builtin_schema_id(std::string_view short_name);

/// True for a file that is a template by name (`.env.example`,
/// `config.sample.json`, `*.template`, `*.dist`): placeholders belong there.
bool is_template_file(std::string_view path);

/// Keys that describe a file rather than configure anything: `$schema`
/// and `x-…` (YAML anchor holders). They never reach a compiled document.
inline bool is_meta_key(std::string_view key) { return key == "$schema" || key.starts_with("x-"); }

/// Top-level keys of the compiled document that sections may not use.
bool is_reserved_section(std::string_view name);

} // namespace claudelint::compile
