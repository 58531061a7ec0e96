#include <catch2/catch.hpp>

#include "../test_support.h"
#include "schema/explain.h"

using namespace claudelint;
using claudelint::source::FileKind;
using claudelint::test::Loaded;
using nlohmann::json;

namespace {

/// A compiled schema that reports fixed violations: explain() is tested
/// without depending on the engine's verdicts.
class FixedSchema final : public schema::CompiledSchema {
public:
  explicit FixedSchema(json bundled) : bundled_(std::move(bundled)) {}
  schema::Draft draft() const override { return schema::Draft::draft7; }
  const json& bundled() const override { return bundled_; }
  std::vector<schema::Violation> validate(const json&) const override { return {}; }
  bool valid(const json&) const override { return true; }

private:
  json bundled_;
};

const json client_schema = json::parse(R"({
  "type": "object",
  "required": ["security"],
  "properties": {
    "security": {
      "type": "object",
      "required": ["api_endpoint"],
      "additionalProperties": false,
      "properties": {
        "tls": {"$ref": "#/definitions/tls"},
        "api_endpoint": {"type": "string", "pattern": "^https://", "format": "uri"},
        "certificate_validation": {"type": "boolean"}
      }
    },
    "performance": {"type": "object", "properties": {"timeout": {"type": "integer", "minimum": 1000}}}
  },
  "definitions": {"tls": {"type": "object", "properties": {"version": {"enum": ["1.2", "1.3"]}}}}
})");

const char* const config = R"({
  "security": {
    "tls": {"version": "1.0"},
    "certifcate_validation": true,
    "endpoint": "http://x"
  },
  "performance": {"timeout": "60000", "retries": 10}
})";

std::string located(const Loaded& l, const model::Diagnostic& d) {
  const auto b = l.file.position(d.range.begin), e = l.file.position(d.range.end);
  return fmt::format("{} {}:{}-{}:{} {}", d.rule.code, b.line, b.column, e.line, e.column, d.message);
}

std::vector<std::string> explain_all(const Loaded& l, const std::vector<schema::Violation>& violations,
                                     bool show_values = true) {
  const FixedSchema s(client_schema);
  std::vector<std::string> out;
  for (const auto& d : schema::explain(l.doc(), s, violations, {show_values, {}})) out.push_back(located(l, d));
  return out;
}

} // namespace

TEST_CASE("explain says what was expected and what was found, at the value", "[schema][explain]") {
  const Loaded l("production.json", config, FileKind::json);
  CHECK(explain_all(l, {{"/security/tls/version", "enum", "", ""}}) ==
        std::vector<std::string>{"CL1002 3:24-3:29 \"1.0\" is not one of \"1.2\", \"1.3\""});
  CHECK(explain_all(l, {{"/performance/timeout", "type", "", ""}}) ==
        std::vector<std::string>{"CL1001 7:30-7:37 expected integer, found string \"60000\""});
}

TEST_CASE("explain puts unknown keys at the key, with a did-you-mean", "[schema][explain]") {
  const Loaded l("production.json", config, FileKind::json);
  // Both ways an engine may report it: at the member, or at the object naming the member.
  const auto at_member = explain_all(l, {{"/security/certifcate_validation", "additionalProperties", "", ""}});
  const auto at_object = explain_all(
      l, {{"/security", "additionalProperties", "",
           "Object contains a property that could not be validated: 'certifcate_validation'."}});
  const std::vector<std::string> expected{
      "CL1003 4:5-4:28 unknown key \"certifcate_validation\" — did you mean \"certificate_validation\"?"};
  CHECK(at_member == expected);
  CHECK(at_object == expected);
  // No suggestion when nothing is close.
  CHECK(explain_all(l, {{"/security/endpoint", "additionalProperties", "", ""}}) ==
        std::vector<std::string>{"CL1003 5:5-5:15 unknown key \"endpoint\""});
}

