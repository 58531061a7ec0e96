#include "compile/workspace.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "compile/compile_rules.h"
#include "compile/pattern.h"
#include "schema/registry.h"
#include "source/loader.h"

namespace claudelint::compile {

using nlohmann::json;
using model::Severity;

namespace {

std::string parent_dir(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// The environment name a file name carries: `production.json` → production,
/// `.env.production` / `production.env` → production.
std::string_view name_stem(std::string_view name, source::FileKind kind) {
  if (kind == source::FileKind::dotenv) {
    if (name.starts_with(".env.")) return name.substr(5);
    if (name.ends_with(".env")) return name.substr(0, name.size() - 4);
    return {};
  }
  const auto dot = name.find('.', name.starts_with('.') ? 1 : 0);
  return dot == std::string_view::npos ? name : name.substr(0, dot);
}



/// The environment names among a document's top-level keys, when every
/// other key is metadata (`$schema`, `x-…`) and there is at least one.
std::vector<std::string> environment_keys(const model::Document& document,
                                          const std::vector<EnvironmentSpec>& environments) {
  std::vector<std::string> names;
  if (!document.value.is_object()) return {};
  for (const auto& item : document.value.items()) {
    const std::string& key = item.key();
    if (is_meta_key(key)) continue;
    const auto it = std::find_if(environments.begin(), environments.end(),
                                 [&](const EnvironmentSpec& spec) { return spec.answers_to(key); });
    if (it == environments.end()) return {};
    names.push_back(it->name);
  }
  return names;
}

/// The environments a file's documents are split into, if it is split.
std::vector<std::string> split_environments(const InputFile& file, const std::vector<EnvironmentSpec>& environments) {
  if (!file.documents || file.documents->empty()) return {};
  if (file.kind != source::FileKind::yaml && file.kind != source::FileKind::json && file.kind != source::FileKind::jsonc)
    return {};
  return environment_keys(file.documents->front(), environments);
}

/// Why a file belongs to an environment by its name, if it does: its own
/// stem, or one of its folders (relative to `within`).
struct NameHint {
  const EnvironmentSpec* environment = nullptr;
  std::string anchor; ///< the folder holding the environment-named entry
  std::string reason;
};

NameHint name_hint(std::string_view path, source::FileKind kind, std::string_view relative,
                   std::string_view within_display) {
  NameHint hint;
  const std::string_view name = base_name(path);
  if (name == manifest_name) return hint;
  if (const auto* spec = conventional_environment(name_stem(name, kind))) {
    hint.environment = spec;
    hint.anchor = parent_dir(path);
    hint.reason = fmt::format("its name `{}` names the {} environment", name, spec->name);
    return hint;
  }
  // A folder named after an environment: the deepest one wins.
  std::string_view rest = relative;
  std::vector<std::pair<std::size_t, std::string_view>> folders; // (end offset in relative, name)
  std::size_t offset = 0;
  for (auto slash = rest.find('/'); slash != std::string_view::npos; slash = rest.find('/')) {
    folders.push_back({offset + slash, rest.substr(0, slash)});
    offset += slash + 1;
    rest.remove_prefix(slash + 1);
  }
  for (auto it = folders.rbegin(); it != folders.rend(); ++it) {
    if (const auto* spec = conventional_environment(it->second)) {
      hint.environment = spec;
      const std::string folder(relative.substr(0, it->first));
      const std::string full = within_display == "." ? folder : fmt::format("{}/{}", within_display, folder);
      hint.anchor = parent_dir(full);
      hint.reason = fmt::format("it is in the folder `{}/`, named after the {} environment", folder, spec->name);
      return hint;
    }
  }
  return hint;
}

/// Where one file would anchor an inferred tree, and why.
struct Anchor {
  std::string folder;
  std::string why;
  /// By its name (or a folder's): it anchors a tree whatever it holds.
  /// Otherwise it anchors one only if its top-level keys are environment
  /// names (split_environments), which only its content tells.
  bool by_name = false;
};

/// The anchor of the file at `path` found under the scan root `scan`: the
/// folder of its environment-named entry, else its own folder; lifted above
/// a container folder (`configs/`) inside the scan root. The one place that
/// says where a tree's root is, for planning and for --shard.
Anchor inferred_anchor(std::string_view path, source::FileKind kind, std::string_view scan) {
  const auto relative = relative_to(path, scan);
  const NameHint hint = name_hint(path, kind, relative.value_or(std::string(base_name(path))), scan);
  Anchor anchor;
  anchor.by_name = hint.environment != nullptr;
  if (anchor.by_name) {
    anchor.folder = hint.anchor;
    anchor.why = fmt::format("`{}`: {}", path, hint.reason);
  } else {
    anchor.folder = parent_dir(path);
    anchor.why = fmt::format("`{}`: its top-level keys are environment names", path);
  }
  if (is_container_folder(base_name(anchor.folder)) && anchor.folder != scan && relative_to(anchor.folder, scan)) {
    anchor.why += fmt::format(", and `{}/` holds per-environment files", base_name(anchor.folder));
    anchor.folder = parent_dir(anchor.folder);
  }
  return anchor;
}

const std::vector<std::string> default_parity_allow = {
    "/secrets/**",                  // each environment has its own keys
    "/config/security/api_key",     // … and refers to its own (${CLAUDE_API_TOKEN_TEST} vs _PROD)
    "/deployment/instances/*/count", // capacity differs; topology must not
    "/config/logging/**",            // the guide: detailed logs in dev, limited in production
};

// ---------------------------------------------------------------- manifest

class ManifestReader {
public:
  ManifestReader(const model::Document& document, Tree& tree, const std::filesystem::path& cwd,
                 std::vector<model::Diagnostic>& diagnostics)
      : document_(document), tree_(tree), cwd_(cwd), diagnostics_(diagnostics) {}

  void read() {
    const json& root = document_.value;
    if (!root.is_object()) return; // the manifest schema reports it
    read_environments(root);
    read_mappings(root, "schemas", "schema", tree_.schemas);
    read_mappings(root, "sections", "section", tree_.sections);
    read_merge(root);
    read_parity(root);
    for (const auto& path : strings(root, "rule_packs")) tree_.rule_packs.push_back(tree_folder() / path);
    if (const auto it = root.find("secrets"); it != root.end() && it->is_object()) {
      if (it->value("key_file_mode", "0600") == "0640") tree_.secrets.key_file_mode = 0640;
      tree_.secrets.external = strings(*it, "external");
      for (auto& glob : strings(*it, "implicit_use")) tree_.secrets.implicit_use.push_back(std::move(glob));
    }
    if (const auto it = root.find("ignore"); it != root.end() && it->is_array())
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& entry = (*it)[i];
        if (!entry.is_object() || !entry.contains("reason")) continue;
        tree_.ignores.push_back({strings(entry, "files"), strings(entry, "rules"), strings(entry, "environments"),
                                 entry.value("reason", std::string()), fmt::format("/ignore/{}", i)});
      }
    for (auto& mapping : tree_.schemas) mapping.target = resolve_schema(mapping.target);
    if (const auto it = root.find("ref_maps"); it != root.end() && it->is_object())
      for (const auto& [prefix, folder] : it->items())
        if (folder.is_string()) tree_.ref_maps.emplace_back(prefix, tree_folder() / folder.get<std::string>());
  }

  std::vector<std::string> shared_globs() const { return shared_; }
  /// Where shared_globs()[k] is written in the manifest.
  std::string shared_pointer(std::size_t k) const { return fmt::format("/shared/{}", shared_items_[k]); }
  /// Where tree.environments[i].files[k] is written in the manifest.
  std::string file_pointer(std::size_t i, std::size_t k) const {
    return fmt::format("/environments/{}/files/{}", declared_[i].entry, declared_[i].files[k]);
  }

  /// Only the `environments:` and `shared:` entries.
  void read_environments() {
    if (document_.value.is_object()) read_environments(document_.value);
  }

private:
  void read_environments(const json& root) {
    shared_ = strings(root, "shared");
    shared_items_ = string_items(root, "shared");
    const auto it = root.find("environments");
    if (it == root.end() || !it->is_array()) return;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& entry = (*it)[i];
      EnvironmentSpec spec;
      if (entry.is_string()) {
        spec.name = entry.get<std::string>();
      } else if (entry.is_object() && entry.contains("name") && entry["name"].is_string()) {
        spec.name = entry["name"].get<std::string>();
        spec.aliases = strings(entry, "aliases");
        spec.files = strings(entry, "files");
        spec.extends = strings(entry, "extends");
        spec.key_suffixes = strings(entry, "key_suffixes");
      } else {
        continue;
      }
      declared_.push_back({i, string_items(entry, "files"), string_items(entry, "extends")});
      // A conventional name keeps its conventional aliases and key suffixes
      // unless the manifest gives its own.
      if (const auto* known = conventional_environment(spec.name); known && known->name == spec.name) {
        if (!entry.is_object() || !entry.contains("aliases")) spec.aliases = known->aliases;
        if (!entry.is_object() || !entry.contains("key_suffixes")) spec.key_suffixes = known->key_suffixes;
      }
      tree_.environments.push_back(std::move(spec));
    }
    for (std::size_t i = 0; i < tree_.environments.size(); ++i) {
      const auto& spec = tree_.environments[i];
      for (std::size_t k = 0; k < spec.extends.size(); ++k)
        if (!tree_.environment(spec.extends[k]))
          unknown_environment(extends_pointer(i, k), spec.extends[k]);
    }
    check_extends_cycles();
  }

