#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "compile/workspace.h"
#include "model/source_file.h"
#include "rules/engine.h"
#include "data/embedded.h"
#include "rules/rule_pack.h"
#include "rules/selector.h"
#include "source/loader.h"

using nlohmann::json;
namespace rules = claudelint::rules;
namespace compile = claudelint::compile;
namespace model = claudelint::model;

namespace {

/// Environments from JSON documents, each with provenance from a JSON
/// source file, and a rule read from YAML text.
struct Bench {
  model::SourceManager sources;
  std::vector<compile::CompiledEnvironment> environments;
  compile::Tree tree;
  rules::RulePack pack;
  std::vector<model::Diagnostic> diagnostics;

  void environment(const std::string& name, const std::string& text) {
    const auto id = sources.add(name + ".json", text);
    const auto loaded = claudelint::source::load(sources.file(id), id, claudelint::source::FileKind::json, {});
    compile::CompiledEnvironment e;
    e.name = name;
    e.document = loaded.documents.at(0).value;
    for (const auto& pointer : loaded.documents.at(0).map.pointers()) {
      const auto span = loaded.documents.at(0).map.find(pointer);
      e.provenance[pointer].push_back({id, span->value, span->key, "environment", pointer, ""});
    }
    environments.push_back(std::move(e));
    compile::EnvironmentSpec spec;
    spec.name = name;
    tree.environments.push_back(spec);
  }

  void rule(const std::string& yaml) {
    const auto id = sources.add("rule.yaml", yaml);
    const claudelint::schema::Registry registry;
    rules::load_rule_file(id, sources, registry, pack, diagnostics);
    REQUIRE(diagnostics.empty());
  }

  std::vector<std::string> run(const rules::RuleSettings& settings = {}) {
    diagnostics.clear();
    rules::evaluate(pack, settings, tree, environments, sources, diagnostics);
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
      const auto& file = sources.file(d.range.file);
      const auto p = file.position(d.range.begin);
      out.push_back(fmt::format("{} {}:{}:{} {}", d.rule.code, file.path(), p.line, p.column, d.message));
    }
    return out;
  }
};

std::string rule_yaml(const std::string& given, const std::string& assertion, const std::string& extra = "") {
  return fmt::format(R"Y(id: CL9999
name: test-rule
category: transport
title: t
severity: error
given: {}
assert: {}
message: "{{pointer}} is {{value}}, expected {{expected}} (other {{other}})"
rationale: r
fix: f
{})Y",
                     given, assertion, extra);
}

} // namespace

TEST_CASE("selector: *, ** and captures; absent literals give one missing match", "[rules][selector]") {
  const json doc = json::parse(R"({"a": {"x": {"v": 1}, "y": {"v": 2}}, "list": [{"n": 1}, {"n": 2}]})");
  auto matches = rules::select(doc, "/a/*/v");
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].pointer == "/a/x/v");
  CHECK(matches[0].captures == std::vector<std::string>{"x"});
  CHECK(*matches[1].value == 2);
  CHECK(rules::select(doc, "/list/*/n").size() == 2);
  CHECK(rules::select(doc, "/**/n").size() == 2);
  CHECK(rules::select(doc, "/**/v").size() == 2);
  const auto missing = rules::select(doc, "/a/x/nope");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].value == nullptr);
  CHECK(missing[0].pointer == "/a/x/nope");
  CHECK(rules::select(doc, "/zzz/*/v").empty()); // nothing to expand
  CHECK(rules::substitute("/a/$1/v", {"x/y"}, true) == "/a/x~1y/v");
  CHECK(rules::substitute("name $1", {"x/y"}, false) == "name x/y");
}

