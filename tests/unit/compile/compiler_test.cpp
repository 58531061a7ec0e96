#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "compile/artifacts.h"
#include "compile/canonical_json.h"
#include "compile_fixture.h"

using claudelint::test::environment;
using claudelint::test::TreeFixture;
using nlohmann::json;
namespace compile = claudelint::compile;

namespace {

/// "file:line:col layer" of each origin at `pointer`, oldest first.
std::vector<std::string> history(const TreeFixture& f, const compile::CompiledEnvironment& e, const std::string& pointer) {
  std::vector<std::string> out;
  const auto it = e.provenance.find(pointer);
  if (it == e.provenance.end()) return out;
  for (const auto& origin : it->second) {
    if (!origin.file) {
      out.push_back(origin.layer);
      continue;
    }
    const auto& file = f.sources.file(*origin.file);
    const auto p = file.position(origin.value.begin);
    out.push_back(fmt::format("{}:{}:{} {}", file.path(), p.line, p.column, origin.layer));
  }
  return out;
}

const char* layered_manifest = R"(version: 1
environments:
  - name: staging
    files: [staging.yaml]
  - name: production
    files: [production.yaml]
shared: [base.yaml]
sections:
  - files: ["*.yaml"]
    section: app
merge:
  - pointer: /app/regions
    strategy: merge-by-key
    key: name
  - pointer: /app/tags
    strategy: append
)";

} // namespace

TEST_CASE("layers deep-merge objects, replace arrays, and null removes", "[compile][merge]") {
  TreeFixture f;
  f.add("t/claudelint.yaml", layered_manifest)
      .add("t/base.yaml", "limits:\n  a: 1\n  b: 2\nlist: [1, 2, 3]\nold: x\ntags: [base]\n"
                          "regions:\n  - name: east\n    size: 1\n  - name: west\n    size: 1\n")
      .add("t/staging.yaml", "limits:\n  b: 20\nlist: [9]\nold: null\ntags: [extra]\n"
                             "regions:\n  - name: west\n    size: 5\n  - name: north\n    size: 2\n")
      .add("t/production.yaml", "limits: {}\n");
  const auto all = f.compile();
  const auto& staging = environment(all, "staging");
  CHECK(staging.document["app"]["limits"] == json({{"a", 1}, {"b", 20}}));
  CHECK(staging.document["app"]["list"] == json({9}));
  CHECK_FALSE(staging.document["app"].contains("old"));
  CHECK(staging.document["app"]["tags"] == json({"base", "extra"}));
  CHECK(staging.document["app"]["regions"] ==
        json::parse(R"([{"name":"east","size":1},{"name":"west","size":5},{"name":"north","size":2}])"));
  // Provenance: every layer that set a value, oldest first.
  CHECK(history(f, staging, "/app/limits/b") ==
        std::vector<std::string>{"t/base.yaml:3:6 shared", "t/staging.yaml:2:6 environment"});
  CHECK(history(f, staging, "/app/limits/a") == std::vector<std::string>{"t/base.yaml:2:6 shared"});
  // A replaced array forgets the items it replaced.
  CHECK(history(f, staging, "/app/list/0") == std::vector<std::string>{"t/staging.yaml:3:8 environment"});
  CHECK(staging.provenance.count("/app/list/2") == 0);
  CHECK(staging.provenance.count("/app/old") == 0);
  CHECK(history(f, staging, "/app/regions/1/size") ==
        std::vector<std::string>{"t/base.yaml:11:11 shared", "t/staging.yaml:8:11 environment"});
  CHECK(history(f, staging, "/app/regions/2/name").back() == "t/staging.yaml:9:11 environment");
  const auto& production = environment(all, "production");
  CHECK(production.document["app"]["limits"] == json({{"a", 1}, {"b", 2}}));
  CHECK(f.codes().empty());
}

TEST_CASE("a layer that changes a value's type is an error at the later value", "[compile][merge]") {
  TreeFixture f;
  f.add("t/claudelint.yaml", layered_manifest)
      .add("t/base.yaml", "limits:\n  a: 1\n")
      .add("t/staging.yaml", "limits: none\n")
      .add("t/production.yaml", "limits:\n  a: \"1\"\n");
  f.compile();
  CHECK(f.codes() == std::vector<std::string>{"CL6003 t/staging.yaml:1:9", "CL6003 t/production.yaml:2:6"});
  REQUIRE(f.diagnostics.size() == 2);
  CHECK(f.diagnostics[0].message == "`/app/limits` is a string here but an object in an earlier layer; a layer must not "
                                    "change a value's type");
  REQUIRE(f.diagnostics[0].related.size() == 1);
  CHECK(f.sources.file(f.diagnostics[0].related[0].range.file).path() == "t/base.yaml");
  CHECK(f.diagnostics[1].message.find("is a string here but a number") != std::string::npos);
}

