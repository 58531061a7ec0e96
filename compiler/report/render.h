#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/diagnostic.h"
#include "model/source_file.h"

namespace claudelint::report {

/// One rule as report formats describe it (SARIF's reportingDescriptor, the
/// HTML report's legend): every policy rule of the run and every finding
/// claudelint emits itself (CL0xxx loading, CL1xxx schema, CL6xxx environments).
struct RuleInfo {
  std::string id;          ///< CL2001
  std::string name;        ///< plain-http-endpoint
  std::string title;       ///< one line
  std::string description; ///< why it matters (a paragraph)
  std::string help;        ///< how to fix, one sentence
  std::string help_uri;    ///< its documentation page
  model::Severity default_severity = model::Severity::error;
};

/// One config tree's compiled environments, for reports that show them
/// side by side (the HTML environment matrix).
struct TreeView {
  const compile::Tree* tree = nullptr;
  const std::vector<compile::CompiledEnvironment>* environments = nullptr;
};

/// What every renderer takes: sorted diagnostics and the sources they point
/// into; the richer formats use the optional parts.
struct RenderInput {
  const std::vector<model::Diagnostic>& diagnostics;
  const model::SourceManager& sources;
  std::size_t files_checked = 0;
  /// Findings silenced by an inline `claudelint: disable=` comment (SARIF
  /// reports them with a suppression), sorted.
  const std::vector<model::Diagnostic>* suppressed = nullptr;
  /// The stable fingerprint (the baseline's) of each diagnostic and of each
  /// suppressed one, index for index.
  const std::vector<std::string>* fingerprints = nullptr;
  const std::vector<std::string>* suppressed_fingerprints = nullptr;
  /// Findings silenced by the manifest's `ignore:` entries, and theirs.
  const std::vector<model::Diagnostic>* ignored = nullptr;
  const std::vector<std::string>* ignored_fingerprints = nullptr;
  /// Every rule of the run, sorted by id.
  const std::vector<RuleInfo>* rules = nullptr;
  /// The compiled trees (HTML matrix).
  const std::vector<TreeView>* trees = nullptr;
  /// The exit code the run ends with (SARIF invocations).
  int exit_code = 0;
  /// Threads a format may use (--jobs); the output never depends on it.
  unsigned jobs = 1;
  /// `--shard I/N`: the text summary says the run checked one slice.
  std::optional<compile::Shard> shard{};
};

struct TextOptions {
  bool color = false;
  bool quiet = false; ///< errors only
};

/// What the summary line of a sharded run adds: " (shard I/N)", else "".
std::string shard_suffix(const RenderInput& input);

/// Compiler-style text: `path:line:col: severity[rule]: message`, the source
/// line with the range underlined, notes and help, then a summary line.
std::string render_text(const RenderInput& input, const TextOptions& options);

/// The versioned JSON contract documented in docs/output-json.md.
std::string render_json(const RenderInput& input);
/// The same, handed to `write` in parts as it is made, so that a large
/// report is never held whole.
void render_json(const RenderInput& input, const std::function<void(std::string_view)>& write);

/// SARIF 2.1.0 for code-scanning dashboards (docs/output-formats.md).
std::string render_sarif(const RenderInput& input);

/// JUnit XML for CI test reports.
std::string render_junit(const RenderInput& input);

/// GitHub Actions workflow commands (`::error file=…::message`).
std::string render_github(const RenderInput& input);

/// GitLab Code Quality JSON.
std::string render_gitlab(const RenderInput& input);

/// One self-contained HTML page: findings by environment and rule, and the
/// environment matrix.
std::string render_html(const RenderInput& input);

} // namespace claudelint::report