TEST_CASE("for_each_match visits each pointer once, in document order, escaped", "[rules][selector]") {
  const json doc = json::parse(R"({"a": {"b": {"v": 1}, "c/d": {"v": 2}, "e~f": [{"v": 3}, {"w": 4}]}, "v": 0})");
  const auto visit = [&](const std::string& pattern) {
    std::vector<std::string> out;
    rules::for_each_match(doc, rules::Pattern(pattern), [&](const rules::MatchView& match) {
      std::string captures;
      for (const auto& c : match.captures) captures += "|" + c;
      out.push_back(match.pointer + (match.value ? "=" + match.value->dump() : " absent") + captures);
    });
    return out;
  };
  // A literal absent after the last expansion is one null match each.
  CHECK(visit("/a/*/v") == std::vector<std::string>{"/a/b/v=1|b", "/a/c~1d/v=2|c/d", "/a/e~0f/v absent|e~f"});
  CHECK(visit("/**/v") == std::vector<std::string>{"/v=0", "/a/b/v=1", "/a/c~1d/v=2", "/a/e~0f/0/v=3"});
  // Two `**` reach /a/b/v along several paths: it is still visited once.
  CHECK(visit("/**/**/v") == visit("/**/v"));
  CHECK(visit("/a/e~0f/*/w") == std::vector<std::string>{"/a/e~0f/0/w absent|0", "/a/e~0f/1/w=4|1"});
  CHECK(visit("/a/b/x/y") == std::vector<std::string>{"/a/b/x/y absent"});
  CHECK(visit("/a/b/v/*/x").empty()); // a wildcard over a number: nothing
  CHECK(visit("/**/x").empty());     // `**` passes many nodes that lack it
  // select is the same matches, sorted by pointer.
  for (const std::string pattern : {"/**", "/a/*", "/**/v", "/**/**/v", "/a/b/x"}) {
    std::vector<std::string> pointers;
    for (const auto& match : rules::select(doc, pattern)) pointers.push_back(match.pointer);
    std::vector<std::string> visited;
    rules::for_each_match(doc, rules::Pattern(pattern), [&](const rules::MatchView& m) { visited.push_back(m.pointer); });
    std::sort(visited.begin(), visited.end());
    CHECK(pointers == visited);
  }
}

