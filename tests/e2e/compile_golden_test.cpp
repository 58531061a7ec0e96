// Golden outputs of the environment compiler for the example tree
// fixtures/examples/deployment, through the library (the tree has planted
// errors, so `claudelint build` refuses it): per environment the artifacts
// render_artifacts makes (<env>.json, <env>.sources.json, manifest.json), and
// for each step of the promotion chain the diff in text, JSON and markdown,
// rendered as `claudelint diff` renders them. Expected files live in
// fixtures/golden/examples-deployment/*.expected (the suffix keeps the
// linter's directory walk away from them). CLAUDELINT_UPDATE_GOLDEN=1
// rewrites them; review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "compile/artifacts.h"
#include "compile/compiler.h"
#include "compile/diff.h"
#include "compile/parity.h"
#include "driver/driver.h"
#include "process.h"
#include "report/diff.h"

namespace fs = std::filesystem;
using namespace claudelint;
using claudelint::test::read_all;

namespace {

const fs::path source_dir = CLAUDELINT_SOURCE_DIR;
const fs::path golden_dir = source_dir / "fixtures/golden/examples-deployment";

/// Compares `actual` with golden_dir/<name>.expected, or rewrites it.
void check_golden(const std::string& name, const std::string& actual, std::set<std::string>& seen) {
  const fs::path golden = golden_dir / (name + ".expected");
  seen.insert(golden.filename().string());
  INFO(golden.lexically_relative(source_dir).generic_string());
  if (claudelint::test::updating_golden()) {
    fs::create_directories(golden_dir);
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  REQUIRE(fs::exists(golden));
  CHECK(actual == read_all(golden));
}

const compile::CompiledEnvironment& environment(const driver::RunResult& result, const std::string& name) {
  for (const auto& compiled : result.environments.at(0))
    if (compiled.name == name) return compiled;
  FAIL("no environment " << name);
  throw std::logic_error("unreachable");
}

/// "file:line:column" of the origin of `pointer`, like cli::origin_location.
std::optional<std::string> location(const driver::RunResult& result, const compile::CompiledEnvironment& environment,
                                    const std::string& pointer) {
  const auto it = environment.provenance.find(pointer);
  if (it == environment.provenance.end() || it->second.empty() || !it->second.back().file) return std::nullopt;
  const auto& origin = it->second.back();
  const auto& file = result.sources.file(*origin.file);
  const auto position = file.position(origin.value.begin);
  return fmt::format("{}:{}:{}", file.path(), position.line, position.column);
}

} // namespace

TEST_CASE("examples/deployment: compiled artifacts and promotion diffs match the goldens", "[e2e][compile][golden]") {
  driver::Options options;
  options.paths = {"fixtures/examples/deployment"};
  options.cwd = source_dir;
  const auto result = driver::run(options);

  REQUIRE(result.workspace.trees.size() == 1);
  REQUIRE(result.environments.size() == 1);
  const auto& tree = result.workspace.trees.front();
  CHECK(tree.root == "fixtures/examples/deployment");
  std::vector<std::string> names;
  for (const auto& spec : tree.environments) names.push_back(spec.name);
  REQUIRE(names == std::vector<std::string>{"dev", "staging", "pre-prod", "production"});

  std::set<std::string> seen;
  const auto artifacts = compile::render_artifacts(result.workspace.trees, result.environments, result.sources);
  std::set<std::string> paths;
  for (const auto& artifact : artifacts) paths.insert(artifact.path);
  for (const auto& name : names) {
    CHECK(paths.contains(name + ".json"));
    CHECK(paths.contains(name + ".sources.json"));
  }
  CHECK(paths.contains("manifest.json"));
  CHECK(artifacts.size() == 2 * names.size() + 1);
  for (const auto& artifact : artifacts) check_golden(artifact.path, artifact.bytes, seen);

  report::DiffRenderOptions render;
  render.color = false;
  render.sensitive = [](const std::string& pointer) { return compile::is_sensitive_pointer(pointer); };
  for (std::size_t i = 0; i + 1 < names.size(); ++i) {
    const auto& before = environment(result, names[i]);
    const auto& after = environment(result, names[i + 1]);
    INFO(before.name << " -> " << after.name);
    render.location = [&](bool after_side, const std::string& pointer) {
      return location(result, after_side ? after : before, pointer);
    };
    const auto changes = compile::diff_environments(before.document, after.document);
    CHECK_FALSE(changes.empty());
    const report::DiffSide a{before.name}, b{after.name};
    const std::string stem = fmt::format("diff-{}-{}", before.name, after.name);
    check_golden(stem + ".txt", report::render_diff_text(changes, a, b, render), seen);
    check_golden(stem + ".json", report::render_diff_json(changes, a, b, render), seen);
    check_golden(stem + ".md", report::render_diff_markdown(changes, a, b, render), seen);
  }

  if (!claudelint::test::updating_golden()) {
    for (const auto& entry : fs::directory_iterator(golden_dir)) {
      INFO(entry.path().filename().string());
      CHECK(seen.contains(entry.path().filename().string())); // no stale golden left behind
    }
  }
}
