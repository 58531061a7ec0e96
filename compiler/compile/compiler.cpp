#include "compile/compiler.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <functional>
#include <random>

#include <fmt/format.h>

#include "compile/conventions.h"
#include "compile/merge.h"
#include "compile/normalize.h"
#include "compile/pattern.h"
#include "secrets/detector.h"
#include "support/sha256.h"

namespace claudelint::compile {

using nlohmann::json;

namespace {


/// The environment whose key suffix `name` carries (longest suffix wins, so
/// `_PRE_PROD` beats `_PROD`), among the tree's and the conventional ones.
std::optional<std::string> suffix_owner(std::string_view name, const Tree& tree) {
  std::optional<std::string> owner;
  std::size_t best = 0;
  auto consider = [&](const EnvironmentSpec& spec) {
    for (const auto& suffix : spec.key_suffixes)
      if (suffix.size() > best && name.size() > suffix.size() && name.ends_with(suffix)) {
        best = suffix.size();
        owner = spec.name;
      }
  };
  for (const auto& spec : tree.environments) consider(spec);
  for (const auto& spec : conventional_environments())
    if (!tree.environment(spec.name)) consider(spec);
  return owner;
}

/// `${NAME}` references in a string.
std::vector<std::string> references_in(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at + 2)) {
    const auto close = text.find('}', at + 2);
    if (close == std::string_view::npos) break;
    const std::string_view name = text.substr(at + 2, close - at - 2);
    const bool valid = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front())) &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (valid) names.emplace_back(name);
  }
  return names;
}

class EnvironmentCompiler {
public:
  EnvironmentCompiler(const Tree& tree, const EnvironmentSpec& spec, const CompileInput& input,
                      std::vector<model::Diagnostic>& diagnostics)
      : tree_(tree), spec_(spec), input_(input), diagnostics_(diagnostics) {
    for (const auto& role : tree.files)
      if (const InputFile* file = input.find(role.file)) files_.emplace(role.file, file);
  }

  CompiledEnvironment run() {
    result_.tree = tree_.root;
    result_.name = spec_.name;
    result_.document = json::object();
    Layering layering(result_, tree_.merge, diagnostics_);
    Origin derived;
    derived.layer = "derived";
    layering.set("/environment", spec_.name, derived);
    json files = json::object();
    for (const auto& [role, layer] : environment_layers(tree_, spec_)) {
      const auto it = files_.find(role->file);
      if (it == files_.end()) continue;
      const InputFile& file = *it->second;
      std::optional<std::string> fed;
      for (std::size_t i = 0; file.documents && i < file.documents->size(); ++i)
        if (auto section = add_document(layering, *role, file, i, layer)) fed = section;
      json entry = {{"kind", std::string(source::to_string(file.kind))}, {"layer", layer}};
      if (fed) entry["section"] = *fed;
      if (file.mode) {
        entry["mode"] = fmt::format("{:04o}", *file.mode);
        entry["executable"] = (*file.mode & 0111) != 0;
      }
      files[role->path] = std::move(entry);
      Origin origin;
      origin.file = file.file;
      origin.layer = layer;
      layering.set(model::append_pointer("/files", role->path), files[role->path], origin);
    }
    if (!result_.document.contains("files")) layering.set("/files", json::object(), derived);
    add_references(layering);
    add_script_uses(layering);
    for (const auto& [pointer, section] : sections_) {
      if (section.schema_uri.empty()) continue;
      NormalizeInput normalize{input_.registry, input_.sources, input_.schema_findings};
      normalize_section(result_, section, normalize, diagnostics_);
    }
    // Containers the compiler made hold no value of their own.
    for (const char* pointer : {"", "/files", "/secrets"})
      if (result_.document.contains(json::json_pointer(pointer)) && !result_.provenance.contains(pointer))
        result_.provenance[pointer].push_back(derived);
    return std::move(result_);
  }

private:
  /// Adds document `index` of `file` as a layer; the section it fed, if any.
  std::optional<std::string> add_document(Layering& layering, const FileRole& role, const InputFile& file,
                                          std::size_t index, const std::string& layer) {
    const model::Document& document = (*file.documents)[index];
    if (document.partial) result_.complete = false;
    std::string pointer;
    const json* value = &document.value;
    if (role.split_by_environment) {
      if (!value->is_object()) return std::nullopt;
      auto key = value->begin();
      while (key != value->end() && !spec_.answers_to(key.key())) ++key;
      if (key == value->end()) return std::nullopt;
      pointer = model::append_pointer("", key.key());
      value = &key.value();
    }
    const std::optional<std::string> schema = index < file.schemas.size() ? file.schemas[index] : std::nullopt;
    std::optional<std::string> section = tree_.section_for(role.path);
    if (!section && schema) section = section_for_schema(*schema);
    if (!section && file.kind == source::FileKind::dotenv) section = "secrets";
    if (!section) return std::nullopt;
    if (*section == "secrets") {
      add_secrets(layering, document, *value, layer, is_template_file(role.path));
      return section;
    }
    // Meta keys ($schema, x-… anchors) are not configuration.
    json content = *value;
    if (content.is_object())
      for (auto it = content.begin(); it != content.end();) it = is_meta_key(it.key()) ? content.erase(it) : std::next(it);
    // `notifications:` at the top of notifications.yaml is the section itself.
    if (content.is_object() && content.size() == 1 && content.begin().key() == *section) {
      pointer = model::append_pointer(pointer, *section);
      content = json(content.begin().value());
    }
    const std::string target = model::append_pointer("", *section);
    layering.apply(target, content, {&document, pointer, layer});
    if (schema) sections_[target] = {target, pointer, *schema};
    else sections_.try_emplace(target, SectionSchema{target, pointer, ""});
    return section;
  }

