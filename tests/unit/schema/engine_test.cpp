#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "schema/engine.h"

using namespace claudelint;
using nlohmann::json;

namespace {

/// A Fetch serving fixed documents by URI.
schema::Fetch serve(std::map<std::string, json> documents) {
  return [documents = std::move(documents)](const std::string& uri) -> std::optional<json> {
    const auto it = documents.find(uri);
    if (it == documents.end()) return std::nullopt;
    return it->second;
  };
}

schema::CompileResult compile(const json& schema, const schema::Fetch& fetch = {}, const std::string& uri = "") {
  return schema::compile(schema, uri, fetch);
}

/// "pointer keyword" of each violation, sorted.
std::vector<std::string> found(const schema::CompiledSchema& s, const json& instance) {
  std::vector<std::string> out;
  for (const auto& v : s.validate(instance)) out.push_back(v.instance_pointer + " " + v.keyword);
  std::sort(out.begin(), out.end());
  return out;
}

/// Every `$ref` in `value`, wherever it is.
void collect_refs(const json& value, std::vector<std::string>& out) {
  if (value.is_object()) {
    if (const auto it = value.find("$ref"); it != value.end() && it->is_string()) out.push_back(*it);
    for (const auto& [key, child] : value.items()) collect_refs(child, out);
  } else if (value.is_array()) {
    for (const auto& child : value) collect_refs(child, out);
  }
}

} // namespace

TEST_CASE("embedded $id resources resolve without fetching", "[schema]") {
  const json s = json::parse(R"({
    "$id": "http://example.com/root.json",
    "type": "object",
    "properties": {"item": {"$ref": "item.json"}, "named": {"$ref": "#named"}},
    "definitions": {
      "item": {"$id": "item.json", "type": "integer"},
      "anchor": {"$id": "#named", "type": "string"}
    }
  })");
  const auto r = compile(s);
  REQUIRE(r.schema);
  CHECK(r.problems.empty());
  std::vector<std::string> refs;
  collect_refs(r.schema->bundled(), refs);
  for (const auto& ref : refs) CHECK(ref.starts_with("#/"));
  CHECK(!r.schema->bundled().at(json::json_pointer("/definitions/item")).contains("$id"));
  CHECK(r.schema->validate({{"item", 1}, {"named", "x"}}).empty());
  CHECK(found(*r.schema, {{"item", "1"}, {"named", 2}}) == std::vector<std::string>{"/item type", "/named type"});
}