TEST_CASE("sections come from each file's schema; split files give each environment its own part",
          "[compile][sections]") {
  TreeFixture f;
  f.add("t/configs/production.json", R"({"$schema": "https://claudelint.dev/schemas/config/client.schema.json", "logging": {"level": "warn"}})")
      .add("t/configs/staging.json", R"({"logging": {"level": "info"}})")
      .add("t/deployment.yaml", "x-shared: &b {frequency: daily, retention: 7d}\n"
                                "production:\n  instances: [{region: eu, count: 2}]\n  backup: *b\n"
                                "prod-eu: {}\n") // not an environment name: the file is not split
      .add("t/deploy2.yaml", "staging:\n  x: 1\n")
      .add("t/notifications.yaml", "notifications:\n  channels: []\n");
  const auto all = f.compile();
  const auto& production = environment(all, "production");
  CHECK(production.document["config"]["logging"]["level"] == "warn");
  CHECK_FALSE(production.document["config"].contains("$schema"));
  CHECK(production.document["notifications"] == json({{"channels", json::array()}})); // unwrapped
  CHECK(production.document["files"]["notifications.yaml"]["section"] == "notifications");
  // deployment.yaml has a key that is no environment, so it is not split and,
  // as a whole, does not match the deployment section's meaning: it is fed
  // as is (the schema reports prod-eu).
  CHECK(production.document["deployment"].contains("prod-eu"));
  CHECK(production.document["environment"] == "production");
  CHECK(history(f, production, "/notifications/channels") ==
        std::vector<std::string>{"t/notifications.yaml:2:13 shared"});
}

TEST_CASE("secrets: names and sources, never values; keys go to the environment their suffix names",
          "[compile][secrets]") {
  TreeFixture f;
  f.add("t/staging.json", R"({"security": {"api_endpoint": "https://x/${API_HOST}"}})")
      .add("t/production.json", R"({"security": {"api_endpoint": "https://x/${API_HOST}"}})")
      .add("t/.env", "CLAUDE_API_TOKEN_PROD=sk-prod-supersecretvalue\nCLAUDE_API_TOKEN_TEST=sk-test-othersecret\n"
                     "CLAUDE_API_TOKEN_CI=sk-ci-x\nSHARED_NAME=plain\n")
      .add("t/.env.production", "EXTRA_PROD_ONLY=1\n");
  const auto all = f.compile();
  const auto& production = environment(all, "production");
  const auto& secrets = production.document["secrets"];
  CHECK(secrets.contains("CLAUDE_API_TOKEN_PROD"));
  CHECK_FALSE(secrets.contains("CLAUDE_API_TOKEN_TEST"));
  CHECK_FALSE(secrets.contains("CLAUDE_API_TOKEN_CI"));
  CHECK(secrets.contains("SHARED_NAME"));
  CHECK(secrets.contains("EXTRA_PROD_ONLY"));
  CHECK(secrets["API_HOST"] == json({{"defined", false}, {"referenced_from", {"/config/security/api_endpoint"}}}));
  CHECK(environment(all, "staging").document["secrets"].contains("CLAUDE_API_TOKEN_TEST"));
  const std::string everything = production.document.dump() + environment(all, "staging").document.dump();
  CHECK(everything.find("supersecret") == std::string::npos);
  CHECK(everything.find("othersecret") == std::string::npos);
  CHECK(history(f, production, "/secrets/CLAUDE_API_TOKEN_PROD") == std::vector<std::string>{"t/.env:1:1 shared"});
}

TEST_CASE("normalization: sizes to bytes, durations to milliseconds, schema defaults filled in",
          "[compile][normalize]") {
  TreeFixture f;
  f.add("t/production.json", R"({
  "context": {"caching": {"enabled": true, "ttl": 3600, "max_size": "1.5 GiB"}},
  "performance": {"timeout": 60000, "retry_policy": {"max_attempts": 3}},
  "logging": {"level": "warn"}
})")
      .add("t/deployment.yaml", "production:\n  instances: [{region: eu, count: 1}]\n"
                                "  backup: {frequency: daily, retention: 1h30m}\n"
                                "  load_balancing: {}\n");
  const auto all = f.compile();
  const auto& production = environment(all, "production");
  CHECK(production.document["config"]["context"]["caching"]["max_size"] == 1610612736);
  CHECK(production.document["config"]["context"]["caching"]["ttl"] == 3600000);
  CHECK(production.document["config"]["performance"]["timeout"] == 60000);
  CHECK(production.document["deployment"]["backup"]["retention"] == 5400000);
  // Defaults where the key is absent, with the schema as their origin.
  CHECK(production.document["config"]["logging"]["format"] == "text");
  CHECK(production.document["config"]["performance"]["retry_policy"]["jitter"] == false);
  CHECK(production.document["deployment"]["load_balancing"]["strategy"] == "round_robin");
  const auto& origin = production.provenance.at("/config/logging/format").back();
  CHECK(origin.layer == "schema default");
  CHECK(origin.schema == "https://claudelint.dev/schemas/config/client.schema.json");
  CHECK(origin.source_pointer == "/properties/logging/properties/format/default");
  // Objects that are absent get no defaults (no /access block appears).
  CHECK_FALSE(production.document["config"].contains("access"));
  CHECK(f.codes().empty());
}

TEST_CASE("a malformed unit is an error at exactly the bad part", "[compile][normalize]") {
  TreeFixture f;
  f.add("t/production.json", R"({"context": {"caching": {"max_size": "10 Gb"}}})")
      .add("t/deployment.yaml", "production:\n  instances: [{region: eu, count: 1}]\n"
                                "  backup: {frequency: daily, retention: 30_dyas}\n");
  f.compile();
  INFO(fmt::format("{}", fmt::join(f.codes(), ", ")));
  // Both values also break the schema's pattern; with the schema finding
  // recorded, the compiler adds none of its own.
  const auto codes = f.codes();
  CHECK(std::count(codes.begin(), codes.end(), "CL6001 t/production.json:1:42") == 1); // `Gb`
  CHECK(std::count(codes.begin(), codes.end(), "CL6002 t/deployment.yaml:3:44") == 1); // `dyas`
  for (const auto& d : f.diagnostics) {
    if (d.rule.code == "CL6002") CHECK((d.message + d.help.value_or("")).find("did you mean") != std::string::npos);
  }
  TreeFixture g;
  g.add("t/production.json", R"({"context": {"caching": {"max_size": "10 Gb"}}})");
  g.plan();
  g.schema_findings.emplace(0, "/context/caching/max_size");
  g.compile();
  CHECK(g.codes().empty());
}

TEST_CASE("a YAML 1.1 boolean is not coerced", "[compile][normalize]") {
  TreeFixture f;
  f.add("t/deployment.yaml", "production:\n  instances: [{region: eu, count: 1, failover: yes}]\n");
  const auto all = f.compile();
  CHECK(environment(all, "production").document["deployment"]["instances"][0]["failover"] == "yes");
}

TEST_CASE("parity: unexpected differences land on the lower environment's value", "[compile][parity]") {
  TreeFixture f;
  f.add("t/staging.json", R"({"logging": {"level": "info"}, "performance": {"timeout": 30000}})")
      .add("t/production.json", R"({"logging": {"level": "warn"}, "performance": {"timeout": 60000, "request_queue_size": 5}})")
      .add("t/.env", "CLAUDE_API_TOKEN_PROD=a\nCLAUDE_API_TOKEN_TEST=b\n");
  f.compile();
  // logging and secrets are expected to differ; timeout and the queue are not.
  // The absent queue size lands on staging's `performance` key.
  CHECK(f.codes() == std::vector<std::string>{"CL6004 t/staging.json:1:32", "CL6004 t/staging.json:1:59"});
  REQUIRE(f.diagnostics.size() == 2);
  CHECK(f.diagnostics[0].message ==
        "`/config/performance/request_queue_size` is set in production (5) but not in staging");
  CHECK(f.diagnostics[1].message == "`/config/performance/timeout` is 30000 in staging but 60000 in production");
  CHECK(f.diagnostics[1].environment == "staging");
  REQUIRE(f.diagnostics[1].related.size() == 1);
  CHECK(f.sources.file(f.diagnostics[1].related[0].range.file).path() == "t/production.json");
}

TEST_CASE("parity skips environments with syntax errors", "[compile][parity]") {
  TreeFixture f;
  f.add("t/staging.json", R"({"a": 1,, "b": 2})").add("t/production.json", R"({"a": 2})");
  const auto all = f.compile();
  CHECK_FALSE(environment(all, "staging").complete);
  const auto codes = f.codes();
  CHECK(std::none_of(codes.begin(), codes.end(), [](const std::string& c) { return c.starts_with("CL6004"); }));
}

TEST_CASE("artifacts are canonical, deterministic, relative to the tree, and never hold a secret",
          "[compile][artifacts]") {
  auto build = [] {
    TreeFixture f;
    f.add("t/production.json", R"({"security": {"api_endpoint": "https://a"}, "auth": {"api_key": "sk-ant-api03-canary"}})")
        .add("t/staging.json", R"({"security": {"api_endpoint": "https://a"}})")
        .add("t/.env", "CLAUDE_API_TOKEN_PROD=sk-prod-canaryvalue\n");
    auto all = f.compile();
    return compile::render_artifacts(f.workspace.trees, {all}, f.sources);
  };
  const auto first = build();
  const auto second = build();
  REQUIRE(first.size() == 5); // two environments × (document, sources) + manifest
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].path == second[i].path);
    CHECK(first[i].bytes == second[i].bytes);
    CHECK(first[i].bytes.find("canary") == std::string::npos);
    CHECK(first[i].bytes.find("t/production.json") == std::string::npos); // paths are tree-relative
  }
  CHECK(first[0].path == "staging.json");
  CHECK(first[2].path == "production.json");
  CHECK(first.back().path == "manifest.json");
  const auto production = json::parse(first[2].bytes);
  CHECK(first[2].bytes == compile::canonical_json(production)); // exactly JCS
  CHECK(production["config"]["auth"]["api_key"] == "<redacted>");
  const auto manifest = json::parse(first.back().bytes);
  CHECK(manifest["trees"][0]["environments"]["production"]["inputs"].contains("production.json"));
  CHECK(manifest["trees"][0]["environments"]["production"]["artifact"]["sha256"].get<std::string>().size() == 64);
}
