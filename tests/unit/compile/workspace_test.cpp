#include <catch2/catch.hpp>

#include "compile/pattern.h"
#include "compile_fixture.h"

using claudelint::test::TreeFixture;
namespace compile = claudelint::compile;

namespace {

std::vector<std::string> names(const compile::Tree& tree) {
  std::vector<std::string> out;
  for (const auto& spec : tree.environments) out.push_back(spec.name);
  return out;
}

const compile::FileRole& role(const compile::Tree& tree, const std::string& path) {
  for (const auto& r : tree.files)
    if (r.path == path) return r;
  throw std::runtime_error("no role for " + path);
}

} // namespace

TEST_CASE("the guide's layout is one tree with four environments in promotion order", "[compile][workspace]") {
  TreeFixture f;
  f.add("app/configs/production.json", "{}")
      .add("app/configs/dev.json", "{}")
      .add("app/configs/pre-prod.json", "{}")
      .add("app/configs/staging.json", "{}")
      .add("app/deployment.yaml", "production:\n  instances: []\nstaging:\n  instances: []\n")
      .add("app/monitoring.json", "{}")
      .add("app/.env.example", "CLAUDE_API_TOKEN_PROD=x\n")
      .add("app/deploy.sh", "echo hi\n");
  const auto& ws = f.plan({"app"});
  REQUIRE(ws.trees.size() == 1);
  const auto& tree = ws.trees[0];
  CHECK(tree.root == "app"); // configs/ holds the per-environment files; the tree is around it
  CHECK(names(tree) == std::vector<std::string>{"dev", "staging", "pre-prod", "production"});
  CHECK(role(tree, "configs/production.json").environments == std::vector<std::string>{"production"});
  CHECK_FALSE(role(tree, "configs/production.json").shared);
  CHECK(role(tree, "deployment.yaml").split_by_environment);
  CHECK(role(tree, "monitoring.json").shared);
  CHECK(role(tree, ".env.example").shared);
  CHECK(role(tree, "deploy.sh").reason.find("shared by every environment") != std::string::npos);
  REQUIRE(tree.parity.size() == 1);
  CHECK(tree.parity[0].lower == "staging");
  CHECK(tree.parity[0].upper == "production");
}

TEST_CASE("environment names: aliases, folders and .env suffixes", "[compile][workspace]") {
  TreeFixture f;
  f.add("t/prod.json", "{}")
      .add("t/development.json", "{}")
      .add("t/staging/notifications.yaml", "notifications: {}\n")
      .add("t/.env.production", "A=1\n");
  const auto& ws = f.plan({"t"});
  REQUIRE(ws.trees.size() == 1);
  const auto& tree = ws.trees[0];
  CHECK(names(tree) == std::vector<std::string>{"dev", "staging", "production"});
  CHECK(role(tree, "prod.json").environments == std::vector<std::string>{"production"});
  CHECK(role(tree, "development.json").environments == std::vector<std::string>{"dev"});
  CHECK(role(tree, "staging/notifications.yaml").environments == std::vector<std::string>{"staging"});
  CHECK(role(tree, "staging/notifications.yaml").reason.find("folder `staging/`") != std::string::npos);
  CHECK(role(tree, ".env.production").environments == std::vector<std::string>{"production"});
}

TEST_CASE("a monorepo has one tree per service, and files outside every tree belong to none",
          "[compile][workspace]") {
  TreeFixture f;
  f.add("services/api/config/production.json", "{}")
      .add("services/api/config/staging.json", "{}")
      .add("services/api/monitoring.json", "{}")
      .add("services/worker/config/production.json", "{}")
      .add("services/README.yaml", "a: 1\n");
  const auto& ws = f.plan({"services"});
  REQUIRE(ws.trees.size() == 2);
  CHECK(ws.trees[0].root == "services/api");
  CHECK(ws.trees[1].root == "services/worker");
  CHECK(names(ws.trees[0]) == std::vector<std::string>{"staging", "production"});
  CHECK(names(ws.trees[1]) == std::vector<std::string>{"production"});
  CHECK(role(ws.trees[0], "monitoring.json").shared);
  CHECK(ws.find(f.inputs.back().file).first == nullptr);
  // find answers from an index built once; it agrees with the trees' own lists.
  for (const auto& tree : ws.trees)
    for (const auto& file_role : tree.files) {
      const auto [found_tree, found_role] = ws.find(file_role.file);
      CHECK(found_tree == &tree);
      CHECK(found_role == &file_role);
    }
  compile::Workspace unindexed = ws;
  unindexed.trees.erase(unindexed.trees.begin());
  unindexed.index_files(); // after a change to the trees
  CHECK(unindexed.find(ws.trees[0].files.front().file).first == nullptr);
  CHECK(unindexed.find(ws.trees[1].files.front().file).first == &unindexed.trees[0]);
}

TEST_CASE("two files naming one environment are reported", "[compile][workspace]") {
  TreeFixture f;
  f.add("t/staging.json", "{}").add("t/test.json", "{}");
  f.plan({"t"});
  CHECK(f.codes() == std::vector<std::string>{"CL6007 t/test.json:1:1"});
  CHECK(f.diagnostics[0].message.find("both configure the staging environment") != std::string::npos);
}