TEST_CASE("relative refs between two fetched documents resolve against each document", "[schema]") {
  const auto fetch = serve({
      {"http://example.com/schemas/a.json", json::parse(R"({"properties": {"port": {"$ref": "common/b.json#/definitions/port"}}})")},
      {"http://example.com/schemas/common/b.json",
       json::parse(R"({"definitions": {"port": {"$ref": "#/definitions/number"}, "number": {"type": "integer", "maximum": 65535}}})")},
  });
  const auto r = compile(json::parse(R"({"$ref": "http://example.com/schemas/a.json"})"), fetch);
  REQUIRE(r.schema);
  std::vector<std::string> refs;
  collect_refs(r.schema->bundled(), refs);
  CHECK(refs.size() == 3);
  for (const auto& ref : refs) CHECK(ref.starts_with("#/definitions/__claudelint_bundle/"));
  CHECK(r.schema->validate({{"port", 8080}}).empty());
  CHECK(found(*r.schema, {{"port", 70000}}) == std::vector<std::string>{"/port maximum"});
}

TEST_CASE("a recursive schema validates nested instances through its $ref", "[schema]") {
  const json s = json::parse(R"({
    "type": "object",
    "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}},
    "additionalProperties": false
  })");
  const auto r = compile(s);
  REQUIRE(r.schema);
  const json ok = json::parse(R"({"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]})");
  CHECK(r.schema->validate(ok).empty());
  const json bad = json::parse(R"({"name": "a", "children": [{"name": "b", "children": [{"name": 3, "extra": true}]}]})");
  CHECK(found(*r.schema, bad) ==
        std::vector<std::string>{"/children/0/children/0/extra additionalProperties", "/children/0/children/0/name type"});
}

TEST_CASE("schema problems: unresolvable refs, cycles, later drafts", "[schema]") {
  SECTION("a missing local target") {
    const auto r = compile(json::parse(R"({"properties": {"a": {"$ref": "#/definitions/missing"}}})"));
    CHECK_FALSE(r.schema);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].pointer == "/properties/a/$ref");
    CHECK(r.problems[0].message.find("#/definitions/missing") != std::string::npos);
  }
  SECTION("a missing plain-name fragment") {
    const auto r = compile(json::parse(R"({"$ref": "#nowhere"})"));
    CHECK_FALSE(r.schema);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message.find("#nowhere") != std::string::npos);
  }
  SECTION("a remote ref without a fetch callback") {
    const auto r = compile(json::parse(R"({"$ref": "https://example.com/remote.json"})"));
    CHECK_FALSE(r.schema);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message.find("https://example.com/remote.json") != std::string::npos);
  }
  SECTION("a remote ref the fetch callback does not know") {
    const auto r = compile(json::parse(R"({"$ref": "https://example.com/remote.json"})"), serve({}));
    CHECK_FALSE(r.schema);
    CHECK(r.problems.size() == 1);
  }
  SECTION("a relative ref in a schema without a URI") {
    const auto r = compile(json::parse(R"({"$ref": "other.json"})"), serve({}));
    CHECK_FALSE(r.schema);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message.find("no URI") != std::string::npos);
  }
  SECTION("a cycle of refs that never reaches a schema") {
    const auto r = compile(json::parse(R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
                                           "properties": {"x": {"$ref": "#/definitions/a"}}})"));
    CHECK_FALSE(r.schema);
    REQUIRE_FALSE(r.problems.empty());
    CHECK(r.problems[0].message.find("cycle") != std::string::npos);
  }
  SECTION("a root that refers to itself") {
    const auto r = compile(json::parse(R"({"$ref": "#"})"));
    CHECK_FALSE(r.schema);
  }
  SECTION("draft 2020-12 is refused, naming the draft") {
    const auto r = compile(json::parse(R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"})"));
    CHECK_FALSE(r.schema);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].pointer == "/$schema");
    CHECK(r.problems[0].message.find("2020-12") != std::string::npos);
  }
  SECTION("draft 2019-09 is refused too") {
    const auto r = compile(json::parse(R"({"$schema": "https://json-schema.org/draft/2019-09/schema#"})"));
    CHECK_FALSE(r.schema);
    CHECK(r.problems.at(0).message.find("2019-09") != std::string::npos);
  }
  SECTION("an invalid keyword value valijson rejects") {
    const auto r = compile(json::parse(R"({"minLength": "three"})"));
    CHECK_FALSE(r.schema);
    CHECK(r.problems.size() == 1);
  }
  SECTION("a regular expression that cannot be compiled") {
    const auto r = compile(json::parse(R"({"pattern": "(unclosed"})"));
    CHECK_FALSE(r.schema);
    CHECK(r.problems.size() == 1);
  }
}

TEST_CASE("the draft comes from $schema; draft 7 by default", "[schema]") {
  CHECK(compile(json::parse(R"({"$schema": "http://json-schema.org/draft-04/schema#"})")).schema->draft() == schema::Draft::draft4);
  CHECK(compile(json::parse(R"({"$schema": "https://json-schema.org/draft-06/schema"})")).schema->draft() == schema::Draft::draft6);
  CHECK(compile(json::parse(R"({"$schema": "http://json-schema.org/draft-07/schema"})")).schema->draft() == schema::Draft::draft7);
  CHECK(compile(json::object()).schema->draft() == schema::Draft::draft7);
  const auto custom = compile(json::parse(R"({"$schema": "https://example.com/meta"})"));
  REQUIRE(custom.schema);
  CHECK(custom.problems.size() == 1); // a warning: validated as draft 7
  // A custom metaschema the fetch callback serves names the draft with its own $schema.
  const auto metaschemas = serve({{"https://example.com/meta4", {{"$schema", "http://json-schema.org/draft-04/schema#"}}},
                                  {"https://example.com/meta2019", {{"$schema", "https://json-schema.org/draft/2019-09/schema"}}}});
  const auto meta4 = compile(json::parse(R"({"$schema": "https://example.com/meta4#"})"), metaschemas);
  REQUIRE(meta4.schema);
  CHECK(meta4.problems.empty());
  CHECK(meta4.schema->draft() == schema::Draft::draft4);
  CHECK_FALSE(compile(json::parse(R"({"$schema": "https://example.com/meta2019"})"), metaschemas).schema);
}

TEST_CASE("draft differences are normalised", "[schema]") {
  SECTION("draft 4 exclusiveMaximum is a boolean") {
    const auto r = compile(json::parse(R"({"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 10, "exclusiveMaximum": true})"));
    REQUIRE(r.schema);
    CHECK(r.schema->validate(9).empty());
    CHECK(found(*r.schema, 10) == std::vector<std::string>{" exclusiveMaximum"});
  }
  SECTION("draft 4 ignores keywords it does not have") {
    const auto r = compile(json::parse(R"({"$schema": "http://json-schema.org/draft-04/schema#", "const": 1, "if": false})"));
    REQUIRE(r.schema);
    CHECK(r.schema->validate(2).empty());
  }
  SECTION("decimal values of integer keywords") {
    const auto r = compile(json::parse(R"({"maxItems": 2.0, "minLength": 1.0})"));
    REQUIRE(r.schema);
    CHECK(r.schema->validate(json::array({1, 2})).empty());
    CHECK(found(*r.schema, json::array({1, 2, 3})) == std::vector<std::string>{" maxItems"});
    CHECK(found(*r.schema, "") == std::vector<std::string>{" minLength"});
  }
  SECTION("1.0 is an integer since draft 6") {
    CHECK(compile(json::parse(R"({"type": "integer"})")).schema->validate(json::parse("1.0")).empty());
    const auto draft4 = compile(json::parse(R"({"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"})"));
    CHECK_FALSE(draft4.schema->validate(json::parse("1.0")).empty());
  }
  SECTION("$id inside enum and const is data") {
    const auto r = compile(json::parse(R"({"enum": [{"$id": "#x", "$ref": "#/nowhere"}], "definitions": {"c": {"const": {"$id": "y"}}}})"));
    REQUIRE(r.schema);
    CHECK(r.schema->validate(json::parse(R"({"$id": "#x", "$ref": "#/nowhere"})")).empty());
  }
}

TEST_CASE("formats are asserted on strings only", "[schema]") {
  const auto r = compile(json::parse(R"({"properties": {"mail": {"format": "email"}, "when": {"format": "date-time"},
                                                        "other": {"format": "x-unknown"}}})"));
  REQUIRE(r.schema);
  CHECK(r.schema->validate({{"mail", 12}, {"when", true}, {"other", "anything"}}).empty());
  CHECK(r.schema->validate({{"mail", "ops@example.com"}, {"when", "2024-02-29T12:00:00Z"}}).empty());
  const auto v = r.schema->validate({{"mail", "not an address"}, {"when", "2023-02-29T12:00:00Z"}});
  REQUIRE(v.size() == 2);
  CHECK(v[0].instance_pointer == "/mail");
  CHECK(v[0].keyword == "format");
  CHECK(v[0].schema_pointer == "/properties/mail");
  CHECK(v[1].instance_pointer == "/when");
}

TEST_CASE("violations name the instance location, the keyword and the subschema", "[schema]") {
  const json s = json::parse(R"({
    "type": "object",
    "required": ["security"],
    "properties": {
      "security": {
        "type": "object",
        "required": ["api_endpoint"],
        "additionalProperties": false,
        "properties": {
          "tls": {"$ref": "#/definitions/tls"},
          "api_endpoint": {"type": "string", "pattern": "^https://"},
          "certificate_validation": {"type": "boolean"}
        }
      },
      "performance": {"type": "object", "properties": {"timeout": {"type": "integer", "minimum": 1000}}}
    },
    "definitions": {"tls": {"type": "object", "properties": {"version": {"enum": ["1.2", "1.3"]}}}}
  })");
  const auto r = compile(s);
  REQUIRE(r.schema);
  const json instance = json::parse(R"({
    "security": {"tls": {"version": "1.0"}, "certifcate_validation": true, "api_endpoint": "http://x"},
    "performance": {"timeout": "60000"}
  })");
  const auto v = r.schema->validate(instance);
  std::vector<std::string> got;
  for (const auto& x : v) got.push_back(x.instance_pointer + " " + x.keyword + " " + x.schema_pointer);
  CHECK_THAT(got, Catch::Matchers::UnorderedEquals(std::vector<std::string>{
                      "/security/tls/version enum /definitions/tls/properties/version",
                      "/security/certifcate_validation additionalProperties /properties/security",
                      "/security/api_endpoint pattern /properties/security/properties/api_endpoint",
                      "/performance/timeout type /properties/performance/properties/timeout",
                  }));
  for (const auto& x : v) CHECK_FALSE(x.message.empty());

  SECTION("required and minimum") {
    const auto w = r.schema->validate(json::parse(R"({"security": {}, "performance": {"timeout": 5}})"));
    std::vector<std::string> what;
    for (const auto& x : w) what.push_back(x.instance_pointer + " " + x.keyword + " " + x.message);
    CHECK_THAT(what, Catch::Matchers::UnorderedEquals(std::vector<std::string>{
                         "/security required missing required property 'api_endpoint'",
                         "/performance/timeout minimum 5 is less than the minimum 1000",
                     }));
  }
  SECTION("every unknown key is reported, not only the first") {
    const auto w = r.schema->validate(json::parse(R"({"security": {"api_endpoint": "https://x", "a": 1, "b": 2}})"));
    CHECK(found(*r.schema, json::parse(R"({"security": {"api_endpoint": "https://x", "a": 1, "b": 2}})")) ==
          std::vector<std::string>{"/security/a additionalProperties", "/security/b additionalProperties"});
    REQUIRE(w.size() == 2);
    CHECK(w[0].message == "property 'a' is not allowed");
  }
  SECTION("the root") {
    CHECK(found(*r.schema, json::array()) == std::vector<std::string>{" type"});
    CHECK(found(*r.schema, json::object()) == std::vector<std::string>{" required"});
  }
}

TEST_CASE("anyOf and oneOf report one violation, or the failures of the only plausible alternative", "[schema]") {
  const auto r = compile(json::parse(R"({
    "properties": {
      "port": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^\\$\\{"}]},
      "mode": {"oneOf": [{"type": "string"}, {"enum": ["a", "b"]}]}
    }
  })"));
  REQUIRE(r.schema);
  CHECK(r.schema->validate({{"port", 80}, {"port", "${PORT}"}}).empty());
  // A string: only the string alternative fits its type, so its pattern failure is the answer.
  CHECK(found(*r.schema, {{"port", "eighty"}}) == std::vector<std::string>{"/port pattern"});
  CHECK(found(*r.schema, {{"port", 0}}) == std::vector<std::string>{"/port minimum"});
  // Neither alternative fits a boolean: one anyOf violation that explains both.
  const auto v = r.schema->validate({{"port", true}});
  REQUIRE(v.size() == 1);
  CHECK(v[0].keyword == "anyOf");
  CHECK(v[0].schema_pointer == "/properties/port");
  CHECK(v[0].message.find("alternative 1") != std::string::npos);
  // "a" matches both alternatives of the oneOf.
  CHECK(found(*r.schema, {{"mode", "a"}}) == std::vector<std::string>{"/mode oneOf"});
}

TEST_CASE("propertyNames, dependencies, const, uniqueItems, contains, false", "[schema]") {
  const auto r = compile(json::parse(R"({
    "definitions": {"labels": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}}},
    "properties": {
      "labels": {"$ref": "#/definitions/labels"},
      "tls": {"dependencies": {"cert": ["key"]}},
      "kind": {"const": "service"},
      "hosts": {"uniqueItems": true, "contains": {"const": "localhost"}},
      "legacy": false
    }
  })"));
  REQUIRE(r.schema);
  CHECK(r.schema->validate({{"labels", {{"team", "x"}}}}).empty());
  CHECK(found(*r.schema, {{"labels", {{"Team", "x"}}}}) == std::vector<std::string>{"/labels/Team propertyNames"});
  CHECK(found(*r.schema, {{"tls", {{"cert", "c"}}}}) == std::vector<std::string>{"/tls dependencies"});
  CHECK(found(*r.schema, {{"kind", "job"}}) == std::vector<std::string>{"/kind const"});
  CHECK(found(*r.schema, {{"hosts", {"a", "a"}}}) == std::vector<std::string>{"/hosts contains", "/hosts uniqueItems"});
  CHECK(found(*r.schema, {{"legacy", 1}}) == std::vector<std::string>{"/legacy false"});
  const auto v = r.schema->validate({{"tls", {{"cert", "c"}}}});
  REQUIRE(v.size() == 1);
  CHECK(v[0].message == "missing property 'key', required when 'cert' is present");
}

TEST_CASE("multipleOf is exact for decimals and ignores strings", "[schema]") {
  const auto r = compile(json::parse(R"({"multipleOf": 0.01})"));
  REQUIRE(r.schema);
  CHECK(r.schema->validate(json::parse("19.99")).empty());
  CHECK(r.schema->validate("7").empty());
  CHECK(found(*r.schema, json::parse("19.999")) == std::vector<std::string>{" multipleOf"});
}

TEST_CASE("validate never throws and is reusable", "[schema]") {
  const auto r = compile(json::parse(R"({"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}}})"));
  REQUIRE(r.schema);
  for (const json& instance : {json(nullptr), json(1e308), json("x"), json::array({json::object()}),
                               json::parse(R"({"a": "\u00e9\u00e9\u00e9"})"), json::parse(R"({"a": {"b": [1, 2]}})")})
    CHECK_NOTHROW(r.schema->validate(instance));
  CHECK(r.schema->validate(json::parse(R"({"a": "\u00e9\u00e9\u00e9"})")).empty()); // three code points
  for (int i = 0; i < 3; ++i) CHECK(found(*r.schema, {{"a", "toolong"}}) == std::vector<std::string>{"/a maxLength"});
}
