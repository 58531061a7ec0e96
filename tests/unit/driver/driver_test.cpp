#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

#include <fmt/format.h>

#include "driver/driver.h"
#include "driver/rule_selection.h"
#include "schema/engine.h"
#include "support/error.h"

namespace fs = std::filesystem;
using namespace claudelint;

namespace {
struct Tree {
  fs::path root = fs::temp_directory_path() / ("claudelint-driver-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(root);
    fs::create_directories(root / "configs");
  }
  ~Tree() { fs::remove_all(root); }
  void write(const std::string& relative, const std::string& text) const { std::ofstream(root / relative) << text; }
};
} // namespace

TEST_CASE("the driver loads every file, in path order, and sorts findings", "[driver]") {
  Tree t;
  t.write("configs/production.json", "{\"a\": 1, \"a\": 2}");
  t.write("configs/dev.json", "{\"a\": 1,}");
  t.write("deployment.yaml", "failover: yes\n");
  t.write(".env", "TOKEN=x\n");
  fs::permissions(t.root / ".env", fs::perms(0644), fs::perm_options::replace); // not the umask's choice
  t.write("notes.txt", "not a config");
  driver::Options options;
  options.paths = {"."};
  options.cwd = t.root;
  options.schemas.builtin = false; // loading only; schema selection is tested below
  fs::current_path(t.root); // paths are resolved against the process's directory too
  const auto result = driver::run(options);
  CHECK(result.files_checked == 4);
  REQUIRE(result.files.size() == 4);
  std::vector<std::string> paths;
  for (const auto& f : result.files) paths.push_back(result.sources.file(f.file).path());
  CHECK(paths == std::vector<std::string>{".env", "configs/dev.json", "configs/production.json", "deployment.yaml"});
  std::vector<std::string> findings;
  for (const auto& d : result.diagnostics)
    findings.push_back(result.sources.file(d.range.file).path() + " " + d.rule.code);
  // The .env file is readable by others (CL3010) and defines a key nothing
  // uses (CL3006); file findings sort at line 1 like the others.
  CHECK(findings == std::vector<std::string>{".env CL3010", ".env CL3006", "configs/dev.json CL0010",
                                             "configs/production.json CL0002", "deployment.yaml CL0006"});
  // .env values are registered as redactions for every renderer.
  CHECK_FALSE(result.sources.file(result.files[0].file).redactions().empty());
  fs::current_path(CLAUDELINT_SOURCE_DIR);
}

TEST_CASE("the driver turns a missing path into a usage error", "[driver]") {
  driver::Options options;
  options.paths = {"/definitely/not/here"};
  CHECK_THROWS_AS(driver::run(options), UsageError);
}

namespace {
std::vector<std::string> run_findings(const Tree& t, driver::Options options) {
  options.paths = {"."};
  options.cwd = t.root;
  fs::current_path(t.root);
  const auto result = driver::run(options);
  fs::current_path(CLAUDELINT_SOURCE_DIR);
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics)
    out.push_back(result.sources.file(d.range.file).path() + " " + d.rule.code + " " + d.pointer.value_or(""));
  return out;
}
} // namespace

