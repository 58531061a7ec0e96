#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <unistd.h>

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

TEST_CASE("manifest findings land on their own item, whatever comes before it", "[compile][workspace][manifest]") {
  // Items the schema rejects (a mapping, a number, an environment that is
  // a list) still count for the positions of the items after them.
  TreeFixture f;
  f.add("m/claudelint.yaml", R"(version: 1
environments:
  - [not, an, environment]
  - name: a
    extends: [7, nope]
    files: [{x: 1}, missing/*.json]
shared: [{a: b}, 3, also-missing/*.json]
)")
      .add("m/a.json", "{}");
  f.plan({"m"});
  const auto codes = f.codes();
  CHECK(std::count(codes.begin(), codes.end(), "CL6006 m/claudelint.yaml:5:18") == 1); // unknown `nope`
  CHECK(std::count(codes.begin(), codes.end(), "CL6005 m/claudelint.yaml:6:21") == 1); // missing/*.json
  CHECK(std::count(codes.begin(), codes.end(), "CL6005 m/claudelint.yaml:7:21") == 1); // also-missing/*.json
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
  // Without `**`, segment for segment: counts must agree, empty ones too.
  CHECK(match_pattern("", ""));
  CHECK_FALSE(match_pattern("", "/"));
  CHECK(match_pattern("/*", "/"));
  CHECK(match_pattern("/a/*", "/a/"));
  CHECK_FALSE(match_pattern("/a/*", "/a"));
  CHECK_FALSE(match_pattern("/a", "/a/b"));
  CHECK_FALSE(match_pattern("/a/b", "/a"));
  CHECK(match_pattern("/a/*/c", "/a/x~1y/c"));
  CHECK_FALSE(match_pattern("/a/*/c", "/a/x/y/c"));
  CHECK(match_pattern("/a**b/c", "/aXXb/c")); // `**` inside a segment is two `*`s
  CHECK(match_pattern("/*/**/z", "/a/b/c/z"));
  // A literal prefix and a final `/**` (the fast path) agree with the general case.
  CHECK(match_pattern("/**", ""));
  CHECK(match_pattern("/**", "/a/b"));
  CHECK_FALSE(match_pattern("/**", "a"));
  CHECK(match_pattern("/a/**", "/a/"));
  CHECK(match_pattern("configs/**", "configs"));
  CHECK(match_pattern("configs/**", "configs/a/b.json"));
  CHECK_FALSE(match_pattern("configs/**", "configsx/a"));
  CHECK_FALSE(match_pattern("configs/**", "config"));
  CHECK(match_pattern("c?nfigs/**", "configs/a")); // a wildcard in the prefix: the general case
  CHECK(match_pattern("**/**", "a/b"));
  CHECK(compile::is_literal_pattern("/a/b"));
  CHECK_FALSE(compile::is_literal_pattern("/a/*"));
}

// ---------------------------------------------------------------- --shard

namespace {

/// The shard units of a fixture's files (their text read from the fixture);
/// `read` collects the files whose content was asked for.
compile::ShardUnits shard_units(const TreeFixture& f, const std::vector<std::string>& roots,
                                std::vector<std::string>* read = nullptr) {
  std::vector<compile::FoundPath> paths;
  for (const auto& input : f.inputs) paths.push_back({input.path, input.kind});
  return compile::ShardUnits(paths, roots, [&](std::size_t i) {
    if (read) read->push_back(f.inputs[i].path);
    return compile::might_split_by_environment(f.sources.file(f.inputs[i].file).text(), f.inputs[i].kind);
  });
}

/// A tree as the checks below compare it: root, then each member's id and role.
std::vector<std::string> describe(const compile::Tree& tree) {
  std::vector<std::string> out{tree.root};
  for (const auto& role : tree.files) {
    std::string line = std::to_string(role.file) + " " + role.path + (role.shared ? " shared" : "") +
                       (role.split_by_environment ? " split" : "");
    for (const auto& environment : role.environments) line += " " + environment;
    out.push_back(line);
  }
  return out;
}

/// What --shard promises, checked on a fixture: all the members of a tree
/// share one unit, and planning only the files of one unit finds exactly
/// the trees the whole run finds among them.
void check_units_keep_trees_whole(TreeFixture& f, const std::vector<std::string>& roots) {
  const auto& whole = f.plan(roots);
  const auto units = shard_units(f, roots);
  std::map<std::string, std::vector<compile::InputFile>> by_unit;
  std::map<claudelint::model::FileId, std::string> unit_of;
  for (const auto& input : f.inputs) {
    unit_of[input.file] = units.unit_of(input.path);
    by_unit[unit_of[input.file]].push_back(input);
  }
  std::map<std::string, std::vector<std::vector<std::string>>> expected; // unit → its trees
  for (const auto& tree : whole.trees) {
    REQUIRE_FALSE(tree.files.empty());
    const std::string unit = unit_of[tree.files.front().file];
    for (const auto& member : tree.files) {
      INFO(tree.root << ": " << member.path);
      CHECK(unit_of[member.file] == unit);
    }
    expected[unit].push_back(describe(tree));
  }
  for (const auto& [unit, inputs] : by_unit) {
    INFO("unit " << unit);
    const auto part = compile::plan_workspace(inputs, roots, "/work");
    std::vector<std::vector<std::string>> found;
    for (const auto& tree : part.trees) found.push_back(describe(tree));
    CHECK(found == expected[unit]);
  }
}

} // namespace

TEST_CASE("shard units: a tree is never split, whatever made it a tree", "[compile][workspace][shard]") {
  TreeFixture f;
  f.add("package.json", R"({"name": "estate", "private": true, "workspaces": ["services/*"]})")
      // inferred, with config/ container folders
      .add("services/api/config/production.json", "{}")
      .add("services/api/config/staging.json", "{}")
      .add("services/api/monitoring.json", "{}")
      .add("services/api/deploy.sh", "echo hi\n")
      .add("services/worker/config/dev.json", "{}")
      .add("services/worker/notifications.yaml", "notifications: {}\n")
      // a manifest, with an environment-named file deeper inside it
      .add("teams/pay/claudelint.yaml", "version: 1\nenvironments: [dev, production]\n")
      .add("teams/pay/base/client.json", "{}")
      .add("teams/pay/sub/production.json", "{}")
      // folders named after environments
      .add("apps/web/production/client.json", "{}")
      .add("apps/web/staging/client.json", "{}")
      .add("apps/web/shared.yaml", "a: 1\n")
      // split by environment: YAML beside its tree, JSON in a container folder
      .add("infra/edge/routing.yaml", "production:\n  a: 1\nstaging:\n  a: 2\n")
      .add("infra/edge/notes.json", "{\"a\": 1}")
      .add("infra/db/settings/limits.json", R"({"$schema": "x", "dev": {}, "prod": {}})")
      .add("infra/db/run.sh", "echo\n")
      // nested trees: an inferred one inside another
      .add("nest/production.json", "{}")
      .add("nest/inner/config/dev.json", "{}")
      .add("nest/inner/config/staging.json", "{}")
      // loose files
      .add("misc/loose.json", "{\"a\": 1}")
      .add("misc/more.yaml", "a: 1\n");
  std::vector<std::string> read;
  const auto units = shard_units(f, {"."}, &read);
  CHECK(units.unit_of("services/api/config/production.json") == "services/api");
  CHECK(units.unit_of("services/api/deploy.sh") == "services/api");
  CHECK(units.unit_of("services/worker/notifications.yaml") == "services/worker");
  CHECK(units.unit_of("teams/pay/sub/production.json") == "teams/pay");
  CHECK(units.unit_of("apps/web/shared.yaml") == "apps/web");
  CHECK(units.unit_of("apps/web/production/client.json") == "apps/web");
  CHECK(units.unit_of("infra/edge/notes.json") == "infra/edge");
  CHECK(units.unit_of("infra/db/run.sh") == "infra/db");
  CHECK(units.unit_of("nest/inner/config/dev.json") == "nest");
  CHECK(units.unit_of("misc/loose.json") == "misc/loose.json");
  // The root package.json cannot be split by environment: it is its own
  // unit, and does not gather the whole estate into one.
  CHECK(units.unit_of("package.json") == "package.json");
  CHECK_FALSE(units.candidates().contains("."));
  // Only what lies outside every tree its path shows is read.
  std::sort(read.begin(), read.end());
  CHECK(read == std::vector<std::string>{"infra/db/settings/limits.json", "infra/edge/routing.yaml",
                                         "misc/loose.json", "misc/more.yaml", "package.json"});
  // A skipped path goes with the folder it is in.
  CHECK(units.unit_of("services/api/broken-link.json") == "services/api");
  CHECK(units.unit_of("elsewhere/link") == "elsewhere/link");
  check_units_keep_trees_whole(f, {"."});
}

TEST_CASE("shard units follow the scan roots as the planner does", "[compile][workspace][shard]") {
  // Scanned from inside a container folder, `config/` is the tree itself.
  TreeFixture f;
  f.add("a/config/production.json", "{}").add("a/config/staging.json", "{}").add("a/config/extra.yaml", "x: 1\n");
  const auto units = shard_units(f, {"a/config"});
  CHECK(units.unit_of("a/config/extra.yaml") == "a/config");
  check_units_keep_trees_whole(f, {"a/config"});
  // Two scan roots, one inside the other.
  TreeFixture g;
  g.add("x/production.json", "{}").add("x/y/config/dev.json", "{}").add("x/y/z.json", "{}");
  check_units_keep_trees_whole(g, {"x", "x/y"});
}

TEST_CASE("a file that might be split by environment is a candidate root", "[compile][workspace][shard]") {
  // Not parseable, so it might be: the whole folder above it stays together.
  TreeFixture f;
  f.add("svc/deployment.yaml", "production: {a: 1,\nb: 2}\n").add("svc/deep/x.json", "{}").add("other.json", "{}");
  const auto units = shard_units(f, {"."});
  CHECK(units.unit_of("svc/deep/x.json") == "svc");
  CHECK(units.unit_of("other.json") == "other.json");
  check_units_keep_trees_whole(f, {"."});
  // A JSON file of environment sections at the scan root makes the scan
  // root one unit.
  TreeFixture g;
  g.add("envs.json", R"({"production": {}, "staging": {}})").add("a/b.json", "{}").add("c/d.yaml", "d: 1\n");
  CHECK(shard_units(g, {"."}).unit_of("c/d.yaml") == ".");
  check_units_keep_trees_whole(g, {"."});
}

TEST_CASE("might_split_by_environment: JSON", "[compile][workspace][shard]") {
  using claudelint::source::FileKind;
  const auto might = [](std::string_view text, FileKind kind = FileKind::json) {
    return compile::might_split_by_environment(text, kind);
  };
  CHECK(might(R"({"production": {}, "staging": {}})"));
  CHECK(might(R"({"$schema": "s", "x-anchor": 1, "prod": {}})"));
  CHECK(might("{\"dev\": {}, // a comment\n \"ci\": {}}", FileKind::jsonc));
  CHECK(might(R"({"production": {}, "staging": {},})", FileKind::jsonc)); // a trailing comma: not parsed
  CHECK(might(R"({"production": {"a": )"));                               // broken: the loader may recover
  CHECK(might("{\"pro\\u0064\": {}}"));                                    // "prod", escaped
  CHECK_FALSE(might(R"({"name": "estate", "private": true})"));
  CHECK_FALSE(might(R"({"production": {}, "name": "x"})"));
  CHECK_FALSE(might(R"({"$schema": "s"})")); // metadata only: no environment
  CHECK_FALSE(might(R"([{"production": {}}])"));
  CHECK_FALSE(might("{}"));
  CHECK_FALSE(might("production: {}\n", FileKind::dotenv));
}

TEST_CASE("might_split_by_environment: YAML", "[compile][workspace][shard]") {
  const auto might = [](std::string_view text) {
    return compile::might_split_by_environment(text, claudelint::source::FileKind::yaml);
  };
  CHECK(might("production:\n  a: 1\nstaging:\n  a: 2\n"));
  CHECK(might("# comment\n---\nx-common: &c\n  a: 1\nprod:\n  <<: *c\n"));
  CHECK_FALSE(might("services:\n  a: 1\nproduction: {}\n"));
  CHECK_FALSE(might("---\nname: ci # a workflow\non: push\njobs:\n  a:\n    run: echo \"it's\"\n"));
  CHECK_FALSE(might("a: 'one' # it's\nb: \"x # y\"\nc: [1, {d: 2}]\n"));
  CHECK_FALSE(might("\xEF\xBB\xBFname: x\r\nother: y\r\n"));
  // Anything unusual is "might".
  CHECK(might("  indented: 1\nname: x\n"));                   // indented first line
  CHECK(might("production: {a: 1,\nb: 2}\n"));                 // flow style across lines
  CHECK(might("production: \"a\nb: c\"\n"));                   // a quoted scalar across lines
  CHECK(might("production:\n  - 'a\nb: c'\n"));                // … starting on an indented line
  CHECK(might("\"name\": x\n"));                              // a quoted key
  CHECK(might("? name\n: x\n"));                              // an explicit key
  CHECK(might("&a name: x\n"));                               // an anchor on the key
  CHECK(might("<<: *base\nname: x\n"));                       // a merge key
  CHECK(might("name: x\n---\nother: y\n"));                   // several documents
  CHECK(might("%YAML 1.2\n---\nname: x\n"));                   // a directive
  CHECK(might("--- {name: x}\n"));                            // content after ---
  CHECK(might("name : x\n"));                                 // a space before the colon
  CHECK(might("name: x\n\tother: y\n"));                       // a tab
  CHECK(might("- production\n"));                             // not a mapping
  CHECK(might("name:\n  a:'b: 'c\nother: x\n"));             // `'c` opens a quote: `a:'b` is one plain scalar
  CHECK(might("name: |\n  \"text\nother: x\n"));              // block scalar text is read as YAML too
  CHECK(might(""));                                           // nothing: no document either, but say might
}

TEST_CASE("a shard holds a unit by its FNV-1a 64 hash", "[compile][workspace][shard]") {
  // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c, which is 1 mod 3: shard 2 of 3.
  CHECK(compile::Shard{2, 3}.holds("a"));
  CHECK_FALSE(compile::Shard{1, 3}.holds("a"));
  CHECK(compile::Shard{3, 4}.holds("services/api")); // 0xdb5ddbec766f445a, 2 mod 4
  CHECK(compile::Shard{1, 1}.holds("anything"));
  for (const std::string unit : {"", "a", "services/api", "/abs/path", "x/y/z.json"})
    for (std::size_t count = 1; count <= 7; ++count) {
      std::size_t holders = 0;
      for (std::size_t index = 1; index <= count; ++index) holders += compile::Shard{index, count}.holds(unit);
      CHECK(holders == 1);
    }
}

namespace {

/// What the planner decides from a loaded file (split_environments with the
/// conventional environments): its first document is an object whose keys,
/// besides metadata, are all environment names, and there is one.
bool loaded_split(const std::string& path, const std::string& text) {
  claudelint::model::SourceManager sources;
  const auto id = sources.add(path, text);
  const auto loaded = claudelint::source::load(sources.file(id), id, claudelint::source::classify(path),
                                               claudelint::support::Limits{});
  if (loaded.documents.empty() || !loaded.documents.front().value.is_object()) return false;
  std::size_t environments = 0;
  for (const auto& item : loaded.documents.front().value.items()) {
    if (compile::is_meta_key(item.key())) continue;
    if (!compile::conventional_environment(item.key())) return false;
    ++environments;
  }
  return environments > 0;
}

/// Texts made of `pieces` at random, the same on every run.
std::vector<std::string> random_texts(const std::vector<std::string>& pieces, std::size_t count, std::size_t most) {
  std::mt19937 random(20240601);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    const std::size_t n = 1 + random() % most;
    for (std::size_t k = 0; k < n; ++k) text += pieces[random() % pieces.size()];
    out.push_back(std::move(text));
  }
  return out;
}

} // namespace

TEST_CASE("might_split_by_environment never says no to a file the loader splits (YAML)",
          "[compile][workspace][shard]") {
  // Lines that open, close and nest quotes, flow collections, block
  // scalars, anchors and documents, at column 0 and indented.
  const std::vector<std::string> lines = {
      "production:\n", "staging:\n", "prod: 1\n", "dev: x\n", "test: {}\n", "x-base: &b\n", "$schema: s\n",
      "name: x\n", "other: y\n", "  a: 1\n", "  - b\n", "  b: \"q\n", "  'r\n", "c: d\"\n", "e: f'\n",
      "g: [1,\n", "h: {a: 1,\n", "2]\n", "b: 2}\n", "  ]\n", "  }\n", "# c\n", "---\n", "...\n", "? k\n", ": v\n",
      "i: |\n", "j: >-\n", "  text \"open\n", "text: 1\n", "<<: *b\n", "\"prod\": 1\n", "'name': 2\n", " k: 4\n",
      "\tm: 5\n", "n\n", "o: a:'b: 'c\n", "p:'t\n", "q: \"a\" b\n", "r: [\"x\", 'y]\n", "s: it's\n",
      "  - [\n", "  - {a: \"b\",\n", "u: !!str\n", "v: *b\n", "w: 'it''s'\n", "y: \"a\\\"b\n", "%YAML 1.2\n",
      "pre-prod: 1\n", "  x: \"a # b\"\n", "z: \"a # b\n", "\n", "   \n", "--- |\n", "- production\n",
  };
  std::size_t split = 0, said_no = 0;
  for (const auto& text : random_texts(lines, 6000, 7)) {
    const bool loaded = loaded_split("t.yaml", text);
    const bool might = compile::might_split_by_environment(text, claudelint::source::FileKind::yaml);
    INFO(text);
    if (loaded) CHECK(might);
    split += loaded;
    said_no += !might;
  }
  CHECK(split > 100);   // the test reaches both answers …
  CHECK(said_no > 100); // … and the heuristic is not always "might"
}

TEST_CASE("might_split_by_environment never says no to a file the loader splits (JSON)",
          "[compile][workspace][shard]") {
  const std::vector<std::string> pieces = {
      "{", "}", "[", "]", ",", ":", " ", "\n", "\"production\"", "\"prod\"", "\"name\"", "\"$schema\"",
      "\"x-a\"", "\"pro\\u0064\"", "1", "\"s\"", "{}", "// c\n", "/* c */", "\"production\": {}", "\"name\": 1",
      "\xEF\xBB\xBF", "\"", "null",
  };
  std::size_t split = 0;
  for (const auto& text : random_texts(pieces, 6000, 9)) {
    for (const char* path : {"t.json", "t.jsonc"}) {
      const bool loaded = loaded_split(path, text);
      INFO(path << ": " << text);
      if (loaded) CHECK(compile::might_split_by_environment(text, claudelint::source::classify(path)));
      split += loaded;
    }
  }
  CHECK(split > 10);
}

TEST_CASE("might_split_by_environment: the quick JSON scan answers as the parser does", "[compile][workspace][shard]") {
  namespace fs = std::filesystem;
  const auto names = [](std::string_view key) { return compile::conventional_environment(key); };
  std::size_t answered = 0, texts = 0;
  const auto compare = [&](const std::string& text) {
    INFO(text);
    ++texts;
    if (const auto scanned = compile::detail::json_might_split_scanned(text, names)) {
      CHECK(*scanned == compile::detail::json_might_split_parsed(text, names));
      ++answered;
    }
  };
  const std::vector<std::string> pieces = {
      "{", "}", "[", "]", ",", ":", " ", "\n", "\"production\"", "\"prod\"", "\"name\"", "\"$schema\"", "\"x-a\"",
      "\"pro\\u0064\"", "\"a\\nb\"", "1", "-0.5", "01", "1.", "-", "1e5", "true", "nul", "false", "\"s\"", "{}",
      "[]", "// c\n", "\"production\": {}", "\"name\": 1", "\"\xC3\xA9\"", "\"", "null", "\t", "\x01"};
  for (const auto& text : random_texts(pieces, 20000, 9)) compare(text);
  CHECK(answered > 1000); // most random texts are not JSON: those go to the parser
  answered = texts = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    compare(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  }
  CHECK(answered > texts / 2); // most config files are plain JSON
}

TEST_CASE("might_split_by_environment with a manifest's own environment names", "[compile][workspace]") {
  using claudelint::source::FileKind;
  const auto qa_or_live = [](std::string_view key) { return key == "qa" || key == "live"; };
  CHECK(compile::might_split_by_environment("qa:\n  a: 1\nlive:\n  a: 2\n", FileKind::yaml, qa_or_live));
  CHECK(compile::might_split_by_environment(R"({"qa": {}, "x-base": {}})", FileKind::json, qa_or_live));
  // The conventional names are not among these.
  CHECK_FALSE(compile::might_split_by_environment("production:\n  a: 1\n", FileKind::yaml, qa_or_live));
  CHECK_FALSE(compile::might_split_by_environment(R"({"qa": {}, "prod": {}})", FileKind::json, qa_or_live));
  // … but they are by default.
  CHECK_FALSE(compile::might_split_by_environment("qa:\n  a: 1\n", FileKind::yaml));
}

TEST_CASE("declared_environments reads a manifest's environments as the planner does", "[compile][workspace]") {
  TreeFixture f;
  f.add("claudelint.yaml", "version: 1\nenvironments:\n  - qa\n  - name: live\n    aliases: [prd]\n  - production\n"
                           "  - 7\n");
  const auto& manifest = f.sources.file(f.inputs.at(0).file);
  REQUIRE(manifest.path() == "claudelint.yaml");
  const auto specs = compile::declared_environments(f.documents.at(0).front());
  REQUIRE(specs.size() == 3);
  CHECK(specs[0].name == "qa");
  CHECK(specs[1].name == "live");
  CHECK(specs[1].answers_to("prd"));
  CHECK(specs[2].name == "production");
  CHECK(specs[2].answers_to("prod")); // a conventional name keeps its aliases
  const auto& ws = f.plan({"."});
  REQUIRE(ws.trees.size() == 1);
  CHECK(names(ws.trees[0]) == std::vector<std::string>{"qa", "live", "production"});
}

TEST_CASE("ScanRoots gives the deepest root holding a path, as relative_to says", "[compile][workspace]") {
  // The reference: every root compared with relative_to, the deepest kept
  // ("." and "/" are the shallowest, whatever their length).
  const auto deepest = [](const std::vector<std::string>& roots, const std::string& path) {
    const auto depth = [](const std::string& root) { return root == "." || root == "/" ? 0 : root.size(); };
    const std::string* best = nullptr;
    for (const auto& root : roots)
      if (compile::relative_to(path, root) && (!best || depth(root) > depth(*best))) best = &root;
    if (best) return *best;
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : slash == 0 ? std::string("/") : path.substr(0, slash);
  };
  const std::vector<std::string> parts = {"a", "b", "config", "..", "ab"};
  std::mt19937 random(7);
  const auto make_path = [&](bool absolute, int depth) {
    std::string path = absolute ? "/" : "";
    for (int i = 0; i < depth; ++i) path += (i ? "/" : "") + parts[random() % parts.size()];
    return path;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> roots;
    const int count = static_cast<int>(random() % 5);
    for (int i = 0; i < count; ++i) {
      const auto pick = random() % 6;
      roots.push_back(pick == 0 ? "." : pick == 1 ? "/" : make_path(pick == 2, 1 + static_cast<int>(random() % 3)));
    }
    const compile::ScanRoots scan(roots);
    for (int i = 0; i < 20; ++i) {
      const std::string path = make_path(random() % 4 == 0, 1 + static_cast<int>(random() % 4));
      INFO("path " << path << ", " << roots.size() << " roots");
      CHECK(scan.of(path) == deepest(roots, path));
    }
  }
  // A file argument's folder, repeated for each of its files.
  const compile::ScanRoots files({"p1/config", "p1/config", "p2/config", "."});
  CHECK(files.of("p1/config/dev.json") == "p1/config");
  CHECK(files.of("p3/deployment.yaml") == ".");
  CHECK(compile::ScanRoots({}).of("x/y.json") == "x");
  // A one-letter folder is deeper than ".", in either order.
  CHECK(compile::ScanRoots({".", "a"}).of("a/b.json") == "a");
  CHECK(compile::ScanRoots({"a", "."}).of("a/b.json") == "a");
}

TEST_CASE("TreeRootFinder finds each file's tree on disk as tree_root_for does, through links", "[compile][workspace]") {
  namespace fs = std::filesystem;
  const fs::path base = fs::weakly_canonical(fs::temp_directory_path()) / fmt::format("claudelint-roots-{}", ::getpid());
  fs::remove_all(base);
  const auto write = [&](const fs::path& relative) {
    fs::create_directories((base / relative).parent_path());
    std::ofstream(base / relative) << "{}";
  };
  write("a/configs/production.json");  // a tree by its container folder's files
  write("a/configs/staging.json");
  write("b/claudelint.yaml");          // a tree by its manifest, files deeper down
  write("b/x/y/settings.json");
  write("c/notes.json");               // no tree
  write("d/dev.json");                 // a tree by a file of its own folder
  fs::create_directory_symlink(base / "a", base / "link-to-a");
  fs::create_directory_symlink(base / "b" / "x", base / "link-to-bx");
  const std::vector<std::pair<fs::path, std::optional<fs::path>>> expected = {
      {"a/configs/production.json", base / "a"},
      {"a/configs/staging.json", base / "a"},
      {"link-to-a/configs/staging.json", base / "a"},
      {"b/x/y/settings.json", base / "b"},
      {"link-to-bx/y/settings.json", base / "b"},
      {"b/x/../x/y/settings.json", base / "b"},
      {"c/notes.json", std::nullopt},
      {"d/dev.json", base / "d"},
      {"missing/dev.json", std::nullopt},
  };
  compile::TreeRootFinder finder(base);
  for (int pass = 0; pass < 2; ++pass) // the second from what the first looked up
    for (const auto& [file, root] : expected) {
      INFO(file);
      CHECK(finder.root_for(base / file) == root);
      CHECK(compile::tree_root_for(base / file, base) == root);
    }
  fs::remove_all(base);
}
