#include "driver/driver.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "compile/compiler.h"
#include "compile/parity.h"
#include "compile/pattern.h"
#include "driver/baseline.h"
#include "driver/git.h"
#include "driver/rule_selection.h"
#include "support/parallel.h"
#include "secrets/mask.h"
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

/// `ranges` sorted, with overlapping and touching ranges merged.
std::vector<model::ByteRange> merged(std::vector<model::ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const auto& a, const auto& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  std::vector<model::ByteRange> out;
  for (const auto& r : ranges) {
    if (!out.empty() && r.begin <= out.back().end) out.back().end = std::max(out.back().end, r.end);
    else out.push_back(r);
  }
  return out;
}

} // namespace

namespace {

/// The buffers by display path.
using BufferTexts = std::map<std::string, const Options::Buffer*>;

/// One file as a reader thread leaves it, before it joins the run.
struct ReadResult {
  std::optional<model::SourceFile> source;
  std::vector<model::Diagnostic> diagnostics;
  std::optional<CheckedFile> checked; ///< absent when the file could not be read
};

/// Reads one found file from disk: its bytes (unless over the size limit)
/// and its permission bits.
FileRead read_found(const source::FoundFile& found, const Options& options) {
  return {support::read_whole_file(found.path, options.limits.max_file_bytes)};
}

/// Reads one found file whose FileId will be `id` (unless `read` already
/// holds what reading gave), without parsing it. Runs on any thread: it
/// touches nothing shared.
ReadResult read_file(const source::FoundFile& found, model::FileId id, const Options& options,
                     const BufferTexts& buffers, FileRead* read) {
  ReadResult out;
  const auto buffered = buffers.find(found.display);
  const bool buffer = buffered != buffers.end();
  FileRead disk;
  if (!buffer) disk = read ? std::move(*read) : read_found(found, options);
  if (disk.content.too_large) {
    out.source.emplace(found.display, "");
    auto d = source::make_diagnostic(
        source::rule::file_too_large, Severity::error, id, 0, 0,
        fmt::format("file is {} bytes, over the {}-byte limit; it was not checked", *disk.content.too_large,
                    options.limits.max_file_bytes));
    d.help = "split the file, or raise the limit with --max-file-size";
    out.diagnostics.push_back(std::move(d));
    return out;
  }
  auto text = buffer ? std::optional<std::string>(buffered->second->text) : std::move(disk.content.bytes);
  if (!text) {
    out.source.emplace(found.display, "");
    auto d = source::make_diagnostic(source::rule::unreadable_file, Severity::error, id, 0, 0,
                                     fmt::format("{}; it was not checked", disk.content.error));
    d.help = disk.content.error.starts_with("not a regular file")
                 ? "only regular files are checked: replace it with one, or move it out of the checked tree"
                 : "make the file readable by the user running claudelint, or move it out of the checked tree";
    out.diagnostics.push_back(std::move(d));
    return out;
  }
  out.source.emplace(found.display, std::move(*text));
  out.checked = CheckedFile{id, found.kind, {}, {}, {}, buffer ? std::nullopt : std::optional<fs::path>(found.path),
                            disk.content.mode};
  return out;
}

/// Reads every found file (in parallel) into `result`, adding sources in
/// display-path order, interleaved with the skipped paths, so that FileIds
/// — and with them the order of findings — never depend on scheduling.
/// Parsing comes later (FileParser). `reads`, when given, holds each
/// discovery.files entry as already read.
void read_files(const source::Discovery& discovery, const Options& options, const BufferTexts& buffers,
                std::vector<FileRead>* reads, RunResult& result) {
  // The order of ids: files and skipped paths merged by display path.
  std::vector<std::pair<const source::FoundFile*, const source::SkippedPath*>> order;
  auto file = discovery.files.begin();
  auto skipped = discovery.skipped.begin();
  while (file != discovery.files.end() || skipped != discovery.skipped.end()) {
    if (skipped == discovery.skipped.end() || (file != discovery.files.end() && file->display < skipped->display))
      order.push_back({&*file++, nullptr});
    else
      order.push_back({nullptr, &*skipped++});
  }
  const auto first_id = static_cast<model::FileId>(result.sources.size());
  std::vector<ReadResult> loaded(order.size());
  support::parallel_for(order.size(), options.jobs, [&](std::size_t i) {
    if (const source::FoundFile* found = order[i].first) {
      FileRead* read = reads ? &(*reads)[static_cast<std::size_t>(found - discovery.files.data())] : nullptr;
      loaded[i] = read_file(*found, static_cast<model::FileId>(first_id + i), options, buffers, read);
    }
  });
  std::size_t total = result.diagnostics.size();
  for (const auto& one : loaded) total += one.diagnostics.size();
  result.diagnostics.reserve(total + discovery.skipped.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (const auto* skip = order[i].second) {
      const auto id = result.sources.add(skip->display, "");
      result.diagnostics.push_back(source::make_diagnostic(source::rule::skipped_path, Severity::info, id, 0, 0,
                                                           fmt::format("skipped: {}", skip->reason)));
      continue;
    }
    ++result.files_checked;
    ReadResult& one = loaded[i];
    result.sources.add(std::move(*one.source));
    model::move_append(result.diagnostics, one.diagnostics);
    if (!one.checked) continue;
    compile::InputFile input;
    input.file = one.checked->file;
    input.path = order[i].first->display;
    input.kind = one.checked->kind;
    input.mode = one.checked->mode;
    result.inputs.push_back(std::move(input));
    result.files.push_back(std::move(*one.checked));
  }
  for (std::size_t i = 0; i < result.files.size(); ++i) result.inputs[i].documents = &result.files[i].documents;
}

/// Parses the read files of a run, each once, when the run first needs it:
/// what the planner reads first, then the files no single tree owns, then
/// each tree's own files in that tree's task — so a tree's documents live
/// only while the tree is checked, not from loading to the end.
class FileParser {
public:
  FileParser(const Options& options, const BufferTexts& buffers, RunResult& result)
      : options_(options), buffers_(buffers), result_(result), parsed_(result.files.size(), 0) {}

