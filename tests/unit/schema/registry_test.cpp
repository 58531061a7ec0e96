#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "schema/registry.h"

using namespace claudelint;
using nlohmann::json;

// The build reads each embedded schema's `$id` (cmake/EmbedFiles.cmake) so
// that a run parses only the documents it uses; the id it read must be the
// one the document itself gives.
TEST_CASE("the build-time id of every embedded JSON file is the document's own", "[schema][registry]") {
  std::size_t schemas = 0;
  for (const auto& file : data::files()) {
    if (!file.path.ends_with(".json")) {
      CHECK(file.id.empty());
      continue;
    }
    INFO(file.path);
    const json document = json::parse(file.content);
    std::string id;
    if (document.contains("$id") && document["$id"].is_string()) id = document["$id"].get<std::string>();
    else if (document.contains("id") && document["id"].is_string()) id = document["id"].get<std::string>();
    CHECK(file.id == id);
    schemas += id.empty() ? 0 : 1;
  }
  CHECK(schemas >= 10); // the config and output schemas, the rule schema, three metaschemas
}

TEST_CASE("the registry finds each built-in document by its id, parsed", "[schema][registry]") {
  const schema::Registry registry;
  for (const auto& file : data::files()) {
    if (file.id.empty()) continue;
    INFO(file.path);
    const json* document = registry.builtin_document(std::string(file.id));
    REQUIRE(document != nullptr);
    CHECK(*document == json::parse(file.content));
    // The same document every time, parsed once.
    CHECK(registry.builtin_document(std::string(file.id)) == document);
    CHECK(schema::Registry().builtin_document(std::string(file.id)) == document);
  }
  // The metaschemas answer to https:// as well, and a fragment is ignored.
  const json* draft7 = registry.builtin_document("http://json-schema.org/draft-07/schema#");
  REQUIRE(draft7 != nullptr);
  CHECK(registry.builtin_document("https://json-schema.org/draft-07/schema") == draft7);
  CHECK(registry.builtin_document("https://claudelint.dev/schemas/config/nothing.schema.json") == nullptr);
}

TEST_CASE("builtin_for and builtin_ids name the built-in config schemas", "[schema][registry]") {
  const schema::Registry registry;
  CHECK(registry.builtin_for("config/production.json") ==
        std::optional<std::string>("https://claudelint.dev/schemas/config/client.schema.json"));
  CHECK(registry.builtin_for("ha.yaml") ==
        std::optional<std::string>("https://claudelint.dev/schemas/config/deployment.schema.json"));
  CHECK_FALSE(registry.builtin_for("notes.txt"));
  const auto ids = registry.builtin_ids();
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(std::find(ids.begin(), ids.end(), "https://claudelint.dev/schemas/config/rbac.schema.json") != ids.end());
  for (const auto& id : ids) CHECK(id.starts_with("https://claudelint.dev/schemas/config/"));
}