  /// A .env layer: names and facts, never values. In a shared file, a key
  /// with another environment's suffix belongs to that environment; in an
  /// environment's own file it is kept, and the key-scope rule flags it.
  void add_secrets(Layering& layering, const model::Document& document, const json& value, const std::string& layer,
                   bool template_file) {
    if (!value.is_object()) return;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& name = it.key();
      const json& written = it.value();
      const auto owner = suffix_owner(name, tree_);
      if (owner && *owner != spec_.name && layer == "shared") continue;
      Origin origin;
      origin.file = document.file;
      origin.layer = layer;
      origin.source_pointer = model::append_pointer("", name);
      const auto span = document.map.find(origin.source_pointer);
      if (span) {
        origin.value = span->key.value_or(span->value);
        origin.key = span->key;
      }
      const std::string text = written.is_string() ? written.get<std::string>() : std::string();
      // Whether the value was ever filled in, never the value itself; a
      // template (.env.example) is meant to hold placeholders.
      const bool placeholder = !template_file && secrets::looks_like_placeholder(text);
      const std::string at = model::append_pointer("/secrets", name);
      json facts = {{"defined", true}, {"placeholder", placeholder}};
      if (template_file) facts["template"] = true;
      if (implicitly_used(name)) facts["implicit"] = true;
      layering.set(at, std::move(facts), origin);
      if (owner) set_key_of(layering, at, *owner, origin);
      if (template_file || placeholder || text.empty()) continue;
      Origin value_origin = origin;
      if (span) value_origin.value = span->value;
      if (const auto scheme = secrets::environment_scheme(text)) {
        std::string suffix = "_" + *scheme;
        std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::toupper(c); });
        if (const auto issued_for = suffix_owner("KEY" + suffix, tree_))
          layering.set(at + "/value_of", *issued_for, value_origin);
      }
      if (text.find("${") == std::string::npos)
        result_.secret_values[name] = {support::sha256_hex(salt() + text), value_origin};
    }
  }

  /// The environment a key's name is for; `foreign` when that is not this one.
  void set_key_of(Layering& layering, const std::string& at, const std::string& owner, const Origin& origin) {
    layering.set(at + "/key_of", owner, origin);
    if (owner != spec_.name) layering.set(at + "/foreign", true, origin);
  }

  /// Per-process random salt for secret fingerprints.
  static const std::string& salt() {
    static const std::string value = [] {
      std::random_device device;
      std::string bytes;
      for (int i = 0; i < 4; ++i) bytes += std::to_string(device());
      return bytes;
    }();
    return value;
  }

  bool implicitly_used(const std::string& name) const {
    return std::any_of(tree_.secrets.implicit_use.begin(), tree_.secrets.implicit_use.end(),
                       [&](const std::string& glob) { return match_pattern(glob, name); });
  }

  /// Every `${NAME}` a value refers to becomes an entry of /secrets.
  void add_references(Layering& layering) {
    std::map<std::string, std::vector<std::string>> references; // name → pointers
    // An explicit stack (the depth is the input's); one pointer buffer, cut
    // back to each entry's length, instead of a new string per value.
    struct Entry {
      const json* node;
      std::size_t length; ///< of the parent's pointer
      std::string_view key;
      std::size_t index;
      bool keyed;
    };
    std::vector<Entry> stack{{&result_.document, 0, {}, 0, false}};
    std::string pointer;
    bool root = true;
    while (!stack.empty()) {
      const Entry entry = stack.back();
      stack.pop_back();
      pointer.resize(entry.length);
      if (!root) {
        if (entry.keyed) model::push_pointer_token(pointer, entry.key);
        else model::push_pointer_index(pointer, entry.index);
      }
      root = false;
      // Only the root's own keys can be these two (entry.length is the parent's).
      if (entry.length == 0 && (std::string_view(pointer) == "/secrets" || std::string_view(pointer) == "/files"))
        continue;
      const json& node = *entry.node;
      if (node.is_object()) {
        for (const auto& [key, child] : node.items()) stack.push_back({&child, pointer.size(), key, 0, true});
      } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) stack.push_back({&node[i], pointer.size(), {}, i, false});
      } else if (node.is_string()) {
        for (auto& name : references_in(node.get_ref<const std::string&>())) references[name].push_back(pointer);
      }
    }
    for (auto& [name, pointers] : references) {
      std::sort(pointers.begin(), pointers.end());
      const std::string at = model::append_pointer("/secrets", name);
      const json::json_pointer p(at);
      Origin origin = result_.origin(pointers.front()) ? *result_.origin(pointers.front()) : Origin{};
      if (!result_.document.contains(p)) {
        const bool external =
            std::find(tree_.secrets.external.begin(), tree_.secrets.external.end(), name) != tree_.secrets.external.end();
        json facts = {{"defined", external}};
        if (external) facts["external"] = true;
        layering.set(at, std::move(facts), origin);
        if (const auto owner = suffix_owner(name, tree_)) set_key_of(layering, at, *owner, origin);
      }
      layering.set(at + "/referenced_from", pointers, origin);
    }
  }

  /// `$NAME` expansions in the environment's scripts use keys its key
  /// sources define (they never define one: `$HOME` is not a secret).
  void add_script_uses(Layering& layering) {
    for (const auto& [role, layer] : environment_layers(tree_, spec_)) {
      const auto it = files_.find(role->file);
      if (it == files_.end() || it->second->kind != source::FileKind::shell || !it->second->documents) continue;
      const std::string file_pointer = model::append_pointer("/files", role->path);
      for (const auto& document : *it->second->documents) {
        const json* expansions = model::find_value(document.value, "/expansions");
        if (!expansions || !expansions->is_array()) continue;
        for (const auto& expansion : *expansions) {
          const std::string name = expansion.is_object() ? expansion.value("name", "") : "";
          const std::string at = model::append_pointer("/secrets", name);
          json* entry = name.empty() ? nullptr : find_mutable(at);
          if (!entry || !entry->value("defined", false)) continue;
          json from = entry->value("referenced_from", json::array());
          if (std::find(from.begin(), from.end(), file_pointer) != from.end()) continue;
          from.push_back(file_pointer);
          std::sort(from.begin(), from.end());
          Origin origin;
          origin.file = role->file;
          origin.layer = layer;
          layering.set(at + "/referenced_from", std::move(from), origin);
        }
      }
    }
  }

  json* find_mutable(const std::string& pointer) {
    const json::json_pointer p(pointer);
    return result_.document.contains(p) ? &result_.document[p] : nullptr;
  }

  const Tree& tree_;
  const EnvironmentSpec& spec_;
  const CompileInput& input_;
  std::vector<model::Diagnostic>& diagnostics_;
  std::map<model::FileId, const InputFile*> files_;
  std::map<std::string, SectionSchema> sections_; // by section pointer; the last layer's schema
  CompiledEnvironment result_;
};

} // namespace