TEST_CASE("assertions: each kind passes and fails where it should", "[rules][engine]") {
  struct Case {
    std::string given, assertion;
    bool fires;
  };
  const std::vector<Case> cases = {
      {"/tls", R"({equals: "1.3"})", true},
      {"/tls", R"({equals: "1.2"})", false},
      {"/tls", R"({one_of: ["1.2", "1.3"]})", false},
      {"/tls", R"({not_one_of: ["1.2"]})", true},
      {"/tls", R"({version_at_least: "1.3"})", true},
      {"/tls", R"({version_at_most: "1.2"})", false},
      {"/url", R"({matches: "^https://"})", true},
      {"/url", R"({not_matches: "^http://"})", true},
      {"/n", R"({compare: {op: "<", value: 5}})", false},
      {"/n", R"({compare: {op: ">=", value: {pointer: /m}}})", true},
      {"/size", R"({compare: {op: "<=", value: "1GB", unit: size}})", false},
      {"/size", R"({compare: {op: "<=", value: "1kB", unit: size}})", true},
      {"/list", R"({count: {min: 3}})", true},
      {"/list", R"({count: {max: 2}})", false},
      {"/list", R"({unique: true})", true},
      {"/list", R"({subset_of: [1]})", false},
      {"/list", R"({subset_of: [2]})", true},
      {"/list", R"({contains: 3})", true},
      {"/empty", R"({non_empty: true})", true},
      {"/flag", R"({truthy: true})", true},
      {"/flag", R"({falsy: true})", false},
      {"/nope", R"({exists: true})", true},
      {"/nope", R"({truthy: true})", false}, // absent: truthy does not judge it
      {"/flag", R"({absent: true})", true},
      {"/obj", R"({schema: {required: [b]}})", true},
      {"/obj", R"({schema: {required: [a]}})", false},
  };
  for (const auto& c : cases) {
    INFO(c.given << " " << c.assertion);
    Bench bench;
    bench.environment("production", R"({"tls": "1.2", "url": "http://x", "n": 3, "m": 4, "size": 1000000,
                                        "list": [1, 1], "empty": "", "flag": false, "obj": {"a": 1}})");
    bench.rule(rule_yaml(c.given, c.assertion));
    CHECK(bench.run().size() == (c.fires ? 1u : 0u));
  }
}

TEST_CASE("findings land at the value, or at the nearest key when it is absent; messages fill placeholders",
          "[rules][engine]") {
  Bench bench;
  bench.environment("production", "{\n  \"a\": {\n    \"b\": \"http://x\"\n  }\n}");
  bench.rule(rule_yaml("[/a/b, /a/c]", "{matches: \"^https://\"}"));
  CHECK(bench.run() == std::vector<std::string>{
                           R"(CL9999 production.json:3:10 /a/b is "http://x", expected a match of /^https:/// (other absent))"});
  Bench missing;
  missing.environment("production", "{\n  \"a\": {\n    \"b\": 1\n  }\n}");
  missing.rule(rule_yaml("/a/c", "{exists: true}"));
  CHECK(missing.run() == std::vector<std::string>{"CL9999 production.json:2:3 /a/c is absent, expected a value here (other absent)"});
}

TEST_CASE("a rule's rewrite becomes the finding's fix, only when the edited value passes", "[rules][engine][rewrite]") {
  const auto fixes = [](const std::string& text, const std::string& rewrite) {
    Bench bench;
    bench.environment("production", text);
    bench.rule(rule_yaml("/t/v", R"({equals: "1.3"})", "rewrite: " + rewrite + "\n"));
    bench.run();
    REQUIRE(bench.diagnostics.size() == 1);
    const auto& fix = bench.diagnostics[0].fix;
    return fix ? fix->title + " | " + model::apply_edits(text, fix->edits) : std::string("no fix");
  };
  CHECK(fixes(R"({"t": {"v": "1.2"}})", R"({set_version: "1.3"})") == R"(set it to "1.3" | {"t": {"v": "1.3"}})");
  // TLSv1.3 would still not equal "1.3": no fix rather than one that does not fix.
  CHECK(fixes(R"({"t": {"v": "TLSv1.2"}})", R"({set_version: "1.3"})") == "no fix");
  CHECK(fixes(R"({"t": {"v": "TLSv1.2"}})", R"({set: "1.3"})") == R"(set it to "1.3" | {"t": {"v": "1.3"}})");
  // The rule file is checked: one rewrite, of a known kind.
  Bench broken;
  const auto id = broken.sources.add("rule.yaml", rule_yaml("/t/v", R"({equals: "1.3"})", "rewrite: {set: 1.3}\n"));
  const claudelint::schema::Registry registry;
  rules::load_rule_file(id, broken.sources, registry, broken.pack, broken.diagnostics);
  CHECK_FALSE(broken.diagnostics.empty());
  CHECK(broken.pack.rules.empty());
}

TEST_CASE("when conditions, environments, severities and settings", "[rules][engine]") {
  Bench bench;
  bench.environment("dev", R"({"t": {"enabled": true, "v": "1.1"}})");
  bench.environment("production", R"({"t": {"v": "1.1"}})");
  bench.rule(rule_yaml("/t/v", R"({version_at_least: "1.2"})",
                       "when:\n  - pointer: /t/enabled\n    truthy: true\n"));
  // production has no `enabled`: the condition is false there.
  auto found = bench.run();
  REQUIRE(found.size() == 1);
  CHECK(found[0].starts_with("CL9999 dev.json"));
  rules::RuleSettings off;
  off.severity["test-rule"] = std::nullopt;
  CHECK(bench.run(off).empty());
  rules::RuleSettings warning;
  warning.severity["CL9999"] = model::Severity::warning;
  bench.run(warning);
  CHECK(bench.diagnostics.at(0).severity == model::Severity::warning);
  rules::RuleSettings scoped;
  scoped.environments["CL9999"] = {"production"};
  CHECK(bench.run(scoped).empty());
}

TEST_CASE("operands from the previous environment in the promotion chain", "[rules][engine]") {
  Bench bench;
  bench.environment("staging", R"({"q": 100})");
  bench.environment("production", R"({"q": 50})");
  bench.rule(rule_yaml("/q", R"({compare: {op: ">=", value: {pointer: /q, environment: previous}}})"));
  const auto found = bench.run();
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "CL9999 production.json:1:7 /q is 50, expected >= 100 (other 100)");
  REQUIRE(bench.diagnostics[0].related.size() == 1);
  CHECK(bench.diagnostics[0].related[0].message == "the staging value");
}

TEST_CASE("credentials never reach a message", "[rules][engine]") {
  Bench bench;
  bench.environment("production", R"({"auth": {"api_key": "sk-ant-api03-CANARY"}})");
  bench.rule(rule_yaml("/auth", R"({schema: {required: [token]}})"));
  const auto found = bench.run();
  REQUIRE(found.size() == 1);
  CHECK(found[0].find("CANARY") == std::string::npos);
  CHECK(found[0].find("<redacted>") != std::string::npos);
}

TEST_CASE("a manifest's rules: block becomes settings", "[rules][engine]") {
  const auto settings = rules::settings_from_manifest(
      json::parse(R"({"CL2001": "off", "weak-cipher": "warning", "CL2003": {"severity": "info", "environments": ["production"]}})"));
  CHECK(settings.severity.at("CL2001") == std::nullopt);
  CHECK(settings.severity.at("weak-cipher") == model::Severity::warning);
  CHECK(settings.severity.at("CL2003") == model::Severity::info);
  CHECK(settings.environments.at("CL2003") == std::vector<std::string>{"production"});
}

TEST_CASE("the built-in pack loads, every rule documented", "[rules][pack]") {
  const auto& pack = rules::builtin_pack();
  CHECK(pack.rules.size() >= 60);
  for (const auto& rule : pack.rules) {
    INFO(rule.id);
    CHECK_FALSE(rule.rationale.empty());
    CHECK_FALSE(rule.fix.empty());
    // File and tree rules are tested by their fixtures, not by examples.
    if (rule.scope == rules::Scope::environment) CHECK_FALSE(rule.example_bad.empty());
    else CHECK_FALSE(rule.given.size());
    CHECK(rule.source.starts_with("rules/"));
  }
}

TEST_CASE("the built-in pack a run uses is the YAML rule files, read and checked at build time", "[rules][pack]") {
  // The binary carries the values the rule compiler wrote; they must be what
  // reading the embedded YAML gives now, as a run would read a user's rules.
  const std::string_view compiled = claudelint::data::builtin_rule_values();
  REQUIRE_FALSE(compiled.empty());
  const json from_yaml = rules::read_builtin_rule_files();
  CHECK(json::parse(compiled) == from_yaml);
  std::size_t rule_files = 0;
  for (const auto& file : claudelint::data::files())
    if (file.path.starts_with("rules/") && file.path.ends_with(".yaml")) ++rule_files;
  CHECK(from_yaml.size() == rule_files);
  CHECK(rules::builtin_pack().rules.size() == rule_files);
}

namespace {

std::string file_rule_yaml(const std::string& body) {
  return "id: CL9998\nname: file-rule\ncategory: secrets\ntitle: t\nseverity: {default: warning, production: error}\n"
         "message: \"mode {actual} of {missing}\"\nrationale: r\nfix: the rule's fix\n" + body;
}

} // namespace

TEST_CASE("file rules: need a known native check and no given; findings fill {fields}", "[rules][engine][file]") {
  claudelint::model::SourceManager sources;
  const claudelint::schema::Registry registry;
  rules::RulePack pack;
  std::vector<claudelint::model::Diagnostic> diagnostics;
  const auto load = [&](const std::string& yaml) {
    diagnostics.clear();
    rules::load_rule_file(sources.add("rule.yaml", yaml), sources, registry, pack, diagnostics);
  };
  load(file_rule_yaml("scope: file\nkinds: [dotenv]\nassert: {native: no-such-check}\n"));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].rule.code == "CL0015");
  CHECK(diagnostics[0].message.find("file-scope rule asserts `native: <check>`") != std::string::npos);
  load(file_rule_yaml("scope: file\nkinds: [dotenv]\ngiven: /x\nassert: {native: secret-file-mode}\n"));
  CHECK_FALSE(diagnostics.empty()); // the schema forbids `given` on a file rule
  load(file_rule_yaml("scope: file\nassert: {native: secret-file-mode}\n"));
  CHECK_FALSE(diagnostics.empty()); // and requires `kinds`
  load(file_rule_yaml("scope: file\nkinds: [dotenv]\nassert: {native: secret-file-mode}\nrewrite: {set: true}\n"));
  CHECK_FALSE(diagnostics.empty()); // a file rule's findings are not values to rewrite
  CHECK(pack.rules.empty());

  load(file_rule_yaml("scope: file\nkinds: [dotenv]\nassert: {native: secret-file-mode}\n"));
  REQUIRE(diagnostics.empty());
  REQUIRE(pack.rules.size() == 1);

  const auto id = sources.add(".env.production", "TOKEN=abc\n");
  auto loaded = claudelint::source::load(sources.file(id), id, claudelint::source::FileKind::dotenv, {});
  const std::vector<claudelint::secrets::SecretHit> hits;
  const compile::SecretPolicy policy;
  const rules::native::TrackedQuery tracked = [](const std::filesystem::path&) { return std::optional<bool>(false); };
  compile::FileRole role;
  role.environments = {"production"};
  const auto evaluate = [&](std::optional<unsigned> mode, const compile::FileRole* with_role,
                            claudelint::source::FileKind kind = claudelint::source::FileKind::dotenv) {
    diagnostics.clear();
    const rules::native::FileContext context{sources.file(id), id, kind, loaded.documents, mode,
                                             std::nullopt, hits, nullptr, with_role, policy, tracked};
    rules::evaluate_file(pack, {}, context, diagnostics);
    return diagnostics;
  };
  auto found = evaluate(0644, nullptr);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "mode 0644 of {missing}"); // unknown fields stay as written
  CHECK(found[0].severity == claudelint::model::Severity::warning);
  CHECK(found[0].help == "run `chmod 600 .env.production`");
  found = evaluate(0644, &role); // a production file: production's severity
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == claudelint::model::Severity::error);
  CHECK(found[0].environment == "production");
  CHECK(evaluate(0600, &role).empty());
  CHECK(evaluate(std::nullopt, &role).empty()); // no POSIX modes: skipped
  CHECK(evaluate(0644, &role, claudelint::source::FileKind::json).empty()); // not a kind it reads
  rules::RuleSettings off;
  off.severity["file-rule"] = std::nullopt;
  diagnostics.clear();
  const rules::native::FileContext context{sources.file(id), id, claudelint::source::FileKind::dotenv, loaded.documents,
                                           0644u, std::nullopt, hits, nullptr, &role, policy, tracked};
  rules::evaluate_file(pack, off, context, diagnostics);
  CHECK(diagnostics.empty());
}