TEST_CASE("schema selection: --schema, then $schema, then the built-in schema for the name", "[driver][schema]") {
  Tree t;
  t.write("configs/production.json", R"({"security": {"certifcate_validation": true}})");
  t.write("configs/custom.json", R"({"$schema": "../schemas/port.json", "port": "80"})");
  fs::create_directories(t.root / "schemas");
  t.write("schemas/port.json", R"({"properties": {"port": {"type": "integer"}}})");
  t.write("notes.json", R"({"anything": 1})");

  SECTION("built-in and $schema") {
    const auto findings = run_findings(t, {});
    CHECK(std::count(findings.begin(), findings.end(),
                     "configs/production.json CL1003 /security/certifcate_validation") == 1);
    CHECK(std::count(findings.begin(), findings.end(), "configs/custom.json CL1001 /port") == 1);
    for (const auto& f : findings) CHECK(f.find("notes.json") == std::string::npos); // no schema applies
  }
  SECTION("--require-schema flags files no schema applies to") {
    driver::Options options;
    options.schemas.require = true;
    const auto findings = run_findings(t, options);
    CHECK(std::count(findings.begin(), findings.end(), "notes.json CL1010 ") == 1);
  }
  SECTION("--schema overrides everything") {
    driver::Options options;
    options.schemas.schema = t.root / "schemas/port.json";
    const auto findings = run_findings(t, options);
    for (const auto& f : findings) CHECK(f.find("CL1003") == std::string::npos);
    CHECK(std::count(findings.begin(), findings.end(), "configs/custom.json CL1001 /port") == 1);
  }
  SECTION("an unusable --schema is a SchemaError") {
    t.write("schemas/broken.json", R"({"$schema": "https://json-schema.org/draft/2020-12/schema"})");
    driver::Options options;
    options.schemas.schema = t.root / "schemas/broken.json";
    options.paths = {"."};
    options.cwd = t.root;
    fs::current_path(t.root);
    CHECK_THROWS_AS(driver::run(options), driver::SchemaError);
    fs::current_path(CLAUDELINT_SOURCE_DIR);
  }
}

TEST_CASE("a file with syntax errors still gets the schema's findings on the values that parsed", "[driver][schema]") {
  Tree t;
  // Being typed: a half-written key, a value the schema forbids, and a
  // required object that may be in the part that did not parse.
  t.write("schema.json", R"({"type": "object", "required": ["name", "mode"],
    "properties": {"name": {"type": "string"}, "mode": {"enum": ["fast", "safe"]},
                   "extra": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["x"]}]}}})");
  t.write("configs/app.json", "{\n  \"mode\": \"quick\",\n  \"extra\": {},\n  \"na\n}\n");
  driver::Options options;
  options.paths = {(t.root / "configs/app.json").string()};
  options.cwd = t.root;
  options.schemas.schema = t.root / "schema.json";
  const auto result = driver::run(options);
  std::vector<std::string> rules;
  for (const auto& d : result.diagnostics) rules.push_back(d.rule.code);
  CHECK(std::count(rules.begin(), rules.end(), "CL0001") >= 1); // the syntax error
  CHECK(std::count(rules.begin(), rules.end(), "CL1002") == 1); // "quick" is not an allowed mode
  CHECK(std::count(rules.begin(), rules.end(), "CL1004") == 0); // "name" may be in the unparsed part
  CHECK(std::count(rules.begin(), rules.end(), "CL1008") == 0); // anyOf: judged on what may be missing
}

TEST_CASE("violations that missing parts could cause do not stand on a partial document", "[schema]") {
  const auto stands = [](std::string keyword, std::string schema_pointer) {
    return schema::holds_on_partial_instance({"/a", std::move(keyword), std::move(schema_pointer), "", {}});
  };
  CHECK(stands("enum", "/properties/a/enum"));
  CHECK(stands("type", "/properties/notes/type"));
  CHECK(stands("false", "/additionalProperties"));
  CHECK_FALSE(stands("required", "/required"));
  CHECK_FALSE(stands("minItems", "/properties/a/minItems"));
  CHECK_FALSE(stands("anyOf", "/properties/a/anyOf"));
  CHECK_FALSE(stands("type", "/properties/a/oneOf/1/type"));
  CHECK_FALSE(stands("enum", "/properties/a/not"));
  CHECK_FALSE(stands("const", "/then/properties/a/const"));
}

TEST_CASE("a run that does not keep the compiled environments finds the same", "[driver][memory]") {
  // `check` in any format but HTML drops each tree's environments once its
  // rules ran; what it finds must not change.
  driver::Options options;
  options.paths = {"fixtures/examples/deployment", "fixtures/examples/layered"};
  options.cwd = CLAUDELINT_SOURCE_DIR;
  const auto kept = driver::run(options);
  options.keep_environments = false;
  const auto dropped = driver::run(options);
  REQUIRE(kept.workspace.trees.size() >= 2);
  std::size_t environments = 0;
  for (const auto& tree : kept.environments) environments += tree.size();
  CHECK(environments >= 4);
  for (const auto& tree : dropped.environments) CHECK(tree.empty());
  const auto describe = [](const driver::RunResult& result) {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics)
      out.push_back(fmt::format("{}:{} {} {}", result.sources.file(d.range.file).path(), d.range.begin, d.rule.code,
                                d.message));
    return out;
  };
  CHECK(describe(dropped) == describe(kept));
  CHECK_FALSE(describe(kept).empty());
}

