#include "schema/registry.h"

#include <algorithm>

#include <fmt/format.h>

#include "data/embedded.h"
#include "model/source_file.h"
#include "schema/uri.h"
#include "source/file_kind.h"
#include "source/loader.h"
#include "support/error.h"
#include "support/input_log.h"

namespace claudelint::schema {

namespace fs = std::filesystem;
using nlohmann::json;

std::string without_fragment(std::string_view uri) {
  const auto hash = uri.find('#');
  return std::string(hash == std::string_view::npos ? uri : uri.substr(0, hash));
}

std::optional<RefMap> parse_ref_map(std::string_view argument) {
  const auto eq = argument.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == argument.size()) return std::nullopt;
  return RefMap{std::string(argument.substr(0, eq)), fs::path(argument.substr(eq + 1))};
}

std::string file_uri(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(path), ec);
  if (ec) absolute = fs::absolute(path).lexically_normal();
  std::string uri = "file://" + absolute.generic_string();
  // Symbolic links decide which file the URI names.
  support::note_input(support::InputKind::canonical, path, uri);
  return uri;
}

json read_schema_file(const fs::path& path) {
  auto read = support::read_input_file(path);
  if (!read.bytes) throw Error(fmt::format("cannot read schema {}", path.generic_string()));
  const source::FileKind kind = source::classify(path.generic_string());
  const model::SourceFile file(path.generic_string(), std::move(*read.bytes));
  const auto loaded = source::load(file, 0, kind == source::FileKind::yaml ? kind : source::FileKind::json, {});
  for (const auto& d : loaded.diagnostics) {
    if (d.severity != model::Severity::error) continue;
    const auto p = file.position(d.range.begin);
    throw Error(fmt::format("schema {}:{}:{}: {}", path.generic_string(), p.line, p.column, d.message));
  }
  if (loaded.documents.empty()) throw Error(fmt::format("schema {} is empty", path.generic_string()));
  return loaded.documents.front().value;
}

namespace {

/// Whether a schema could be read from `path` (noted for `check --cache`).
bool is_schema_file(const fs::path& path) {
  std::error_code ec;
  const bool regular = fs::is_regular_file(path, ec);
  support::note_input(support::InputKind::regular_file, path, support::yes_no(regular));
  return regular;
}

/// Which built-in schema a file name selects. Environment file names follow
/// the deployment guide (dev.json … production.json).
struct NameRule {
  std::string_view schema; // file name of the schema under schemas/config/
  bool (*matches)(std::string_view stem, source::FileKind kind);
};

bool is_env_name(std::string_view stem) {
  static constexpr std::string_view names[] = {"dev",     "development", "staging", "test", "pre-prod",
                                               "preprod", "production",  "prod",    "ci"};
  return std::find(std::begin(names), std::end(names), stem) != std::end(names);
}

const NameRule name_rules[] = {
    {"client.schema.json",
     [](std::string_view stem, source::FileKind kind) {
       return (kind == source::FileKind::json || kind == source::FileKind::jsonc) && is_env_name(stem);
     }},
    {"deployment.schema.json",
     [](std::string_view stem, source::FileKind) { return stem == "deployment" || stem == "ha"; }},
    {"monitoring.schema.json", [](std::string_view stem, source::FileKind) { return stem == "monitoring"; }},
    {"notifications.schema.json",
     [](std::string_view stem, source::FileKind) { return stem == "notifications" || stem == "alerting"; }},
    {"rbac.schema.json", [](std::string_view stem, source::FileKind) { return stem == "rbac"; }},
    {"dotenv.schema.json", [](std::string_view, source::FileKind kind) { return kind == source::FileKind::dotenv; }},
    {"../manifest.schema.json",
     [](std::string_view stem, source::FileKind kind) { return stem == "claudelint" && kind == source::FileKind::yaml; }},
};

} // namespace

/// The embedded schema documents by `$id`, shared by every Registry of the
/// process (the run's, the rule loader's). The ids were read at build time;
/// a document is parsed the first time it is asked for, because most runs
/// need a few of them and parsing all was a third of checking an empty tree.
class EmbeddedDocuments {
public:
  static EmbeddedDocuments& get() {
    static EmbeddedDocuments documents;
    return documents;
  }