  void check_extends_cycles() {
    // Depth-first search; a back edge is a cycle, reported once at the
    // environment that closes it.
    std::map<std::string, int> state; // 0 new, 1 on stack, 2 done
    std::vector<std::string> stack;
    std::function<void(std::size_t)> visit = [&](std::size_t index) {
      const auto& spec = tree_.environments[index];
      state[spec.name] = 1;
      stack.push_back(spec.name);
      for (std::size_t k = 0; k < spec.extends.size(); ++k) {
        const auto& parent = spec.extends[k];
        const auto target = std::find_if(tree_.environments.begin(), tree_.environments.end(),
                                         [&](const EnvironmentSpec& s) { return s.name == parent; });
        if (target == tree_.environments.end()) continue;
        if (state[parent] == 1) {
          std::string chain;
          for (auto it = std::find(stack.begin(), stack.end(), parent); it != stack.end(); ++it) chain += *it + " → ";
          report(rule::extends_cycle, Severity::error, extends_pointer(index, k),
                 fmt::format("environments extend each other in a cycle: {}{}", chain, parent),
                 "remove one of the `extends` entries; layering needs an order");
          tree_.environments[index].extends.erase(tree_.environments[index].extends.begin() +
                                                  static_cast<std::ptrdiff_t>(k));
          declared_[index].extends.erase(declared_[index].extends.begin() + static_cast<std::ptrdiff_t>(k));
          --k;
          continue;
        }
        if (state[parent] == 0) visit(static_cast<std::size_t>(target - tree_.environments.begin()));
      }
      stack.pop_back();
      state[spec.name] = 2;
    };
    for (std::size_t i = 0; i < tree_.environments.size(); ++i)
      if (state[tree_.environments[i].name] == 0) visit(i);
  }

