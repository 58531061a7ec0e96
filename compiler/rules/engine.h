#pragma once
// Runs a rule pack over the compiled environments of a tree. A finding lands
// at the selected value's origin in its source file (docs/compiled-environment.md,
// "Provenance"), carries the environment and the compiled pointer, and is
// never worded with a credential's value.
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/diagnostic.h"
#include "model/source_file.h"
#include "rules/native/registry.h"
#include "rules/rule.h"
#include "rules/selection.h"

namespace claudelint::rules {

/// Time spent per rule id, for `--stats`.
using RuleTimes = std::map<std::string, std::chrono::nanoseconds>;

/// Severity overrides and scoping from the manifest and the command line.
struct RuleSettings {
  /// id or name → severity (nullopt: off).
  std::map<std::string, std::optional<model::Severity>> severity;
  /// id or name → environments it is limited to.
  std::map<std::string, std::vector<std::string>> environments;
  /// When set, each rule's evaluation time is added here.
  RuleTimes* times = nullptr;
  /// `--select`: when set, a rule it does not select is off.
  const Selection* selection = nullptr;
};

/// Evaluates every rule of `pack` over `environments` (one tree's, in
/// promotion order) and appends the findings. `sources` holds the files the
/// environments' provenance points into: a rule's `rewrite:` becomes a fix
/// editing their text.
/// `schema_findings` (file, source pointer) are values the schema already
/// reported: a rule says nothing more about them.
void evaluate(const RulePack& pack, const RuleSettings& settings, const compile::Tree& tree,
              const std::vector<compile::CompiledEnvironment>& environments, const model::SourceManager& sources,
              std::vector<model::Diagnostic>& out,
              const std::set<std::pair<model::FileId, std::string>>* schema_findings = nullptr);

/// Runs the pack's file rules (`scope: file`) over one file.
void evaluate_file(const RulePack& pack, const RuleSettings& settings, const native::FileContext& context,
                   std::vector<model::Diagnostic>& out);

/// Runs the pack's tree rules (`scope: tree`) over one tree's environments.
void evaluate_tree(const RulePack& pack, const RuleSettings& settings, const native::TreeContext& context,
                   std::vector<model::Diagnostic>& out);

/// The settings a manifest's `rules:` block gives: `CL2001: off`,
/// `plain-http-endpoint: warning`, `CL2002: {severity: error, environments: [production]}`.
RuleSettings settings_from_manifest(const nlohmann::json& rules);

} // namespace claudelint::rules