TEST_CASE("a run that frees each tree's documents finds, silences and ignores the same", "[driver][memory]") {
  // `check` frees a file's documents once every tree reading it ran its
  // rules; the manifests stay for their `ignore:` entries. The trees here
  // have a manifest with used and unused ignores, inline suppressions, a
  // shared file.
  driver::Options options;
  options.paths = {"fixtures/examples/deployment", "fixtures/examples/layered", "fixtures/trees/suppressions"};
  options.cwd = CLAUDELINT_SOURCE_DIR;
  const auto kept = driver::run(options);
  options.keep_documents = false;
  const auto freed = driver::run(options);
  const auto describe = [](const driver::RunResult& result) {
    std::vector<std::string> out;
    for (const auto* list : {&result.diagnostics, &result.suppressed, &result.ignored})
      for (const auto& d : *list)
        out.push_back(fmt::format("{}:{} {} {}", result.sources.file(d.range.file).path(), d.range.begin,
                                  d.rule.code, d.message));
    return out;
  };
  CHECK(describe(freed) == describe(kept));
  CHECK_FALSE(kept.ignored.empty());
  CHECK_FALSE(kept.suppressed.empty());
  std::set<model::FileId> manifests, in_trees;
  for (const auto& tree : freed.workspace.trees) {
    if (tree.manifest) manifests.insert(*tree.manifest);
    for (const auto& role : tree.files) in_trees.insert(role.file);
  }
  REQUIRE_FALSE(manifests.empty());
  std::size_t freed_files = 0;
  for (const auto& file : freed.files) {
    INFO(freed.sources.file(file.file).path());
    if (manifests.contains(file.file)) CHECK_FALSE(file.documents.empty());
    else if (in_trees.contains(file.file)) freed_files += file.documents.empty();
  }
  CHECK(freed_files >= 5);
  for (const auto& file : kept.files)
    if (in_trees.contains(file.file) && file.kind == source::FileKind::json) CHECK_FALSE(file.documents.empty());
}

// Files are parsed tree by tree, after planning; the planner reads the files
// whose top-level keys might name environments first — including names only
// a manifest declares.
TEST_CASE("the planner sees a file split by a manifest's own environment names", "[driver][memory]") {
  Tree t;
  t.write("claudelint.yaml", "version: 1\nenvironments:\n  - name: qa\n    files: [configs/qa.json]\n"
                             "  - name: live\n    files: [configs/live.json]\nshared: [settings.yaml, base.json]\n");
  t.write("configs/qa.json", "{}");
  t.write("configs/live.json", "{}");
  t.write("settings.yaml", "qa:\n  replicas: 1 # claudelint: disable=CL9999\nlive:\n  replicas: 3\n");
  t.write("base.json", "{\"replicas\": 2}");
  fs::current_path(t.root);
  for (const bool keep : {true, false}) {
    driver::Options options;
    options.paths = {"."};
    options.cwd = t.root;
    options.keep_documents = keep;
    std::atomic<std::size_t> progress_calls = 0, last_total = 0; // called from any thread
    options.progress = [&](std::size_t, std::size_t total) {
      ++progress_calls;
      last_total = total;
    };
    const auto result = driver::run(options);
    CHECK(last_total == 5);
    REQUIRE(result.workspace.trees.size() == 1);
    std::map<std::string, bool> split;
    for (const auto& role : result.workspace.trees[0].files) split[role.path] = role.split_by_environment;
    CHECK(split == std::map<std::string, bool>{{"base.json", false},
                                               {"configs/live.json", false},
                                               {"configs/qa.json", false},
                                               {"settings.yaml", true}});
    CHECK(progress_calls == 5); // each file parsed once
    // Every file was parsed by the end: the comment in settings.yaml was read.
    bool comments = false;
    for (const auto& file : result.files)
      if (result.sources.file(file.file).path() == "settings.yaml") comments = !file.comments.empty();
    CHECK(comments);
  }
  fs::current_path(CLAUDELINT_SOURCE_DIR);
}

TEST_CASE("select: a run works out only what the selected rules need", "[driver][select]") {
  driver::Options options;
  compile::Workspace workspace;
  const auto select = [&](std::vector<std::string> entries) { options.selection.emplace(std::move(entries)); };
  // No selection: everything.
  CHECK(driver::needs_environments(options, workspace));
  CHECK(driver::validates_values(options, false));
  CHECK(driver::reports_parity(options));
  // A file rule: no environments, no validation.
  select({"literal-secret"});
  CHECK_FALSE(driver::needs_environments(options, workspace));
  CHECK_FALSE(driver::validates_values(options, false));
  CHECK_FALSE(driver::reports_parity(options));
  // A schema finding: validation only.
  select({"CL1003"});
  CHECK_FALSE(driver::needs_environments(options, workspace));
  CHECK(driver::validates_values(options, false));
  // An environment rule, a category with one, a compile finding, parity:
  // environments, and with them validation (their findings depend on it).
  for (const char* entry : {"CL2001", "secrets", "invalid-duration", "env-parity"}) {
    select({entry});
    INFO(entry);
    CHECK(driver::needs_environments(options, workspace));
  }
  CHECK(driver::reports_parity(options));
  CHECK(driver::validates_values(options, true));
  // A rule pack's rules are read later: they might need environments.
  select({"literal-secret"});
  options.rule_packs.push_back("team-rules/");
  CHECK(driver::needs_environments(options, workspace));
}