  void read_mappings(const json& root, const char* key, const char* target_key, std::vector<GlobMapping>& out) {
    const auto it = root.find(key);
    if (it == root.end() || !it->is_array()) return;
    for (const auto& entry : *it) {
      if (!entry.is_object() || !entry.contains(target_key) || !entry[target_key].is_string()) continue;
      out.push_back({strings(entry, "files"), entry[target_key].get<std::string>()});
    }
  }

  void read_merge(const json& root) {
    const auto it = root.find("merge");
    if (it == root.end() || !it->is_array()) return;
    for (const auto& entry : *it) {
      if (!entry.is_object() || !entry.contains("pointer") || !entry["pointer"].is_string()) continue;
      MergeSpec spec;
      spec.pointer = entry["pointer"].get<std::string>();
      const std::string strategy = entry.value("strategy", std::string("replace"));
      spec.strategy = strategy == "append"         ? MergeStrategy::append
                      : strategy == "merge-by-key" ? MergeStrategy::merge_by_key
                                                   : MergeStrategy::replace;
      spec.key = entry.value("key", std::string());
      if (spec.strategy == MergeStrategy::merge_by_key && spec.key.empty()) continue; // the schema reports it
      tree_.merge.push_back(std::move(spec));
    }
  }

  void read_parity(const json& root) {
    const auto it = root.find("parity");
    if (it == root.end() || !it->is_array()) return;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& entry = (*it)[i];
      if (!entry.is_object()) continue;
      const auto between = strings(entry, "between");
      if (between.size() != 2) continue;
      bool known = true;
      for (std::size_t k = 0; k < 2; ++k) {
        if (tree_.environment(between[k])) continue;
        unknown_environment(fmt::format("/parity/{}/between/{}", i, k), between[k]);
        known = false;
      }
      if (!known) continue;
      ParitySpec spec{between[0], between[1], strings(entry, "allow"), Severity::warning};
      const std::string severity = entry.value("severity", std::string("warning"));
      spec.severity = severity == "error" ? Severity::error : severity == "info" ? Severity::info : Severity::warning;
      tree_.parity.push_back(std::move(spec));
    }
  }

  /// A built-in short name, a URI, or a path relative to the manifest.
  std::string resolve_schema(const std::string& value) const {
    if (const auto id = builtin_schema_id(value)) return *id;
    if (value.find("://") != std::string::npos) return value;
    return schema::file_uri((tree_folder() / value).lexically_normal());
  }

  std::filesystem::path tree_folder() const { return tree_.root == "." ? cwd_ : cwd_ / tree_.root; }

  /// The indices of the strings in the list `object[key]`: what their
  /// pointers end with (other items may come between them).
  static std::vector<std::size_t> string_items(const json& object, const char* key) {
    std::vector<std::size_t> out;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array()) return out;
    for (std::size_t i = 0; i < it->size(); ++i)
      if ((*it)[i].is_string()) out.push_back(i);
    return out;
  }

  /// Where tree.environments[i].extends[k] is written in the manifest.
  std::string extends_pointer(std::size_t i, std::size_t k) const {
    return fmt::format("/environments/{}/extends/{}", declared_[i].entry, declared_[i].extends[k]);
  }

  static std::vector<std::string> strings(const json& object, const char* key) {
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array()) return out;
    for (const auto& item : *it)
      if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
  }

  void unknown_environment(const std::string& pointer, const std::string& name) {
    std::string names;
    for (const auto& spec : tree_.environments) names += (names.empty() ? "" : ", ") + spec.name;
    report(rule::unknown_environment, Severity::error, pointer,
           fmt::format("`{}` is not an environment of this manifest", name),
           fmt::format("declare it under `environments`, or use one of: {}", names));
  }

  void report(const model::RuleId& id, Severity severity, const std::string& pointer, std::string message,
              std::string help) {
    const auto span = document_.map.find(pointer);
    const model::ByteRange at = span ? span->value : model::ByteRange{};
    auto d = source::make_diagnostic(id, severity, document_.file, at.begin, at.end, std::move(message));
    d.pointer = pointer;
    d.help = std::move(help);
    diagnostics_.push_back(std::move(d));
  }

  const model::Document& document_;
  Tree& tree_;
  const std::filesystem::path& cwd_;
  std::vector<model::Diagnostic>& diagnostics_;
  std::vector<std::string> shared_;
  std::vector<std::size_t> shared_items_; ///< string_items of `shared`
  /// Per environment of tree_.environments, where it is declared: its item
  /// in `environments:` and the string items of its `files:` and `extends:`.
  struct Declared {
    std::size_t entry;
    std::vector<std::size_t> files, extends;
  };
  std::vector<Declared> declared_;
};

// ---------------------------------------------------------------- planning

class Planner {
public:
  Planner(const std::vector<InputFile>& files, const std::vector<std::string>& scan_roots,
          const std::filesystem::path& cwd, Workspace& out)
      : files_(files), scan_roots_(scan_roots), cwd_(cwd), out_(out) {}