  const json* find(const std::string& id) {
    const auto it = by_id_.find(id);
    if (it == by_id_.end()) return nullptr;
    Entry& entry = it->second;
    std::call_once(entry.parsed, [&] { entry.value = source::parse_embedded_json(entry.text); });
    return &entry.value;
  }
  bool contains(const std::string& id) const { return by_id_.contains(id); }
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& [id, entry] : by_id_) out.push_back(id);
    return out;
  }

private:
  struct Entry {
    std::string_view text;
    std::once_flag parsed;
    json value;
  };

  EmbeddedDocuments() {
    for (const auto& file : data::files()) {
      if (file.id.empty()) continue;
      const auto [it, added] = by_id_.try_emplace(without_fragment(file.id));
      if (added) it->second.text = file.content;
    }
  }

  std::map<std::string, Entry> by_id_;
};

Registry::Registry(std::vector<RefMap> ref_maps) : documents_(&EmbeddedDocuments::get()), ref_maps_(std::move(ref_maps)) {}

const json* Registry::builtin_document(const std::string& uri) const {
  const std::string base = without_fragment(uri);
  if (const json* document = documents_->find(base)) return document;
  // The metaschemas are named with and without "https" and a trailing "#".
  if (base.starts_with("https://json-schema.org/")) return documents_->find("http://" + base.substr(8));
  return nullptr;
}

std::optional<json> Registry::fetch(const std::string& uri) const {
  const std::string base = without_fragment(uri);
  if (const json* builtin = builtin_document(base)) return *builtin;
  for (const auto& map : ref_maps_) {
    if (!base.starts_with(map.prefix)) continue;
    const fs::path path = map.directory / base.substr(map.prefix.size());
    if (is_schema_file(path)) return read_schema_file(path);
  }
  if (base.starts_with("file://")) {
    const fs::path path = base.substr(7);
    if (is_schema_file(path)) return read_schema_file(path);
  }
  return std::nullopt;
}

Fetch Registry::fetcher() const {
  return [this](const std::string& uri) { return fetch(uri); };
}

std::optional<std::string> Registry::builtin_for(std::string_view path) const {
  const auto kind = source::classify(path);
  const auto slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto dot = name.find('.', name.starts_with('.') ? 1 : 0);
  const std::string_view stem = dot == std::string_view::npos ? name : name.substr(0, dot);
  for (const auto& rule : name_rules) {
    if (!rule.matches(stem, kind)) continue;
    const std::string id = uri::resolve("https://claudelint.dev/schemas/config/", rule.schema);
    if (documents_->contains(id)) return id;
  }
  return std::nullopt;
}

std::vector<std::string> Registry::builtin_ids() const {
  std::vector<std::string> ids = documents_->ids();
  std::erase_if(ids, [](const std::string& id) { return !id.starts_with("https://claudelint.dev/schemas/config/"); });
  return ids;
}

const CompileResult& SchemaCache::once(const std::string& key, const std::function<CompileResult()>& compile_it) {
  Entry* found = nullptr;
  {
    const std::lock_guard lock(mutex_);
    found = &compiled_[key];
  }
  std::call_once(found->compiled, [&] {
    try {
      found->result = compile_it();
    } catch (const Error& e) {
      found->result = CompileResult{};
      found->result.problems.push_back({key, "", e.what()});
    }
  });
  return found->result;
}

const CompileResult& SchemaCache::get(const std::string& uri) {
  const std::string key = without_fragment(uri);
  return once(key, [&] {
    CompileResult result;
    if (auto document = registry_.fetch(key)) result = compile(*document, key, registry_.fetcher());
    else result.problems.push_back({key, "", fmt::format("schema {} was not found", key)});
    return result;
  });
}

const CompileResult& SchemaCache::get(const std::string& uri, const json& document) {
  const std::string key = without_fragment(uri);
  return once(key, [&] { return compile(document, key, registry_.fetcher()); });
}

} // namespace claudelint::schema