std::vector<std::pair<const FileRole*, std::string>> environment_layers(const Tree& tree,
                                                                       const EnvironmentSpec& environment) {
  std::vector<std::pair<const FileRole*, std::string>> layers;
  for (const auto& role : tree.files)
    if (role.shared) layers.push_back({&role, "shared"});
  // Extended environments' own files, most distant ancestor first.
  std::vector<std::string> chain;
  std::function<void(const EnvironmentSpec&)> ancestors = [&](const EnvironmentSpec& spec) {
    for (const auto& parent : spec.extends) {
      if (std::find(chain.begin(), chain.end(), parent) != chain.end()) continue;
      if (const auto* p = tree.environment(parent)) {
        ancestors(*p);
        chain.push_back(parent);
      }
    }
  };
  ancestors(environment);
  auto own = [&](const std::string& name, const std::string& layer) {
    for (const auto& role : tree.files)
      if (!role.shared && std::find(role.environments.begin(), role.environments.end(), name) != role.environments.end())
        layers.push_back({&role, layer});
  };
  for (const auto& parent : chain)
    if (parent != environment.name) own(parent, "extends " + parent);
  own(environment.name, "environment");
  return layers;
}

const InputFile* CompileInput::find(model::FileId file) const {
  const auto it = std::lower_bound(files.begin(), files.end(), file,
                                   [](const InputFile& input, model::FileId id) { return input.file < id; });
  if (it != files.end() && it->file == file) return &*it;
  // Not in FileId order after all: still correct, only slower.
  const auto found = std::find_if(files.begin(), files.end(), [&](const InputFile& input) { return input.file == file; });
  return found == files.end() ? nullptr : &*found;
}

