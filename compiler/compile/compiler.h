#pragma once
// Compiles each environment of a tree into one normalized document with the
// provenance of every value: layers merged in order (shared files, extended
// environments, the environment's own files), sections filled from the
// schema each file follows, secrets reduced to names, units normalized and
// schema defaults filled in. Shape: docs/compiled-environment.md.
#include <set>
#include <utility>
#include <vector>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/diagnostic.h"
#include "model/source_file.h"
#include "schema/registry.h"

namespace claudelint::compile {

struct CompileInput {
  const std::vector<InputFile>& files; ///< in FileId order, as the driver loads them
  /// The input file with id `file`, or null: a binary search (a run has
  /// thousands of files and compiles each of thousands of environments).
  const InputFile* find(model::FileId file) const;
  const model::SourceManager& sources;
  const schema::Registry& registry;
  /// (file, source pointer) of values with schema findings; see normalize.h.
  const std::set<std::pair<model::FileId, std::string>>& schema_findings;
};

/// Compiles every environment of `tree`, in promotion order, and appends
/// findings (layer type conflicts, malformed units) to `diagnostics`.
std::vector<CompiledEnvironment> compile_tree(const Tree& tree, const CompileInput& input,
                                              std::vector<model::Diagnostic>& diagnostics);

/// The layers of one environment, in the order they apply, for `envs` and
/// `explain-value`: (file role, layer name).
std::vector<std::pair<const FileRole*, std::string>> environment_layers(const Tree& tree,
                                                                       const EnvironmentSpec& environment);

/// True when a key name suggests its value is a credential (token, key,
/// secret, password, webhook …): such values are never printed.
bool is_sensitive_pointer(std::string_view pointer);

/// `value` (found at `pointer`) with every string under a credential-like
/// key replaced by "<redacted>", unless it is only `${NAME}` references,
/// optionally after a plain URL prefix. What any output may show of a
/// compiled value.
nlohmann::json redact_credentials(const nlohmann::json& value, const std::string& pointer = "");

} // namespace claudelint::compile