  void run() {
    find_roots();
    // Each file belongs to the deepest tree whose folder holds it.
    std::map<std::string, std::vector<const InputFile*>> members;
    for (const auto& file : files_)
      if (const std::string* root = deepest_root(file.path)) members[*root].push_back(&file);
    for (auto& [root, manifest] : roots_) {
      Tree tree;
      tree.root = root;
      auto& files = members[root];
      if (manifest) plan_declared(tree, *manifest, files);
      else plan_inferred(tree, files);
      std::sort(tree.files.begin(), tree.files.end(), [](const FileRole& a, const FileRole& b) { return a.path < b.path; });
      out_.trees.push_back(std::move(tree));
    }
  }

private:
  /// The deepest tree root holding `path`, or null: its folders looked up
  /// innermost first (comparing with every root made planning 2,000 trees
  /// quadratic).
  const std::string* deepest_root(const std::string& path) const {
    for (std::string folder = path;;) {
      const bool top = folder == "." || folder == "/";
      if (!top) folder = parent_dir(folder);
      if (const auto it = roots_.find(folder); it != roots_.end() && relative_to(path, folder)) return &it->first;
      if (top || folder == "." || folder == "/") return nullptr;
    }
  }

  void find_roots() {
    for (const auto& file : files_)
      if (is_manifest_path(file.path)) roots_[parent_dir(file.path)] = &file;
    std::map<std::string, std::string> inferred; // root → first reason
    for (const auto& file : files_) {
      Anchor anchor = inferred_anchor(file.path, file.kind, scan_roots_.of(file.path));
      if (!anchor.by_name && split_environments(file, conventional_environments()).empty()) continue;
      inferred.emplace(std::move(anchor.folder), std::move(anchor.why));
    }
    // A manifest owns its whole folder. (Only manifests' roots are compared:
    // going through every root for every inferred one was quadratic.)
    std::vector<std::string> manifest_roots;
    for (const auto& [root, manifest] : roots_)
      if (manifest) manifest_roots.push_back(root);
    for (const auto& entry_ : inferred) {
      const std::string& root = entry_.first;
      const std::string& why = entry_.second;
      const bool owned = std::any_of(manifest_roots.begin(), manifest_roots.end(), [&](const std::string& folder) {
        return relative_to(root, folder).has_value();
      });
      if (owned) continue;
      roots_.emplace(root, nullptr);
      reasons_[root] = why;
    }
  }

  FileRole role_for(const Tree& tree, const InputFile& file) const {
    FileRole role;
    role.file = file.file;
    role.path = relative_to(file.path, tree.root).value_or(file.path);
    return role;
  }

  void plan_inferred(Tree& tree, const std::vector<const InputFile*>& files) {
    tree.notes.push_back(fmt::format("no {} here: environments inferred from file names ({})", manifest_name,
                                     reasons_[tree.root]));
    const auto& conventional = conventional_environments();
    std::set<std::string> present;
    std::map<std::string, std::vector<std::size_t>> by_stem_environment; // env → roles named after it
    for (const auto* file : files) {
      FileRole role = role_for(tree, *file);
      const NameHint hint = name_hint(file->path, file->kind, role.path, tree.root);
      if (hint.environment) {
        role.environments = {hint.environment->name};
        role.reason = hint.reason;
        present.insert(hint.environment->name);
        if (hint.reason.starts_with("its name") &&
            (file->kind == source::FileKind::json || file->kind == source::FileKind::jsonc))
          by_stem_environment[hint.environment->name].push_back(tree.files.size());
      } else if (const auto split = split_environments(*file, conventional); !split.empty()) {
        role.shared = true;
        role.split_by_environment = true;
        std::string listed;
        for (const auto& name : split) {
          present.insert(name);
          listed += (listed.empty() ? "" : ", ") + name;
        }
        role.reason = fmt::format("its top-level keys are environment names ({}); each environment gets its own section",
                                  listed);
      } else {
        role.shared = true;
        role.reason = file->kind == source::FileKind::dotenv
                          ? "a shared .env file: each key goes to the environment its suffix names (_PROD, _TEST, "
                            "_DEV, _CI), keys without one to every environment"
                          : "no environment in its name: shared by every environment";
      }
      tree.files.push_back(std::move(role));
    }
    present.erase("ci"); // only a key suffix unless ci has files of its own
    for (const auto& file : tree.files)
      if (!file.shared && file.environments.front() == "ci") present.insert("ci");
    for (const auto& spec : conventional)
      if (present.contains(spec.name)) tree.environments.push_back(spec);
    // Two files named after one environment (staging.json and test.json).
    for (const auto& [environment, indexes] : by_stem_environment) {
      for (std::size_t k = 1; k < indexes.size(); ++k) {
        const auto& first = tree.files[indexes[0]];
        const auto& other = tree.files[indexes[k]];
        if (parent_dir(first.path) != parent_dir(other.path)) continue;
        auto d = source::make_diagnostic(
            rule::conflicting_environment_files, Severity::warning, other.file, 0, 0,
            fmt::format("`{}` and `{}` both configure the {} environment; their values are layered in path order",
                        base_name(first.path), base_name(other.path), environment));
        d.environment = environment;
        d.help = fmt::format("rename one of them, or list both under {} in {}", environment, manifest_name);
        d.related.push_back({{first.file, 0, 0}, "the other file for this environment"});
        out_.diagnostics.push_back(std::move(d));
      }
    }
    if (tree.environment("staging") && tree.environment("production"))
      tree.parity.push_back({"staging", "production", default_parity_allow, Severity::warning});
  }