  /// Parses result.files[i] unless it was, and returns what parsing found.
  /// Safe from any thread for different files.
  std::vector<model::Diagnostic> parse(std::size_t i) {
    if (parsed_[i]) return {};
    parsed_[i] = 1;
    CheckedFile& file = result_.files[i];
    model::SourceFile& source = result_.sources.file(file.file);
    const auto buffered = buffers_.find(source.path());
    source::SyntaxCache* syntax = buffered != buffers_.end() ? buffered->second->syntax.get() : nullptr;
    auto loaded = source::load(source, file.file, file.kind, options_.limits, syntax);
    // Literal secrets are found once, here, and never shown from now on.
    auto hits = secrets::scan_file(source, file.kind, loaded.documents);
    for (const auto& hit : hits) loaded.sensitive.push_back(hit.range);
    if (file.kind != source::FileKind::dotenv) secrets::mask_secrets(loaded.documents, hits, source.text());
    source.set_redactions(merged(std::move(loaded.sensitive)));
    file.documents = std::move(loaded.documents);
    file.comments = std::move(loaded.comments);
    file.secrets = std::move(hits);
    if (options_.progress) options_.progress(++done_, result_.files.size());
    return std::move(loaded.diagnostics);
  }

  /// Parses the files `select(i)` picks, in parallel, and appends their
  /// findings to result.diagnostics in file order.
  void parse_files(const std::function<bool(std::size_t)>& select) {
    const auto picked = support::parallel_pick(result_.files.size(), options_.jobs,
                                               [&](std::size_t i) { return !parsed_[i] && select(i); });
    std::vector<std::vector<model::Diagnostic>> per_file(picked.size());
    support::parallel_for(picked.size(), options_.jobs, [&](std::size_t k) { per_file[k] = parse(picked[k]); });
    model::move_append(result_.diagnostics, per_file);
  }

private:
  const Options& options_;
  const BufferTexts& buffers_;
  RunResult& result_;
  std::vector<char> parsed_; ///< not vector<bool>: threads set different elements
  std::atomic<std::size_t> done_{0};
};

/// Whether the planner may read result.files[i] before planning: a manifest,
/// or a JSON or YAML file whose top-level keys might all name environments
/// (conventional ones or any a manifest declares). The planner reads nothing
/// of the other files, so they are parsed later, tree by tree.
std::function<bool(std::size_t)> read_by_planner(const RunResult& result) {
  std::vector<compile::EnvironmentSpec> environments = compile::conventional_environments();
  for (std::size_t i = 0; i < result.files.size(); ++i)
    if (compile::is_manifest_path(result.inputs[i].path) && !result.files[i].documents.empty())
      for (auto& spec : compile::declared_environments(result.files[i].documents.front()))
        environments.push_back(std::move(spec));
  return [&result, environments = std::move(environments)](std::size_t i) {
    const auto names_environment = [&](std::string_view key) {
      return std::any_of(environments.begin(), environments.end(),
                         [&](const compile::EnvironmentSpec& spec) { return spec.answers_to(key); });
    };
    return compile::might_split_by_environment(result.sources.file(result.files[i].file).text(),
                                               result.files[i].kind, names_environment);
  };
}

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

/// Drops from `discovery` what is not in the slice `shard`, before anything
/// is loaded: the files and skipped paths whose shard unit (a whole config
/// tree, or a file outside every tree) hashes to another slice.
void keep_shard(const compile::Shard& shard, const Options& options, const BufferTexts& buffers,
                source::Discovery& discovery) {
  std::vector<compile::FoundPath> paths;
  paths.reserve(discovery.files.size());
  for (const auto& file : discovery.files) paths.push_back({file.display, file.kind});
  // Only a file whose content can move a unit is read here (a JSON or YAML
  // file outside every tree its path shows); too large to load, it is
  // taken to be split, which only ever merges units.
  const auto might_split = [&](std::size_t i) {
    const source::FoundFile& file = discovery.files[i];
    if (const auto buffer = buffers.find(file.display); buffer != buffers.end())
      return compile::might_split_by_environment(buffer->second->text, file.kind);
    const auto read = support::read_whole_file(file.path, options.limits.max_file_bytes);
    return !read.bytes || compile::might_split_by_environment(*read.bytes, file.kind);
  };
  const compile::ShardUnits units(paths, scan_roots(options), might_split);
  std::erase_if(discovery.files, [&](const source::FoundFile& file) { return !shard.holds(units.unit_of(file.display)); });
  std::erase_if(discovery.skipped,
                [&](const source::SkippedPath& skipped) { return !shard.holds(units.unit_of(skipped.display)); });
}

/// The run's rules: the built-in pack and the `--rule-pack`s.
rules::RulePack run_pack(const Options& options, RunResult& result, const schema::Registry& registry) {
  rules::RulePack pack = rules::builtin_pack();
  for (const auto& path : options.rule_packs)
    rules::load_rule_pack(path, options.cwd, result.sources, registry, pack, result.diagnostics);
  return pack;
}

/// The loaded file with id `file`, or null (result.files is in FileId order).
const CheckedFile* checked_file(const RunResult& result, model::FileId file) {
  const auto it = std::lower_bound(result.files.begin(), result.files.end(), file,
                                   [](const CheckedFile& checked, model::FileId id) { return checked.file < id; });
  return it != result.files.end() && it->file == file ? &*it : nullptr;
}

/// A tree's rule settings: its manifest's `rules:`, then `--rule`.
rules::RuleSettings tree_settings(const Options& options, const RunResult& result, const compile::Tree* tree) {
  rules::RuleSettings settings;
  if (tree && tree->manifest)
    if (const CheckedFile* manifest = checked_file(result, *tree->manifest);
        manifest && !manifest->documents.empty() && manifest->documents.front().value.is_object())
      settings = rules::settings_from_manifest(manifest->documents.front().value.value("rules", nlohmann::json::object()));
  for (const auto& [rule, severity] : options.rule_severities) settings.severity[rule] = rules::parse_severity(severity);
  if (options.selection) settings.selection = &*options.selection;
  return settings;
}

/// The index in result.files of the file with id `id`.
std::optional<std::size_t> file_index(const RunResult& result, model::FileId id) {
  const CheckedFile* file = checked_file(result, id);
  return file ? std::optional(static_cast<std::size_t>(file - result.files.data())) : std::nullopt;
}

/// For each of result.files, how many trees read it.
std::vector<unsigned> tree_readers(const RunResult& result) {
  std::vector<unsigned> readers(result.files.size(), 0);
  for (const auto& tree : result.workspace.trees)
    for (const auto& role : tree.files)
      if (const auto i = file_index(result, role.file)) ++readers[*i];
  return readers;
}

using SchemaFindings = std::set<std::pair<model::FileId, std::string>>;

/// Adds the values `diagnostics` reports against a schema: compile and the
/// rules do not report them again.
void note_schema_findings(const std::vector<model::Diagnostic>& diagnostics, SchemaFindings& out) {
  for (const auto& d : diagnostics)
    if (d.pointer && d.rule.code.starts_with("CL1")) out.emplace(d.range.file, *d.pointer);
}

/// Compiles every tree's environments, checks parity and runs the rules:
/// environment, tree and file rules per tree, then the files outside every
/// tree. A file only one tree reads (`readers`) is parsed and
/// schema-validated in that tree's task, just before the tree compiles; the
/// others were before.
void compile_environments(const Options& options, RunResult& result, const schema::Registry& registry,
                          SchemaValidator& validator, FileParser& parser, const std::vector<unsigned>& readers,
                          bool environments_needed, const std::function<void(const char*)>& stage) {
  SchemaFindings schema_findings; // of the files validated before
  note_schema_findings(result.diagnostics, schema_findings);
  const auto& trees = result.workspace.trees;
  // With no rule pack but the built-in one, every tree uses that pack in
  // place and asks for it only when its rules run: run() reads it on another
  // thread meanwhile, while the first trees parse and validate their files.
  const bool builtin_only = options.rule_packs.empty() && std::none_of(trees.begin(), trees.end(), [](const auto& tree) {
                              return !tree.rule_packs.empty();
                            });
  std::shared_ptr<const rules::RulePack> run_rules;
  if (options.rules && !builtin_only) run_rules = std::make_shared<rules::RulePack>(run_pack(options, result, registry));
  // Each tree's rules and settings: the run's pack plus the tree's own (a
  // copy only for a tree that adds rules; thousands of trees share the rest).
  std::vector<std::shared_ptr<const rules::RulePack>> packs;
  const auto pack_of = [&](std::size_t index) -> const rules::RulePack& {
    return builtin_only ? rules::builtin_pack() : *packs[index];
  };
  std::vector<rules::RuleSettings> settings;
  // FileId → (tree index, role), for the file rules.
  std::map<model::FileId, std::pair<std::size_t, const compile::FileRole*>> roles;
  // First, one tree after the other, what adds to the run's sources: the
  // trees' own rule packs.
  for (std::size_t index = 0; index < trees.size(); ++index) {
    const compile::Tree& tree = trees[index];
    for (const auto& role : tree.files) roles.try_emplace(role.file, index, &role);
    if (options.rules && !tree.rule_packs.empty()) {
      auto own = std::make_shared<rules::RulePack>(*run_rules);
      for (const auto& path : tree.rule_packs)
        rules::load_rule_pack(path, options.cwd, result.sources, registry, *own, result.diagnostics);
      packs.push_back(std::move(own));
    } else if (!builtin_only) {
      packs.push_back(run_rules);
    }
    settings.push_back(tree_settings(options, result, &tree));
  }
  const bool parity_needed = reports_parity(options);
  GitTracking git;
  std::mutex git_mutex; // the file rules of different trees ask at once
  const rules::native::TrackedQuery tracked = [&](const fs::path& path) {
    const std::lock_guard lock(git_mutex);
    return git.tracked(path);
  };
  const compile::SecretPolicy default_policy;
  const auto file_rules = [&](const CheckedFile& file, const rules::RulePack& file_pack,
                              const rules::RuleSettings& file_settings, const compile::Tree* tree,
                              const compile::FileRole* role, std::vector<model::Diagnostic>& out) {
    const rules::native::FileContext context{result.sources.file(file.file), file.file, file.kind, file.documents,
                                             file.mode, file.disk_path, file.secrets, tree, role,
                                             tree ? tree->secrets : default_policy, tracked};
    rules::evaluate_file(file_pack, file_settings, context, out);
  };
  // A file's documents are freed (unless the run keeps them) once every
  // tree that reads them is done; the manifests stay for their `ignore:`s.
  std::vector<std::atomic<unsigned>> still_reading(result.files.size());
  for (std::size_t i = 0; i < readers.size(); ++i) still_reading[i] = readers[i];
  std::vector<bool> manifest(result.files.size(), false);
  for (const auto& tree : trees)
    if (tree.manifest)
      if (const auto i = file_index(result, *tree.manifest)) manifest[*i] = true;
  // Then the trees in parallel: each reads the shared inputs and writes only
  // its own slots, which are joined in tree order (and sorted later), so the
  // output never depends on the scheduling. A file's rules run once, in
  // the task of the first tree that lists it (`roles`).
  std::vector<std::vector<model::Diagnostic>> per_tree(trees.size());
  std::vector<rules::RuleTimes> times(options.stats ? trees.size() : 0);
  result.environments.resize(trees.size());
  support::parallel_for(trees.size(), options.jobs, [&](std::size_t index) {
    const compile::Tree& tree = trees[index];
    auto& diagnostics = per_tree[index];
    SchemaFindings tree_schema_findings;
    // The files only this tree reads are parsed and validated here: on
    // threads of their own when there are fewer trees than threads (a
    // one-file run has one tree), each into its slot, joined in order.
    std::vector<std::size_t> own;
    for (const auto& role : tree.files) {
      const auto i = file_index(result, role.file);
      if (!i) continue;
      if (readers[*i] == 1) {
        own.push_back(*i);
      } else {
        for (auto it = schema_findings.lower_bound({role.file, std::string()});
             it != schema_findings.end() && it->first == role.file; ++it)
          tree_schema_findings.insert(*it);
      }
    }
    std::vector<std::vector<model::Diagnostic>> parsed(own.size()), found(own.size());
    support::parallel_for(own.size(), trees.size() < options.jobs ? options.jobs : 1, [&](std::size_t k) {
      parsed[k] = parser.parse(own[k]);
      found[k] = validator.validate_file(own[k]);
    });
    for (std::size_t k = 0; k < own.size(); ++k) {
      note_schema_findings(found[k], tree_schema_findings);
      model::move_append(diagnostics, parsed[k]);
      model::move_append(diagnostics, found[k]);
    }
    const compile::CompileInput input{result.inputs, result.sources, registry, tree_schema_findings};
    std::vector<compile::CompiledEnvironment> environments;
    if (environments_needed) environments = compile::compile_tree(tree, input, diagnostics);
    if (environments_needed && parity_needed) compile::check_parity(tree, environments, diagnostics);
    if (options.rules) {
      rules::RuleSettings own_settings = settings[index];
      if (options.stats) own_settings.times = &times[index];
      const rules::RulePack& tree_pack = pack_of(index);
      if (environments_needed) {
        rules::evaluate(tree_pack, own_settings, tree, environments, result.sources, diagnostics,
                        &tree_schema_findings);
        rules::evaluate_tree(tree_pack, own_settings, {tree, environments}, diagnostics);
      }
      for (const auto& role : tree.files)
        if (const auto i = file_index(result, role.file); i && roles.at(role.file).second == &role)
          file_rules(result.files[*i], tree_pack, own_settings, &tree, &role, diagnostics);
    }
    if (options.keep_environments) result.environments[index] = std::move(environments);
    if (!options.keep_documents)
      for (const auto& role : tree.files)
        if (const auto i = file_index(result, role.file); i && --still_reading[*i] == 0 && !manifest[*i])
          std::vector<model::Document>().swap(result.files[*i].documents);
    // A shared file's finding comes once per environment: drop the repeats
    // here, in parallel, before the run holds them all.
    model::sort_and_deduplicate(diagnostics);
  });
  model::move_append(result.diagnostics, per_tree);
  for (const auto& tree_times : times)
    for (const auto& [rule, time] : tree_times) result.rule_times[rule] += time;
  stage("parse, validate, compile trees, run rules");
  if (!options.rules) return;
  const rules::RulePack& pack = builtin_only ? rules::builtin_pack() : *run_rules;
  // The union of the packs, for reports that describe every rule.
  result.rules = pack;
  for (const auto& own : packs)
    if (own != run_rules)
      for (const auto& rule : own->rules)
      if (!result.rules.find(rule.id)) result.rules.rules.push_back(rule);
  std::sort(result.rules.rules.begin(), result.rules.rules.end(),
            [](const rules::Rule& a, const rules::Rule& b) { return a.id < b.id; });
  // The files outside every tree.
  rules::RuleSettings loose_settings = tree_settings(options, result, nullptr);
  if (options.stats) loose_settings.times = &result.rule_times;
  std::vector<model::Diagnostic> loose_findings;
  for (const auto& file : result.files)
    if (!roles.contains(file.file)) file_rules(file, pack, loose_settings, nullptr, nullptr, loose_findings);
  result.diagnostics.reserve(result.diagnostics.size() + loose_findings.size());
  model::move_append(result.diagnostics, loose_findings);
}

} // namespace

