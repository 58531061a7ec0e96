#include "driver/driver.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "compile/compiler.h"
#include "compile/parity.h"
#include "compile/pattern.h"
#include "driver/baseline.h"
#include "driver/schema_stage.h"
#include "source/suppressions.h"
#include "rules/engine.h"
#include "rules/rule_pack.h"
#include "source/discover.h"
#include "source/loader.h"
#include "source/syntax_rules.h"

namespace claudelint::driver {

namespace fs = std::filesystem;
using model::Severity;

namespace {

/// Reads a whole file; nullopt with `error` set when it cannot be read.
std::optional<std::string> read_file(const fs::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return std::move(buffer).str();
}

} // namespace

/// Loads one found file into `result` (diagnostics included).
void check_file(const source::FoundFile& found, const Options& options, RunResult& result) {
  ++result.files_checked;
  std::error_code ec;
  const auto size = fs::file_size(found.path, ec);
  if (!ec && size > options.limits.max_file_bytes) {
    const auto id = result.sources.add(found.display, "");
    auto d = source::make_diagnostic(
        source::rule::file_too_large, Severity::error, id, 0, 0,
        fmt::format("file is {} bytes, over the {}-byte limit; it was not checked", size,
                    options.limits.max_file_bytes));
    d.help = "split the file, or raise the limit with --max-file-size";
    result.diagnostics.push_back(std::move(d));
    return;
  }
  std::string error;
  auto text = read_file(found.path, error);
  if (!text) {
    const auto id = result.sources.add(found.display, "");
    result.diagnostics.push_back(source::make_diagnostic(source::rule::unreadable_file, Severity::error, id,
                                                         0, 0, fmt::format("{}; it was not checked", error)));
    return;
  }
  const auto id = result.sources.add(found.display, std::move(*text));
  auto loaded = source::load(result.sources.file(id), id, found.kind, options.limits);
  result.sources.file(id).set_redactions(std::move(loaded.sensitive));
  result.diagnostics.insert(result.diagnostics.end(), std::make_move_iterator(loaded.diagnostics.begin()),
                            std::make_move_iterator(loaded.diagnostics.end()));
  result.files.push_back({id, found.kind, std::move(loaded.documents), std::move(loaded.comments)});
  compile::InputFile input;
  input.file = id;
  input.path = found.display;
  input.kind = found.kind;
  if (const auto status = fs::status(found.path, ec); !ec)
    input.mode = static_cast<unsigned>(status.permissions() & fs::perms::mask);
  result.inputs.push_back(std::move(input));
}

namespace {

/// The folders the walk started from, as display paths (a file argument
/// stands for its folder).
std::vector<std::string> scan_roots(const Options& options) {
  std::vector<std::string> roots;
  for (const auto& path : options.paths) {
    std::error_code ec;
    const bool directory = fs::is_directory(path, ec);
    const fs::path folder = directory ? fs::path(path) : fs::path(path).parent_path();
    std::string display = source::display_path(folder.empty() ? fs::path(".") : folder, options.cwd);
    if (display.empty()) display = ".";
    roots.push_back(std::move(display));
  }
  return roots;
}

/// Compiles every tree's environments and checks parity.
void compile_environments(const Options& options, RunResult& result, const schema::Registry& registry) {
  std::set<std::pair<model::FileId, std::string>> schema_findings;
  for (const auto& d : result.diagnostics)
    if (d.pointer && d.rule.code.starts_with("CL1")) schema_findings.emplace(d.range.file, *d.pointer);
  const compile::CompileInput input{result.inputs, result.sources, registry, schema_findings};
  rules::RulePack pack;
  if (options.rules) {
    pack = rules::builtin_pack();
    for (const auto& path : options.rule_packs)
      rules::load_rule_pack(path, options.cwd, result.sources, registry, pack, result.diagnostics);
  }
  for (const auto& tree : result.workspace.trees) {
    auto environments = compile::compile_tree(tree, input, result.diagnostics);
    compile::check_parity(tree, environments, result.diagnostics);
    if (options.rules) {
      rules::RuleSettings settings;
      for (const auto& file : result.files) {
        if (!tree.manifest || file.file != *tree.manifest) continue;
        if (!file.documents.empty() && file.documents.front().value.is_object())
          settings = rules::settings_from_manifest(file.documents.front().value.value("rules", nlohmann::json::object()));
      }
      for (const auto& [rule, severity] : options.rule_severities) settings.severity[rule] = rules::parse_severity(severity);
      if (tree.rule_packs.empty()) {
        rules::evaluate(pack, settings, tree, environments, result.diagnostics, &schema_findings);
      } else { // the tree's own packs join the run's
        rules::RulePack own = pack;
        for (const auto& path : tree.rule_packs)
          rules::load_rule_pack(path, options.cwd, result.sources, registry, own, result.diagnostics);
        rules::evaluate(own, settings, tree, environments, result.diagnostics, &schema_findings);
      }
    }
    result.environments.push_back(std::move(environments));
  }
}

} // namespace

/// The manifests' `ignore:` entries, for files a comment cannot annotate.
void apply_manifest_ignores(RunResult& result) {
  for (const auto& tree : result.workspace.trees) {
    if (tree.ignores.empty() || !tree.manifest) continue;
    std::vector<bool> used(tree.ignores.size(), false);
    std::vector<model::Diagnostic> kept;
    for (auto& d : result.diagnostics) {
      const auto relative = compile::relative_to(result.sources.file(d.range.file).path(), tree.root);
      bool silenced = false;
      for (std::size_t i = 0; relative && i < tree.ignores.size(); ++i) {
        const auto& spec = tree.ignores[i];
        const auto listed = [&](const std::vector<std::string>& list, const std::string& value) {
          return std::find(list.begin(), list.end(), value) != list.end();
        };
        if (!listed(spec.rules, d.rule.code) && !listed(spec.rules, d.rule.name)) continue;
        if (!spec.environments.empty() && (!d.environment || !listed(spec.environments, *d.environment))) continue;
        if (std::none_of(spec.globs.begin(), spec.globs.end(),
                         [&](const std::string& glob) { return compile::match_pattern(glob, *relative); }))
          continue;
        used[i] = silenced = true;
      }
      if (silenced) result.suppressed.push_back(std::move(d));
      else kept.push_back(std::move(d));
    }
    result.diagnostics = std::move(kept);
    for (std::size_t i = 0; i < tree.ignores.size(); ++i) {
      if (used[i]) continue;
      const model::Document* manifest = nullptr;
      for (const auto& checked : result.files)
        if (checked.file == *tree.manifest && !checked.documents.empty()) manifest = &checked.documents.front();
      const auto* span = manifest ? manifest->map.find(tree.ignores[i].pointer) : nullptr;
      const model::ByteRange at = span ? span->value : model::ByteRange{};
      auto d = source::make_diagnostic(source::rule::unused_suppression, Severity::warning, *tree.manifest, at.begin,
                                       at.end, "this ignore entry silences nothing");
      d.help = "remove it, or fix its files, rules or environments";
      result.diagnostics.push_back(std::move(d));
    }
  }
}

RunResult run(const Options& options) {
  RunResult result;
  const auto discovery = source::discover(options.paths, options.cwd);
  // FileIds are handed out in display-path order, so sorting diagnostics by
  // FileId sorts them by path.
  auto file = discovery.files.begin();
  auto skipped = discovery.skipped.begin();
  while (file != discovery.files.end() || skipped != discovery.skipped.end()) {
    if (skipped == discovery.skipped.end() || (file != discovery.files.end() && file->display < skipped->display)) {
      check_file(*file++, options, result);
      continue;
    }
    const auto id = result.sources.add(skipped->display, "");
    result.diagnostics.push_back(source::make_diagnostic(source::rule::skipped_path, Severity::info, id, 0, 0,
                                                         fmt::format("skipped: {}", skipped->reason)));
    ++skipped;
  }
  for (std::size_t i = 0; i < result.files.size(); ++i) result.inputs[i].documents = &result.files[i].documents;
  if (options.compile) {
    result.workspace = compile::plan_workspace(result.inputs, scan_roots(options), options.cwd);
    result.diagnostics.insert(result.diagnostics.end(), result.workspace.diagnostics.begin(),
                              result.workspace.diagnostics.end());
  }
  // The manifests' ref_maps serve remote $refs like --ref-map does.
  Options with_maps = options;
  for (const auto& tree : result.workspace.trees)
    for (const auto& map : tree.ref_maps) with_maps.schemas.ref_maps.push_back(map);
  const schema::Registry registry = make_registry(with_maps);
  validate_schemas(options, registry, result);
  if (options.compile) compile_environments(options, result, registry);
  model::sort_and_deduplicate(result.diagnostics);
  std::vector<source::Suppression> suppressions;
  for (const auto& checked : result.files) {
    auto found =
        source::parse_suppressions(result.sources.file(checked.file), checked.file, checked.comments, result.diagnostics);
    suppressions.insert(suppressions.end(), found.begin(), found.end());
  }
  source::apply_suppressions(suppressions, result.sources, result.diagnostics, result.suppressed);
  apply_manifest_ignores(result);
  model::sort_and_deduplicate(result.diagnostics);
  const fs::path baseline_path = options.baseline ? (options.baseline->is_absolute() ? *options.baseline : options.cwd / *options.baseline) : fs::path();
  const BaselineLocation where{baseline_path.parent_path().lexically_normal(), options.cwd};
  if (options.baseline && options.update_baseline) {
    write_baseline(baseline_path, result.diagnostics, result.sources, where);
  } else if (options.baseline) {
    const auto accepted = read_baseline(baseline_path);
    const auto before = result.diagnostics.size();
    std::erase_if(result.diagnostics,
                  [&](const model::Diagnostic& d) { return accepted.contains(fingerprint(d, result.sources, where)); });
    result.baselined = before - result.diagnostics.size();
  }
  model::sort_and_deduplicate(result.diagnostics);
  return result;
}

} // namespace claudelint::driver
