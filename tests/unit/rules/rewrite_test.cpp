// The built-in rules' `rewrite:` fixes, applied to JSON and YAML text as an
// editor applies them: the edit gives the expected text, and checking that
// text again no longer reports the rule.
#include <catch2/catch.hpp>

#include "compile/workspace.h"
#include "model/source_file.h"
#include "rules/engine.h"
#include "rules/rule_pack.h"
#include "source/loader.h"

using nlohmann::json;
using claudelint::source::FileKind;
namespace rules = claudelint::rules;
namespace compile = claudelint::compile;
namespace model = claudelint::model;

namespace {

/// Built-in rule `id` over `text`, read as the whole compiled document of
/// one environment.
std::vector<model::Diagnostic> findings(const std::string& id, const std::string& text, FileKind kind,
                                        const std::string& environment = "production") {
  model::SourceManager sources;
  const auto file = sources.add(kind == FileKind::yaml ? "config.yaml" : "config.json", text);
  const auto loaded = claudelint::source::load(sources.file(file), file, kind, {});
  REQUIRE(loaded.documents.size() == 1);
  compile::CompiledEnvironment e;
  e.name = environment;
  e.document = loaded.documents[0].value;
  for (const auto& pointer : loaded.documents[0].map.pointers()) {
    const auto span = loaded.documents[0].map.find(pointer);
    e.provenance[pointer].push_back({file, span->value, span->key, "environment", pointer, ""});
  }
  compile::Tree tree;
  compile::EnvironmentSpec spec;
  spec.name = environment;
  tree.environments.push_back(spec);
  rules::RulePack pack;
  pack.rules.push_back(*rules::builtin_pack().find(id));
  std::vector<model::Diagnostic> out;
  rules::evaluate(pack, {}, tree, {e}, sources, out);
  return out;
}

/// "title | fixed text" after applying the one finding's fix; checks the
/// fixed text no longer trips the rule.
std::string fix(const std::string& id, const std::string& text, FileKind kind,
                const std::string& environment = "production") {
  const auto before = findings(id, text, kind, environment);
  REQUIRE(before.size() == 1);
  REQUIRE(before[0].fix);
  CHECK(before[0].fix->applicability == model::Applicability::unsafe);
  const std::string fixed = model::apply_edits(text, before[0].fix->edits);
  CHECK(findings(id, fixed, kind, environment).empty());
  return before[0].fix->title + " | " + fixed;
}

} // namespace

