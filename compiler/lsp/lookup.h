#pragma once
// What is at a position of an open document, for hover and completion: the
// JSON Pointer of the key or value under the cursor (from a fresh load of
// the buffer), and what the document's JSON Schema says about a pointer.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/document.h"
#include "model/source_file.h"
#include "schema/registry.h"
#include "source/file_kind.h"

namespace claudelint::lsp {

/// An open document's text loaded as claudelint loads it.
struct LoadedBuffer {
  model::SourceFile file;
  source::FileKind kind = source::FileKind::unknown;
  std::vector<model::Document> documents;
};

/// Loads `text` as the file at `path` (its kind from the name, or a shell
/// shebang); nullopt for a file claudelint does not read.
std::optional<LoadedBuffer> load_buffer(const std::string& path, const std::string& text);

/// The key or value under a byte offset.
struct Target {
  std::size_t document = 0; ///< index into LoadedBuffer::documents
  std::string pointer;
  bool on_key = false;
  model::ByteRange range; ///< of the key or the value
};

/// The innermost key or value whose range holds `offset` (its end included,
/// for a cursor just after a word).
std::optional<Target> target_at(const LoadedBuffer& buffer, std::size_t offset);

/// The pointer one level up ("" for the root's children).
std::string parent_pointer(std::string_view pointer);
/// The last reference token of a pointer, unescaped.
std::string last_token(std::string_view pointer);

/// What a schema says about one value: the union over every subschema that
/// applies ($ref, allOf, anyOf, oneOf followed).
struct SchemaFacts {
  std::string title;
  std::string description;
  std::vector<std::string> types;
  std::vector<nlohmann::json> enum_values;
  std::optional<nlohmann::json> default_value;
  /// Named properties an object may have, with their own facts' description.
  std::map<std::string, std::string> properties;
  /// Their types, for completion details.
  std::map<std::string, std::string> property_types;
  bool found = false; ///< some subschema describes the pointer
};

/// Walks JSON Schemas fetched through a registry (built-in schemas, ref
/// maps, local files; never the network), keeping each document it fetched.
class SchemaNavigator {
public:
  explicit SchemaNavigator(const schema::Registry& registry) : registry_(registry) {}
  /// The facts about the value at `pointer` of a document validated against
  /// the schema `uri`.
  SchemaFacts facts(const std::string& uri, std::string_view pointer);

private:
  struct Located {
    const nlohmann::json* schema;
    std::string base; ///< the URI its `$ref`s resolve against
  };
  const nlohmann::json* resolve(const std::string& uri);
  void expand(Located at, std::vector<Located>& out, int depth);

  const schema::Registry& registry_;
  std::map<std::string, std::optional<nlohmann::json>> documents_;
};

} // namespace claudelint::lsp