/// The manifests' `ignore:` entries, for files a comment cannot annotate.
void apply_manifest_ignores(const Options& options, RunResult& result) {
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
      if (silenced) result.ignored.push_back(std::move(d));
      else kept.push_back(std::move(d));
    }
    result.diagnostics = std::move(kept);
    for (std::size_t i = 0; i < tree.ignores.size(); ++i) {
      if (used[i] || !names_selected_rule(options, result.rules, tree.ignores[i].rules)) continue;
      const model::Document* manifest = nullptr;
      for (const auto& checked : result.files)
        if (checked.file == *tree.manifest && !checked.documents.empty()) manifest = &checked.documents.front();
      const auto span = manifest ? manifest->map.find(tree.ignores[i].pointer) : std::nullopt;
      const model::ByteRange at = span ? span->value : model::ByteRange{};
      auto d = source::make_diagnostic(source::rule::unused_suppression, Severity::warning, *tree.manifest, at.begin,
                                       at.end, "this ignore entry silences nothing");
      d.help = "remove it, or fix its files, rules or environments";
      result.diagnostics.push_back(std::move(d));
    }
  }
}

namespace {

/// The buffers of `options` by display path.
BufferTexts buffer_texts(const Options& options) {
  BufferTexts buffers;
  for (const auto& buffer : options.buffers) buffers[source::display_path(buffer.path, options.cwd)] = &buffer;
  return buffers;
}

/// The files a run checks: what the walk finds under `options.paths`, and
/// each buffer whose file is not on disk (yet), which is checked all the same.
source::Discovery discover_files(const Options& options) {
  std::vector<std::string> paths = options.paths;
  std::vector<const Options::Buffer*> buffer_only;
  for (const auto& buffer : options.buffers) {
    std::error_code ec;
    if (fs::exists(options.cwd / buffer.path, ec)) continue;
    buffer_only.push_back(&buffer);
    std::erase(paths, buffer.path);
  }
  auto discovery = source::discover(paths, options.cwd);
  for (const auto* buffer : buffer_only) {
    const std::string display = source::display_path(buffer->path, options.cwd);
    source::FileKind kind = source::classify(display);
    if (kind == source::FileKind::unknown && source::has_shell_shebang(buffer->text)) kind = source::FileKind::shell;
    if (kind == source::FileKind::unknown)
      throw UsageError(fmt::format("--stdin-filename {}: not a recognised config file kind", buffer->path));
    discovery.files.push_back({buffer->path, display, kind});
  }
  if (!buffer_only.empty())
    std::sort(discovery.files.begin(), discovery.files.end(),
              [](const auto& a, const auto& b) { return a.display < b.display; });
  if (options.shard) keep_shard(*options.shard, options, buffer_texts(options), discovery);
  return discovery;
}

/// Reads the built-in rule pack on a pool thread, from the start of a
/// run that will use it alone, so that a one-file run (what a pre-commit
/// hook pays per call) does not wait for it after parsing and validating
/// its tree (compile_environments asks for it only when rules run). A
/// failure is left for the run's own call to report.
support::Background prepare_builtin_pack(const Options& options) {
  if (options.jobs <= 1 || !options.compile || !options.rules || !options.rule_packs.empty()) return {};
  return support::Background([] { (void)rules::builtin_pack(); }, options.jobs);
}

/// The run from the discovered files on; `reads` as for read_files.
RunResult run_discovered(const Options& options, const source::Discovery& discovery, std::vector<FileRead>* reads,
                         std::chrono::steady_clock::time_point started) {
  if (options.selection && options.update_baseline)
    throw UsageError("--update-baseline cannot be used with --select: the baseline would keep only the selected "
                     "rules' findings; update it from a run of every rule");
  if (options.shard && options.update_baseline)
    throw UsageError("--update-baseline cannot be used with --shard: each shard would overwrite the baseline with "
                     "only its own slice's findings; update it from one unsharded run");
  RunResult result;
  result.cwd = options.cwd;
  result.jobs = options.jobs;
  result.shard = options.shard;
  const BufferTexts buffers = buffer_texts(options);
  auto clock = started;
  const auto stage = [&](const char* name) {
    const auto now = std::chrono::steady_clock::now();
    if (options.stats) result.stage_times.emplace_back(name, now - clock);
    clock = now;
  };
  stage("discover");
  read_files(discovery, options, buffers, reads, result);
  stage("read files");
  FileParser parser(options, buffers, result);
  if (options.compile) {
    // The planner reads the manifests, then the top-level keys of the files
    // that might be split by environment; nothing of the others.
    parser.parse_files([&](std::size_t i) { return compile::is_manifest_path(result.inputs[i].path); });
    parser.parse_files(read_by_planner(result));
    stage("parse what the planner reads");
    result.workspace = compile::plan_workspace(result.inputs, scan_roots(options), options.cwd);
    result.diagnostics.insert(result.diagnostics.end(), result.workspace.diagnostics.begin(),
                              result.workspace.diagnostics.end());
  }
  // The manifests' ref_maps serve remote $refs like --ref-map does.
  Options with_maps = options;
  for (const auto& tree : result.workspace.trees)
    for (const auto& map : tree.ref_maps) with_maps.schemas.ref_maps.push_back(map);
  const schema::Registry registry = make_registry(with_maps);
  stage("plan trees");
  // With --select, only what the selected rules need runs (but a run that
  // keeps the environments, to write or show them, compiles them whole).
  const bool environments_needed =
      options.compile && (options.keep_environments || needs_environments(options, result.workspace));
  SchemaValidator validator(options, registry, result, validates_values(options, environments_needed));
  // With trees to compile, a file only one tree reads is parsed and
  // validated in that tree's task (compile_environments), so its documents
  // live only while the tree is checked.
  const std::vector<unsigned> readers = options.compile ? tree_readers(result) : std::vector<unsigned>();
  const auto owned_by_no_single_tree = [&](std::size_t i) { return !options.compile || readers[i] != 1; };
  parser.parse_files(owned_by_no_single_tree);
  validator.validate_files(owned_by_no_single_tree);
  stage("parse and validate files no single tree owns");
  if (options.compile)
    compile_environments(options, result, registry, validator, parser, readers, environments_needed, stage);
  stage("rules of files outside trees");
  check_rule_names(options, result.rules);
  model::sort_and_deduplicate(result.diagnostics);
  std::vector<source::Suppression> suppressions;
  for (const auto& checked : result.files) {
    auto found =
        source::parse_suppressions(result.sources.file(checked.file), checked.file, checked.comments, result.diagnostics);
    suppressions.insert(suppressions.end(), found.begin(), found.end());
  }
  keep_selected_suppressions(options, result.rules, suppressions);
  source::apply_suppressions(suppressions, result.sources, result.diagnostics, result.suppressed);
  apply_manifest_ignores(options, result);
  apply_selection(options, result.rules, result.diagnostics);
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
  stage("suppressions and baseline");
  if (options.focus) {
    std::set<std::string> shown;
    for (const auto& path : *options.focus) shown.insert(source::display_path(path, options.cwd));
    const auto outside = [&](const model::Diagnostic& d) { return !shown.contains(result.sources.file(d.range.file).path()); };
    std::erase_if(result.diagnostics, outside);
    std::erase_if(result.suppressed, outside);
    std::erase_if(result.ignored, outside);
    // The files reported on that were read (or tried: too large, unreadable).
    std::set<std::string> skipped;
    for (const auto& entry : discovery.skipped) skipped.insert(entry.display);
    result.files_checked = 0;
    for (model::FileId id = 0; id < result.sources.size(); ++id) {
      const std::string& path = result.sources.file(id).path();
      if (shown.contains(path) && !skipped.contains(path)) ++result.files_checked;
    }
  }
  model::sort_and_deduplicate(result.diagnostics);
  return result;
}

} // namespace

RunResult run(const Options& options) {
  const auto started = std::chrono::steady_clock::now();
  const support::Background builtin_pack = prepare_builtin_pack(options);
  return run_discovered(options, discover_files(options), nullptr, started);
}

Snapshot take_snapshot(const Options& options) {
  Snapshot snapshot{discover_files(options), {}};
  const BufferTexts buffers = buffer_texts(options);
  snapshot.files.resize(snapshot.discovery.files.size());
  support::parallel_for(snapshot.files.size(), options.jobs, [&](std::size_t i) {
    const auto& found = snapshot.discovery.files[i];
    if (!buffers.contains(found.display)) snapshot.files[i] = read_found(found, options);
  });
  return snapshot;
}

RunResult run(const Options& options, Snapshot snapshot) {
  const auto started = std::chrono::steady_clock::now();
  const support::Background builtin_pack = prepare_builtin_pack(options);
  return run_discovered(options, snapshot.discovery, &snapshot.files, started);
}

} // namespace claudelint::driver