TEST_CASE("rewrite: http:// becomes https://, only the scheme's bytes change", "[rules][rewrite]") {
  CHECK(fix("CL2001", R"({"config": {"security": {"api_endpoint": "http://api.example.com:8443/v1"}}})", FileKind::json) ==
        R"(replace "http://" with "https://" | {"config": {"security": {"api_endpoint": "https://api.example.com:8443/v1"}}})");
  const auto findings_json = findings("CL2001", R"({"config": {"security": {"api_endpoint": "http://a.example"}}})", FileKind::json);
  REQUIRE(findings_json.at(0).fix);
  const auto& edit = findings_json[0].fix->edits.at(0);
  CHECK(edit.range.end - edit.range.begin == 7); // http:// inside the quotes
  CHECK(edit.replacement == "https://");
  CHECK(fix("CL2001", "config:\n  security:\n    api_endpoint: http://api.example.com # mock\n", FileKind::yaml) ==
        "replace \"http://\" with \"https://\" | config:\n  security:\n    api_endpoint: https://api.example.com # mock\n");
  CHECK(fix("CL2001", "notifications:\n  channels:\n    - type: slack\n      webhook: 'http://hooks.example/${P}'\n",
            FileKind::yaml) ==
        "replace \"http://\" with \"https://\" | notifications:\n  channels:\n    - type: slack\n      webhook: "
        "'https://hooks.example/${P}'\n");
  // A plain URL with a character that only stays plain where it is: the
  // whole value is written again, quoted.
  CHECK(fix("CL2001", "config:\n  security:\n    api_endpoint: http://a.example/#top\n", FileKind::yaml) ==
        "replace \"http://\" with \"https://\" | config:\n  security:\n    api_endpoint: \"https://a.example/#top\"\n");
}

TEST_CASE("rewrite: an old TLS version is raised to 1.2, written as it was", "[rules][rewrite]") {
  CHECK(fix("CL2002", R"({"config": {"security": {"tls": {"version": "1.1"}}}})", FileKind::json) ==
        R"(set it to "1.2" | {"config": {"security": {"tls": {"version": "1.2"}}}})");
  CHECK(fix("CL2002", "config: {security: {tls: {version: TLSv1.0}}}\n", FileKind::yaml) ==
        "set it to \"TLSv1.2\" | config: {security: {tls: {version: TLSv1.2}}}\n");
  CHECK(fix("CL2002", "config: {security: {tls: {version: \"tls1.1\"}}}\n", FileKind::yaml) ==
        "set it to \"tls1.2\" | config: {security: {tls: {version: \"tls1.2\"}}}\n");
  // A number stays a number.
  CHECK(fix("CL2002", R"({"config": {"security": {"tls": {"version": 1.1}}}})", FileKind::json) ==
        R"(set it to 1.2 | {"config": {"security": {"tls": {"version": 1.2}}}})");
}

TEST_CASE("rewrite: pre-production and production get exactly \"1.3\", in the value's quotes", "[rules][rewrite]") {
  CHECK(fix("CL2003", R"({"config": {"security": {"tls": {"version": "1.2"}}}})", FileKind::json) ==
        R"(set it to "1.3" | {"config": {"security": {"tls": {"version": "1.3"}}}})");
  CHECK(fix("CL2003", "config:\n  security:\n    tls:\n      version: '1.2'\n", FileKind::yaml, "pre-prod") ==
        "set it to \"1.3\" | config:\n  security:\n    tls:\n      version: '1.3'\n");
  // The rule accepts the string "1.3" only: TLSv1.2 and the number 1.2 are
  // replaced by it (plain 1.3 would be a number again).
  CHECK(fix("CL2003", "config: {security: {tls: {version: TLSv1.2}}}\n", FileKind::yaml) ==
        "set it to \"1.3\" | config: {security: {tls: {version: \"1.3\"}}}\n");
  CHECK(fix("CL2003", "config: {security: {tls: {version: 1.2}}}\n", FileKind::yaml) ==
        "set it to \"1.3\" | config: {security: {tls: {version: \"1.3\"}}}\n");
}

TEST_CASE("rewrite: switches the rules want on or off are flipped", "[rules][rewrite]") {
  CHECK(fix("CL2006", R"({"config": {"security": {"certificate_validation": false}}})", FileKind::json) ==
        R"(set it to true | {"config": {"security": {"certificate_validation": true}}})");
  CHECK(fix("CL2006", "config:\n  security:\n    certificate_validation: False  # local proxy\n", FileKind::yaml, "dev") ==
        "set it to true | config:\n  security:\n    certificate_validation: true  # local proxy\n");
  CHECK(fix("CL4005", "deployment:\n  monitoring:\n    health_checks: false\n", FileKind::yaml) ==
        "set it to true | deployment:\n  monitoring:\n    health_checks: true\n");
  CHECK(fix("CL5010", R"({"access": {"roles": {"auditor": {"write": true}}}})", FileKind::json) ==
        R"(set it to false | {"access": {"roles": {"auditor": {"write": false}}}})");
}

TEST_CASE("rewrite: no fix where the text does not spell the value plainly", "[rules][rewrite]") {
  const auto no_fix = [](const std::string& id, const std::string& text, FileKind kind) {
    const auto ds = findings(id, text, kind);
    REQUIRE(ds.size() == 1); // still found, only not fixed
    CHECK(!ds[0].fix);
  };
  // An escape inside the scheme, an alias, a block scalar.
  no_fix("CL2001", R"({"config": {"security": {"api_endpoint": "http:\/\/a.example"}}})", FileKind::json);
  no_fix("CL2003", "defaults: {v: &v '1.2'}\nconfig: {security: {tls: {version: *v}}}\n", FileKind::yaml);
  no_fix("CL2001", "config:\n  security:\n    api_endpoint: >-\n      http://a.example\n", FileKind::yaml);
  // Not a version the assertion can read: nothing to raise.
  no_fix("CL2002", R"({"config": {"security": {"tls": {"version": "TLS1_1"}}}})", FileKind::json);
}