  void plan_declared(Tree& tree, const InputFile& manifest, const std::vector<const InputFile*>& files) {
    tree.manifest = manifest.file;
    tree.notes.push_back(fmt::format("declared by {}", manifest.path));
    if (!manifest.documents || manifest.documents->empty()) return;
    const model::Document& document = manifest.documents->front();
    ManifestReader reader(document, tree, cwd_, out_.diagnostics);
    reader.read();
    const auto shared = reader.shared_globs();
    // pointer → the glob, and whether it matched something
    std::map<std::string, std::pair<std::string, bool>> glob_used;
    auto matches = [&](const std::string& pointer, const std::string& glob, const std::string& path) {
      glob_used.try_emplace(pointer, glob, false);
      if (!match_pattern(glob, path)) return false;
      glob_used[pointer].second = true;
      return true;
    };
    for (const auto* file : files) {
      if (file == &manifest) continue;
      FileRole role = role_for(tree, *file);
      for (std::size_t i = 0; i < tree.environments.size(); ++i) {
        const auto& spec = tree.environments[i];
        for (std::size_t k = 0; k < spec.files.size(); ++k) {
          if (!matches(reader.file_pointer(i, k), spec.files[k], role.path)) continue;
          if (std::find(role.environments.begin(), role.environments.end(), spec.name) == role.environments.end())
            role.environments.push_back(spec.name);
          role.reason = fmt::format("listed under {} in {} (`{}`)", spec.name, manifest_name, spec.files[k]);
        }
      }
      for (std::size_t k = 0; k < shared.size(); ++k) {
        if (!matches(reader.shared_pointer(k), shared[k], role.path)) continue;
        if (!role.environments.empty()) continue; // an environment's own listing wins
        role.shared = true;
        role.reason = fmt::format("listed under shared in {} (`{}`)", manifest_name, shared[k]);
      }
      if ((role.shared || !role.environments.empty()) && !split_environments(*file, tree.environments).empty()) {
        role.split_by_environment = true;
        role.reason += "; its top-level keys are environment names, so each environment gets its own section";
      }
      if (!role.shared && role.environments.empty()) role.reason = fmt::format("not listed in {}", manifest_name);
      tree.files.push_back(std::move(role));
    }
    for (const auto& [pointer, entry] : glob_used) {
      const auto& [glob, used] = entry;
      if (used) continue;
      const auto span = document.map.find(pointer);
      const model::ByteRange at = span ? span->value : model::ByteRange{};
      auto d = source::make_diagnostic(rule::unmatched_glob, Severity::warning, document.file, at.begin, at.end,
                                       fmt::format("`{}` matches no file in {}", glob, tree.root));
      d.pointer = pointer;
      d.help = "fix the path (globs are relative to the manifest's folder), or remove the entry";
      out_.diagnostics.push_back(std::move(d));
    }
  }

  const std::vector<InputFile>& files_;
  const ScanRoots scan_roots_;
  const std::filesystem::path& cwd_;
  Workspace& out_;
  std::map<std::string, const InputFile*> roots_; // root → manifest (null when inferred)
  std::map<std::string, std::string> reasons_;
};

} // namespace