TEST_CASE("no environment-named file, no tree", "[compile][workspace]") {
  TreeFixture f;
  f.add("x/monitoring.json", "{}").add("x/notifications.yaml", "notifications: {}\n");
  CHECK(f.plan({"x"}).trees.empty());
}

TEST_CASE("a manifest declares environments, files, extends and parity", "[compile][workspace][manifest]") {
  TreeFixture f;
  f.add("m/claudelint.yaml", R"(version: 1
environments:
  - dev
  - name: staging
    files: [overlays/staging.json]
  - name: production
    extends: [staging]
    aliases: [live]
    key_suffixes: [_LIVE]
    files: [overlays/production.json, overlays/missing-*.json]
shared: [base/*.json]
schemas:
  - files: [base/*.json, overlays/*.json]
    schema: client
parity:
  - between: [staging, production]
    allow: [/secrets/**]
    severity: error
)")
      .add("m/base/client.json", "{}")
      .add("m/overlays/staging.json", "{}")
      .add("m/overlays/production.json", "{}")
      .add("m/other.json", "{}")
      .add("m/sub/production.json", "{}"); // inside the manifest's folder: not a tree of its own
  const auto& ws = f.plan({"m"});
  REQUIRE(ws.trees.size() == 1);
  const auto& tree = ws.trees[0];
  CHECK(tree.manifest.has_value());
  CHECK(names(tree) == std::vector<std::string>{"dev", "staging", "production"});
  CHECK(tree.environment("dev")->aliases == std::vector<std::string>{"development"}); // conventional default
  CHECK(tree.environment("production")->aliases == std::vector<std::string>{"live"});
  CHECK(tree.environment("production")->key_suffixes == std::vector<std::string>{"_LIVE"});
  CHECK(role(tree, "base/client.json").shared);
  CHECK(role(tree, "overlays/production.json").environments == std::vector<std::string>{"production"});
  CHECK(role(tree, "other.json").reason == "not listed in claudelint.yaml");
  CHECK(tree.schema_for("overlays/staging.json") == "https://claudelint.dev/schemas/config/client.schema.json");
  REQUIRE(tree.parity.size() == 1);
  CHECK(tree.parity[0].severity == claudelint::model::Severity::error);
  const auto layers = compile::environment_layers(tree, *tree.environment("production"));
  REQUIRE(layers.size() == 3);
  CHECK(layers[0].first->path == "base/client.json");
  CHECK(layers[0].second == "shared");
  CHECK(layers[1].first->path == "overlays/staging.json");
  CHECK(layers[1].second == "extends staging");
  CHECK(layers[2].first->path == "overlays/production.json");
  // The glob that matches nothing is reported at the glob.
  CHECK(f.codes() == std::vector<std::string>{"CL6005 m/claudelint.yaml:10:39"});
}

TEST_CASE("manifest mistakes are positioned findings", "[compile][workspace][manifest]") {
  TreeFixture f;
  f.add("m/claudelint.yaml", R"(version: 1
environments:
  - name: a
    extends: [b]
  - name: b
    extends: [a]
  - name: c
    extends: [nope]
parity:
  - between: [a, prod]
)");
  f.plan({"m"});
  const auto codes = f.codes();
  CHECK(std::count(codes.begin(), codes.end(), "CL6006 m/claudelint.yaml:8:15") == 1);  // unknown `nope`
  CHECK(std::count(codes.begin(), codes.end(), "CL6006 m/claudelint.yaml:10:18") == 1); // unknown `prod`
  CHECK(std::count(codes.begin(), codes.end(), "CL6008 m/claudelint.yaml:6:15") == 1);  // a → b → a
}

TEST_CASE("pattern matching for globs and pointers", "[compile][pattern]") {
  using compile::match_pattern;
  CHECK(match_pattern("configs/*.json", "configs/production.json"));
  CHECK_FALSE(match_pattern("configs/*.json", "configs/sub/production.json"));
  CHECK(match_pattern("**/deployment.yaml", "deployment.yaml"));
  CHECK(match_pattern("**/deployment.yaml", "a/b/deployment.yaml"));
  CHECK(match_pattern("/deployment/instances/*/count", "/deployment/instances/0/count"));
  CHECK_FALSE(match_pattern("/deployment/instances/*/count", "/deployment/instances/0/region"));
  CHECK(match_pattern("/secrets/**", "/secrets"));
  CHECK(match_pattern("/secrets/**", "/secrets/A/referenced_from/0"));
  CHECK_FALSE(match_pattern("/secrets/**", "/secretsx"));
  CHECK(match_pattern("overlays/prod?.json", "overlays/prod1.json"));
  CHECK(match_pattern("a*b*c", "aXXbYYc"));
  CHECK_FALSE(match_pattern("a*b*c", "aXXbYY"));
  CHECK(compile::is_literal_pattern("/a/b"));
  CHECK_FALSE(compile::is_literal_pattern("/a/*"));
}