TEST_CASE("explain: a did-you-mean comes with a fix when the text is at hand, quoted as written", "[schema][explain]") {
  const FixedSchema s(client_schema);
  const auto fix_of = [&](const Loaded& l, const schema::Violation& v) {
    const auto ds = schema::explain(l.doc(), s, {v}, {true, l.file.text()});
    REQUIRE(ds.size() == 1);
    REQUIRE(ds[0].fix);
    CHECK(ds[0].fix->applicability == model::Applicability::unsafe); // a guess
    REQUIRE(ds[0].fix->edits.size() == 1);
    const auto& edit = ds[0].fix->edits[0];
    CHECK(edit.range == ds[0].range);
    return ds[0].fix->title + " | " + edit.replacement;
  };
  const Loaded json_file("production.json", config, FileKind::json);
  CHECK(fix_of(json_file, {"/security/certifcate_validation", "additionalProperties", "", ""}) ==
        "rename it to \"certificate_validation\" | \"certificate_validation\"");
  const Loaded yaml_file("production.yaml", "security:\n  certifcate_validation: true\n  'tlz': {version: '1.22'}\n",
                         FileKind::yaml);
  CHECK(fix_of(yaml_file, {"/security/certifcate_validation", "additionalProperties", "", ""}) ==
        "rename it to \"certificate_validation\" | certificate_validation");
  CHECK(fix_of(yaml_file, {"/security/tlz", "additionalProperties", "", ""}) == "rename it to \"tls\" | 'tls'");
  // Written plain, 1.2 would read as a number, not the string the schema
  // wants: the suggestion stays in the help, without a fix.
  const Loaded plain("production.yaml", "security:\n  tls: {version: 1.2.2}\n", FileKind::yaml);
  const auto numeric = schema::explain(plain.doc(), s, {{"/security/tls/version", "enum", "", ""}}, {true, plain.file.text()});
  REQUIRE(numeric.size() == 1);
  CHECK(numeric[0].help == "did you mean \"1.2\"?");
  CHECK(!numeric[0].fix);
  // Without the text (rule packs' inline schemas), no fix.
  const auto ds = schema::explain(json_file.doc(), s, {{"/security/certifcate_validation", "additionalProperties", "", ""}}, {});
  CHECK(!ds.at(0).fix);
}

TEST_CASE("explain puts a missing required key at the key of the object lacking it", "[schema][explain]") {
  const Loaded l("production.json", config, FileKind::json);
  CHECK(explain_all(l, {{"/security", "required", "", ""}}) ==
        std::vector<std::string>{"CL1004 2:3-2:13 missing required key \"api_endpoint\""});
  CHECK(explain_all(l, {{"/security", "required", "", "Missing required property 'api_endpoint'."}}) ==
        std::vector<std::string>{"CL1004 2:3-2:13 missing required key \"api_endpoint\""});
}

TEST_CASE("explain phrases ranges, patterns and formats", "[schema][explain]") {
  const Loaded l("production.json", R"({"security": {"api_endpoint": "http://x"}, "performance": {"timeout": 5}})",
                 FileKind::json);
  CHECK(explain_all(l, {{"/performance/timeout", "minimum", "", ""}}) ==
        std::vector<std::string>{"CL1005 1:71-1:72 5 is less than the minimum 1000"});
  CHECK(explain_all(l, {{"/security/api_endpoint", "pattern", "", ""}}) ==
        std::vector<std::string>{"CL1006 1:31-1:41 \"http://x\" does not match the pattern ^https://"});
  CHECK(explain_all(l, {{"/security/api_endpoint", "format", "", ""}}) ==
        std::vector<std::string>{"CL1007 1:31-1:41 \"http://x\" is not a valid uri"});
}

TEST_CASE("explain never quotes values of secret files", "[schema][explain]") {
  const Loaded l(".env", "CLAUDE_API_TOKEN_PROD=sk-prod-SECRET\n", FileKind::dotenv);
  const FixedSchema s(json::parse(R"({"additionalProperties": {"type": "integer", "pattern": "^x"}})"));
  for (const char* keyword : {"type", "pattern", "enum", "minimum", "format"}) {
    const auto ds = schema::explain(l.doc(), s, {{"/CLAUDE_API_TOKEN_PROD", keyword, "", "sk-prod-SECRET"}}, {false, {}});
    REQUIRE(ds.size() == 1);
    INFO(ds[0].message);
    CHECK(ds[0].message.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("closest_match suggests only likely typos", "[schema][explain]") {
  const std::vector<std::string> keys{"certificate_validation", "api_endpoint", "tls"};
  CHECK(schema::closest_match("certifcate_validation", keys) == std::optional<std::string>("certificate_validation"));
  CHECK(schema::closest_match("api_endpiont", keys) == std::optional<std::string>("api_endpoint"));
  CHECK(schema::closest_match("tsl", keys) == std::optional<std::string>("tls"));
  CHECK_FALSE(schema::closest_match("logging", keys));
  CHECK_FALSE(schema::closest_match("host", {"port"}));
  CHECK(schema::closest_match("prodution", {"production", "staging"}) == std::optional<std::string>("production"));
  CHECK(schema::edit_distance("kitten", "sitting") == 3);
  CHECK(schema::edit_distance("tsl", "tls") == 1);
}