std::vector<CompiledEnvironment> compile_tree(const Tree& tree, const CompileInput& input,
                                              std::vector<model::Diagnostic>& diagnostics) {
  std::vector<CompiledEnvironment> environments;
  for (const auto& spec : tree.environments)
    environments.push_back(EnvironmentCompiler(tree, spec, input, diagnostics).run());
  return environments;
}

bool is_sensitive_pointer(std::string_view pointer) {
  // The compiled /secrets section holds names and references, never values.
  if (pointer == "/secrets" || pointer.starts_with("/secrets/")) return false;
  const auto slash = pointer.rfind('/');
  return secrets::is_secret_key_name(slash == std::string_view::npos ? pointer : pointer.substr(slash + 1));
}

namespace {

/// A string that only refers to secrets: `${NAME}` references, with at most
/// a plain `https://host/path/` before them (a webhook URL whose secret part
/// is a reference).
bool only_references(const std::string& text) {
  std::string rest;
  for (std::size_t at = 0; at < text.size();) {
    const auto open = text.find("${", at);
    if (open == std::string::npos) {
      rest += text.substr(at);
      break;
    }
    rest += text.substr(at, open - at);
    const auto close = text.find('}', open);
    if (close == std::string::npos) return false;
    at = close + 1;
  }
  if (text.find("${") == std::string::npos) return false;
  if (rest.empty()) return true;
  const bool url = rest.starts_with("https://") || rest.starts_with("http://");
  return url && rest.find('@') == std::string::npos && rest.find('?') == std::string::npos;
}

void redact_in_place(json& value, const std::string& pointer) {
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) redact_in_place(child, model::append_pointer(pointer, key));
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) redact_in_place(value[i], model::append_pointer(pointer, i));
  } else if (value.is_string() && is_sensitive_pointer(pointer) && !only_references(value.get<std::string>())) {
    value = "<redacted>";
  }
}

} // namespace

json redact_credentials(const json& value, const std::string& pointer) {
  json copy = value;
  redact_in_place(copy, pointer);
  return copy;
}

} // namespace claudelint::compile
