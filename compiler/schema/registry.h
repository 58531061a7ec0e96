#pragma once
// Which schema applies to which file, and where schema documents come from:
// the built-in schemas embedded in the binary, the draft metaschemas,
// `--ref-map PREFIX=DIR` folders and files on disk. Never the network.
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/engine.h"

namespace claudelint::schema {

/// A URI prefix served from a local folder (`--ref-map`).
struct RefMap {
  std::string prefix;
  std::filesystem::path directory;
};

/// Parses `PREFIX=DIR`; nullopt when there is no `=`.
std::optional<RefMap> parse_ref_map(std::string_view argument);

/// The URI of a local schema file (`file:///abs/path`), the base its relative
/// `$ref`s resolve against.
std::string file_uri(const std::filesystem::path& path);

/// Reads a JSON or YAML schema file into a value; throws claudelint::Error
/// with the file and reason when it cannot be read or parsed.
nlohmann::json read_schema_file(const std::filesystem::path& path);

class EmbeddedDocuments;

class Registry {
public:
  /// Loads the built-in schemas and metaschemas embedded in the binary.
  explicit Registry(std::vector<RefMap> ref_maps = {});

  /// A schema document by URI (fragment ignored): built-in `$id`s and
  /// metaschemas, then `--ref-map` folders, then `file://` URIs.
  std::optional<nlohmann::json> fetch(const std::string& uri) const;

  /// The Fetch callback the engine uses, bound to this registry.
  Fetch fetcher() const;
  /// A built-in schema document (or metaschema) in place, without the copy
  /// `fetch` makes; null for any other URI.
  const nlohmann::json* builtin_document(const std::string& uri) const;

  /// The built-in schema `$id` for a config file, chosen by its name
  /// (`production.json` → client, `deployment.yaml` → deployment …).
  std::optional<std::string> builtin_for(std::string_view path) const;

  /// `$id`s of every built-in config schema, sorted.
  std::vector<std::string> builtin_ids() const;

private:
  EmbeddedDocuments* documents_; // built-ins by URI without fragment, shared by the process
  std::vector<RefMap> ref_maps_;
};

/// Compiles each schema once and keeps it for the run.
class SchemaCache {
public:
  explicit SchemaCache(const Registry& registry) : registry_(registry) {}

  /// The compiled schema for `uri` (fetched through the registry), compiling
  /// it on first use. The result's `schema` is null when it cannot be used.
  /// Safe from several threads, which compile different schemas at once; a
  /// result, once made, never moves.
  const CompileResult& get(const std::string& uri);

  /// Compiles a schema given as a document (e.g. `--schema FILE`).
  const CompileResult& get(const std::string& uri, const nlohmann::json& document);

private:
  struct Entry {
    std::once_flag compiled;
    CompileResult result;
  };
  /// The result for `key`, made by `compile_it` on first use: the lock is
  /// held only to find the entry, so different schemas compile at once.
  const CompileResult& once(const std::string& key, const std::function<CompileResult()>& compile_it);

  const Registry& registry_;
  std::mutex mutex_;
  std::map<std::string, Entry> compiled_; ///< a map: entries never move
};

/// Strips a `#fragment` from a URI.
std::string without_fragment(std::string_view uri);

} // namespace claudelint::schema
