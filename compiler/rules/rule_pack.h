#pragma once
// Reading rules: the built-in pack embedded from rules/, and users' packs
// from files. Each rule file is validated against schemas/rule.schema.json
// with positions, then read into a Rule; a regex or inline schema that
// cannot be used is a positioned finding too, never a silent no-op.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/source_file.h"
#include "rules/rule.h"
#include "schema/registry.h"

namespace claudelint::rules {

/// The rule id for a broken rule file.
inline const model::RuleId invalid_rule{"CL0015", "invalid-rule"};

/// Reads one rule file already added to `sources`; appends the rule to
/// `pack` when it is usable, findings to `diagnostics` otherwise.
void load_rule_file(model::FileId file, model::SourceManager& sources, const schema::Registry& registry,
                    RulePack& pack, std::vector<model::Diagnostic>& diagnostics);

/// The built-in pack (rules/**/*.yaml embedded in the binary), read from
/// the values the build's rule compiler checked (data::builtin_rule_values),
/// or from the YAML where there are none. Throws InternalError when it is
/// broken: the build and the tests keep that from shipping.
const RulePack& builtin_pack();

/// Reads and checks every built-in rule file from its YAML, as a run reads a
/// user's rule file: `[path, value]` pairs in path order. Throws
/// InternalError listing every problem. What the rule compiler embeds.
nlohmann::json read_builtin_rule_files();

/// The rule files `path` stands for: itself when it is a file, else every
/// `*.yaml`/`*.yml` file under it outside `fixtures/` folders (sorted);
/// nullopt when it is neither a file nor a folder.
std::optional<std::vector<std::filesystem::path>> rule_pack_files(const std::filesystem::path& path);

/// `rule_pack_files` condensed to one string, as noted for `check --cache`.
std::string rule_pack_state(const std::optional<std::vector<std::filesystem::path>>& files);

/// Adds every `*.yaml` rule file under `path` (a file or folder) to `pack`;
/// a `fixtures/` folder inside it holds test trees and is skipped.
void load_rule_pack(const std::filesystem::path& path, const std::filesystem::path& cwd,
                    model::SourceManager& sources, const schema::Registry& registry, RulePack& pack,
                    std::vector<model::Diagnostic>& diagnostics);

} // namespace claudelint::rules