std::optional<std::string> relative_to(std::string_view path, std::string_view root) {
  if (root == ".") {
    if (path.starts_with('/')) return std::nullopt;
    return std::string(path);
  }
  if (path == root) return std::string();
  if (root == "/") return path.starts_with('/') ? std::optional<std::string>(std::string(path.substr(1))) : std::nullopt;
  if (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/')
    return std::string(path.substr(root.size() + 1));
  return std::nullopt;
}

ScanRoots::ScanRoots(const std::vector<std::string>& roots) : roots_(roots.begin(), roots.end()) {}

std::string ScanRoots::of(std::string_view path) const {
  std::string at(path);
  while (true) {
    if (roots_.contains(at)) return at;
    if (at == "." || at == "/") break;
    at = parent_dir(at);
  }
  return parent_dir(path);
}

const EnvironmentSpec* Tree::environment(std::string_view name) const {
  for (const auto& spec : environments)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::optional<std::string> Tree::schema_for(std::string_view relative_path) const {
  for (const auto& mapping : schemas)
    for (const auto& glob : mapping.globs)
      if (match_pattern(glob, relative_path)) return mapping.target;
  return std::nullopt;
}

std::optional<std::string> Tree::section_for(std::string_view relative_path) const {
  for (const auto& mapping : sections)
    for (const auto& glob : mapping.globs)
      if (match_pattern(glob, relative_path)) return mapping.target;
  return std::nullopt;
}

void Workspace::index_files() {
  roles_.clear();
  for (std::size_t t = 0; t < trees.size(); ++t)
    for (std::size_t r = 0; r < trees[t].files.size(); ++r) roles_.try_emplace(trees[t].files[r].file, t, r);
}

std::pair<const Tree*, const FileRole*> Workspace::find(model::FileId file) const {
  if (!roles_.empty()) {
    const auto it = roles_.find(file);
    if (it == roles_.end()) return {nullptr, nullptr};
    const Tree& tree = trees[it->second.first];
    return {&tree, &tree.files[it->second.second]};
  }
  for (const auto& tree : trees)
    for (const auto& role : tree.files)
      if (role.file == file) return {&tree, &role};
  return {nullptr, nullptr};
}

bool is_container_folder(std::string_view name) {
  static constexpr std::string_view names[] = {"configs", "config",   "conf",     "environments", "envs",
                                               "env",     "settings", "templates", "overlays"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

std::optional<std::filesystem::path> tree_root_for(const std::filesystem::path& file, const std::filesystem::path& stop) {
  return TreeRootFinder(stop).root_for(file);
}

TreeRootFinder::TreeRootFinder(const std::filesystem::path& stop) {
  std::error_code ec;
  cwd_ = std::filesystem::current_path(ec);
  stop_ = std::filesystem::weakly_canonical(stop, ec);
}

std::optional<std::filesystem::path> TreeRootFinder::root_for(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  fs::path folder = resolved((file.is_absolute() ? file : cwd_ / file).parent_path());
  for (fs::path up = folder; !up.empty(); up = up.parent_path()) {
    if (has_manifest(up)) return up;
    const auto rel = up.lexically_relative(stop_);
    if (up == stop_ || rel.empty() || *rel.begin() == ".." || up == up.parent_path()) break;
  }
  if (is_container_folder(folder.filename().string())) folder = folder.parent_path();
  if (names_an_environment(folder)) return folder;
  return std::nullopt;
}

const std::filesystem::path& TreeRootFinder::resolved(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  if (const auto found = resolved_.find(folder); found != resolved_.end()) return found->second;
  const fs::path name = folder.filename();
  std::error_code ec;
  fs::path result;
  const bool plain_name = !name.empty() && name != "." && name != ".." && folder != folder.parent_path();
  const auto status = plain_name ? fs::symlink_status(folder, ec) : fs::file_status();
  if (plain_name && !ec && fs::is_directory(status)) {
    result = resolved(folder.parent_path()) / name;
  } else {
    result = fs::weakly_canonical(folder, ec); // a link, a missing folder, `..`, the root
  }
  return resolved_.emplace(folder, std::move(result)).first->second;
}

bool TreeRootFinder::has_manifest(const std::filesystem::path& folder) {
  const auto [it, inserted] = has_manifest_.try_emplace(folder, false);
  if (inserted) {
    std::error_code ec;
    it->second = std::filesystem::exists(folder / manifest_name, ec);
  }
  return it->second;
}

bool TreeRootFinder::names_an_environment(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  const auto [it, inserted] = names_an_environment_.try_emplace(folder, false);
  if (!inserted) return it->second;
  const auto names_environment = [](const fs::path& entry) {
    std::string stem = entry.filename().string();
    if (stem.starts_with(".env.")) stem = stem.substr(5);
    stem = stem.substr(0, stem.find('.'));
    return conventional_environment(stem) != nullptr;
  };
  const auto any = [&] {
    std::error_code ec;
    for (fs::directory_iterator entry(folder, ec), end; !ec && entry != end; entry.increment(ec)) {
      if (names_environment(entry->path())) return true;
      if (entry->is_directory(ec) && is_container_folder(entry->path().filename().string()))
        for (fs::directory_iterator inner(entry->path(), ec), stop_inner; !ec && inner != stop_inner; inner.increment(ec))
          if (names_environment(inner->path())) return true;
    }
    return false;
  };
  it->second = any();
  return it->second;
}

Workspace plan_workspace(const std::vector<InputFile>& files, const std::vector<std::string>& scan_roots,
                         const std::filesystem::path& cwd) {
  Workspace workspace;
  Planner(files, scan_roots, cwd, workspace).run();
  workspace.index_files();
  return workspace;
}

// ---------------------------------------------------------------- --shard

bool Shard::holds(std::string_view unit) const {
  std::uint64_t hash = 0xcbf29ce484222325ull; // FNV-1a 64
  for (const char c : unit) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return count > 0 && hash % count == index - 1;
}

ShardUnits::ShardUnits(const std::vector<FoundPath>& files, const std::vector<std::string>& scan_roots,
                       const std::function<bool(std::size_t)>& might_split) {
  // First what paths alone make a root: manifests, environment names.
  std::vector<std::pair<std::size_t, std::string>> by_content; // (file, the folder it would anchor)
  const ScanRoots roots(scan_roots);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const FoundPath& file = files[i];
    if (is_manifest_path(file.path)) candidates_.insert(parent_dir(file.path));
    Anchor anchor = inferred_anchor(file.path, file.kind, roots.of(file.path));
    if (anchor.by_name) candidates_.insert(std::move(anchor.folder));
    else if (file.kind == source::FileKind::json || file.kind == source::FileKind::jsonc ||
             file.kind == source::FileKind::yaml)
      by_content.emplace_back(i, std::move(anchor.folder));
  }
  // Then the files whose content might make a root. One whose folder is
  // already at or below a candidate would change no unit (the shallowest
  // candidate above any file there is that candidate or one above it), so
  // only the others are read: typically a handful of files beside the trees.
  for (auto& [index, folder] : by_content)
    if (!shallowest(folder) && might_split(index)) candidates_.insert(std::move(folder));
}

const std::string* ShardUnits::shallowest(std::string_view folder) const {
  const std::string* found = nullptr;
  std::string at(folder);
  while (true) {
    if (const auto it = candidates_.find(at); it != candidates_.end()) found = &*it;
    std::string up = parent_dir(at);
    if (up == at) return found;
    at = std::move(up);
  }
}

std::string ShardUnits::unit_of(std::string_view path) const {
  const std::string* root = shallowest(parent_dir(path));
  return root ? *root : std::string(path);
}

namespace {

/// Where the quoted scalar opening at `s[at]` closes on this line, if it does.
std::optional<std::size_t> closing_quote(std::string_view s, std::size_t at) {
  const char quote = s[at];
  for (std::size_t i = at + 1; i < s.size(); ++i) {
    if (quote == '"' && s[i] == '\\') {
      ++i;
    } else if (s[i] == quote) {
      if (quote == '\'' && i + 1 < s.size() && s[i + 1] == '\'') ++i; // '' is a quote inside
      else return i;
    }
  }
  return std::nullopt;
}

/// True when nothing that starts on this YAML line (read from a node start)
/// runs on to the next: every quoted scalar and flow collection closes on
/// it. yaml-cpp reads a quoted scalar or a flow collection on through lines
/// at column 0, so a line left open could hide a "key" that is not one.
bool closes_on_its_line(std::string_view s) {
  std::size_t depth = 0;    // flow collections open
  bool node = true;         // a node may start here
  bool after_json = false;  // just after a quoted scalar or a flow collection
  const auto blank = [&](std::size_t i) { return i >= s.size() || s[i] == ' ' || s[i] == '\t'; };
  const auto flow_indicator = [](char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '#' && (i == 0 || blank(i - 1))) break; // a comment
    if (node) {
      if (c == '"' || c == '\'') {
        const auto end = closing_quote(s, i);
        if (!end) return false;
        i = *end + 1;
        node = false;
        after_json = true;
        continue;
      }
      if ((c == '-' || c == '?' || c == ':') && blank(i + 1)) {
        ++i;
        continue;
      }
      if (c == '&' || c == '!' || c == '*') { // anchor, tag or alias: a token up to a blank
        while (i < s.size() && !blank(i) && !(depth > 0 && flow_indicator(s[i]))) ++i;
        node = c != '*';
        continue;
      }
      if (c == '|' || c == '>') return depth == 0; // a block scalar: its text is on indented lines
      if (c == '%' || c == '@' || c == '`') return false; // reserved
    }
    if (c == '[' || c == '{') {
      if (!node && depth == 0) { // inside a plain scalar of a block: literal
        ++i;
        continue;
      }
      ++depth;
      ++i;
      node = true;
      after_json = false;
      continue;
    }
    if (depth > 0 && (c == ']' || c == '}')) {
      --depth;
      ++i;
      node = false;
      after_json = true;
      continue;
    }
    if (depth > 0 && c == ',') {
      ++i;
      node = true;
      after_json = false;
      continue;
    }
    if (c == ':' && (blank(i + 1) || after_json || (depth > 0 && flow_indicator(s[i + 1])))) {
      ++i;
      node = true;
      after_json = false;
      continue;
    }
    // Part of a plain scalar: quotes and brackets in it are literal.
    ++i;
    node = false;
    after_json = false;
  }
  return depth == 0;
}

/// The JSON half of might_split_by_environment: notes a JSON text's
/// top-level keys as the parser goes, building no value. It reads to the
/// end even after a key that names no environment: a syntax error further
/// on may make the loader recover a document without that key (the
/// differential test in workspace_test found `{"name""production": {}}`).
class TopLevelKeys final : public nlohmann::json_sax<json> {
public:
  explicit TopLevelKeys(const std::function<bool(std::string_view)>& names_environment)
      : names_environment_(names_environment) {}

  bool other_key() const { return other_key_; }
  bool object() const { return object_; }
  bool environment() const { return environment_; }

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override {
    if (depth_ == 0 && !started_) object_ = true;
    started_ = true;
    ++depth_;
    return true;
  }
  bool key(string_t& key) override {
    if (depth_ != 1 || is_meta_key(key)) return true;
    if (names_environment_(key)) {
      environment_ = true;
      return true;
    }
    other_key_ = true;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    started_ = true;
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
  bool scalar() {
    started_ = true;
    return true;
  }

  const std::function<bool(std::string_view)>& names_environment_;
  int depth_ = 0;
  bool started_ = false, object_ = false, environment_ = false, other_key_ = false;
};

/// The YAML half of might_split_by_environment: reads the column-0 `key:`
/// lines of the first document.
bool yaml_might_split(std::string_view text, const std::function<bool(std::string_view)>& names_environment) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  bool started = false;         // `---` seen
  bool content = false;         // a top-level key seen
  bool other_key = false;       // one that is neither metadata nor an environment
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue; // blank, or a comment
    if (line.find_first_not_of(' ') != first) return true;               // a tab in the indentation
    if (line.starts_with("---") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t')) {
      const auto rest = line.find_first_not_of(" \t", 3);
      if (started || content || (rest != std::string_view::npos && line[rest] != '#')) return true;
      started = true;
      continue;
    }
    if (first > 0) { // inside a top-level value; the first document starts at column 0
      if (!content || !closes_on_its_line(line.substr(first))) return true;
      continue;
    }
    // A top-level `key:` with a plain key.
    const auto key_end = line.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.-");
    if (key_end == 0 || key_end == std::string_view::npos || line[key_end] != ':' || line[0] == '-' ||
        line[0] == '.' || !(key_end + 1 == line.size() || line[key_end + 1] == ' ' || line[key_end + 1] == '\t'))
      return true;
    if (!closes_on_its_line(line.substr(key_end + 1))) return true;
    content = true;
    const std::string_view key = line.substr(0, key_end);
    if (!is_meta_key(key) && !names_environment(key)) other_key = true;
  }
  return !other_key;
}

} // namespace

bool is_manifest_path(std::string_view path) { return base_name(path) == manifest_name; }

bool might_split_by_environment(std::string_view text, source::FileKind kind) {
  return might_split_by_environment(text, kind, [](std::string_view key) { return conventional_environment(key); });
}

bool might_split_by_environment(std::string_view text, source::FileKind kind,
                                const std::function<bool(std::string_view)>& names_environment) {
  if (kind == source::FileKind::yaml) return yaml_might_split(text, names_environment);
  if (kind != source::FileKind::json && kind != source::FileKind::jsonc) return false;
  // Past this size the caller parses the file now rather than twice.
  constexpr std::size_t read_whole_below = 1 << 20;
  if (text.size() >= read_whole_below) return true;
  if (const auto scanned = detail::json_might_split_scanned(text, names_environment)) return *scanned;
  return detail::json_might_split_parsed(text, names_environment);
}

namespace detail {

bool json_might_split_parsed(std::string_view text, const std::function<bool(std::string_view)>& names_environment) {
  TopLevelKeys keys(names_environment);
  if (!json::sax_parse(text, &keys, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/true))
    return true; // a syntax error: the loader may still recover a document
  // An object with at least one environment and only metadata besides.
  return keys.object() && keys.environment() && !keys.other_key();
}

std::optional<bool> json_might_split_scanned(std::string_view text,
                                             const std::function<bool(std::string_view)>& names_environment) {
  // Validates as it goes (a syntax error further on changes the answer),
  // but converts nothing: most files the planner asks about are plain
  // environment configs, and nlohmann's lexer building every string and
  // number was most of planning.
  const std::size_t n = text.size();
  std::size_t i = 0;
  const auto skip_space = [&] {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  };
  // A string at text[i] == '"': ASCII, simple escapes only. `escaped`: it has one.
  const auto string = [&](std::string_view& out, bool& escaped) {
    const std::size_t begin = ++i;
    escaped = false;
    for (; i < n; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == '"') {
        out = text.substr(begin, i++ - begin);
        return true;
      }
      if (c < 0x20 || c >= 0x80) return false;
      if (c == '\\') {
        if (i + 1 >= n || std::string_view("\"\\/bfnrt").find(text[i + 1]) == std::string_view::npos) return false;
        escaped = true;
        ++i;
      }
    }
    return false;
  };
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    return i > from;
  };
  // RFC 8259's -?(0|[1-9][0-9]*)(\.[0-9]+)?, without an exponent (out of
  // a double's range is the parser's call).
  const auto number = [&] {
    if (text[i] == '-') ++i;
    if (i < n && text[i] == '0') ++i;
    else if (!(i < n && text[i] >= '1' && text[i] <= '9') || !digits()) return false;
    if (i < n && text[i] == '.' && (++i, !digits())) return false;
    return !(i < n && (text[i] == 'e' || text[i] == 'E'));
  };
  std::vector<char> open; // '{' or '[' of each enclosing container
  bool object = false, environment = false, other_key = false;
  bool expect_value = true;
  for (;;) {
    skip_space();
    if (i >= n) {
      if (expect_value || !open.empty()) return std::nullopt;
      return false; // a lone scalar
    }
    if (expect_value) {
      const char c = text[i];
      if (open.empty()) object = c == '{';
      if (c == '{' || c == '[') {
        if (open.size() >= 512) return std::nullopt;
        open.push_back(c);
        ++i;
        skip_space();
        if (i < n && text[i] == (c == '{' ? '}' : ']')) {
          ++i;
          open.pop_back();
          expect_value = false;
          continue;
        }
        if (c == '[') continue; // its first value
        if (i >= n || text[i] != '"') return std::nullopt;
        // A key, read in the `,` branch below as well.
      } else {
        std::string_view unused;
        bool escaped = false;
        if (c == '"') {
          if (!string(unused, escaped)) return std::nullopt;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          if (!number()) return std::nullopt;
        } else if (text.substr(i, 4) == "true" || text.substr(i, 4) == "null") {
          i += 4;
        } else if (text.substr(i, 5) == "false") {
          i += 5;
        } else {
          return std::nullopt;
        }
        expect_value = false;
        continue;
      }
    } else {
      if (open.empty()) return std::nullopt; // text after the value
      const char c = text[i++];
      if (c == (open.back() == '{' ? '}' : ']')) {
        open.pop_back();
        if (open.empty()) {
          skip_space();
          if (i != n) return std::nullopt;
          return object && environment && !other_key;
        }
        continue;
      }
      if (c != ',') return std::nullopt;
      if (open.back() == '[') {
        expect_value = true;
        continue;
      }
      skip_space();
      if (i >= n || text[i] != '"') return std::nullopt;
    }
    // An object's key at text[i].
    std::string_view key;
    bool escaped = false;
    if (!string(key, escaped)) return std::nullopt;
    if (open.size() == 1) {
      if (escaped) return std::nullopt; // compared unescaped by the parser
      if (!is_meta_key(key)) (names_environment(key) ? environment : other_key) = true;
    }
    skip_space();
    if (i >= n || text[i++] != ':') return std::nullopt;
    expect_value = true;
  }
}

} // namespace detail

std::vector<EnvironmentSpec> declared_environments(const model::Document& manifest) {
  Tree scratch;
  const std::filesystem::path unused_cwd;
  std::vector<model::Diagnostic> reported_by_the_planner;
  ManifestReader reader(manifest, scratch, unused_cwd, reported_by_the_planner);
  reader.read_environments();
  return std::move(scratch.environments);
}

} // namespace claudelint::compile
