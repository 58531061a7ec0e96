// Determinism, in one place: what claudelint prints — every output format of
// `check`, `envs` and `diff`, and `explain-value` — and the artifacts `build`
// writes depend only on the config files and on the arguments as spelled:
// never on the run, the order of PATHS, --jobs, or where the tree and the
// working directory are.
//
// Paths are shown relative to the working directory by design, and the
// fingerprints of SARIF and GitLab hash that same path (as a baseline in the
// working directory does), so `examples` seen from its parent and `.` seen
// from inside it are two different reports. The comparisons that must be
// byte-identical are therefore:
// - the same command again, and with its PATHS in another order;
// - --jobs 1 and --jobs 8;
// - the tree spelled the same way (`examples` from its parent, `.` from
//   inside it) from two working directories in different places;
// - the tree spelled relative and absolute from the same working directory,
//   once the absolute prefix is taken out of the second one's output;
// - build artifacts, from any working directory with any spelling.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;

namespace {

const fs::path source_dir = CLAUDELINT_SOURCE_DIR;

/// Every format `check --format` takes (`claudelint check --help`).
const std::vector<std::string> check_formats{"text", "json", "sarif", "junit", "github", "gitlab", "html"};

/// What each command printed or wrote, by a label naming the command.
using Outputs = std::map<std::string, std::string>;

std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[entry.path().lexically_relative(dir).generic_string()] = read_all(entry.path());
  return files;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

/// Runs claudelint in `cwd`; its exit code, stdout and stderr as one text.
std::string run(const std::vector<std::string>& args, const fs::path& cwd) {
  const auto result = run_process(CLAUDELINT_BINARY, args, cwd);
  std::string line;
  for (const auto& a : args) line += " " + a;
  INFO("claudelint" << line << " (in " << cwd.string() << ")\n" << result.err);
  REQUIRE(result.signal == 0);
  REQUIRE(result.exit_code != 2);
  return fmt::format("exit {}\n--- stdout\n{}--- stderr\n{}", result.exit_code, result.out, result.err);
}

/// Everything claudelint says about the example trees at `tree` (spelled as
/// given, from `cwd`): `check`, `envs` and `diff` in every format of theirs,
/// `explain-value`, and `build` of the trees that build, with each artifact. `jobs` goes to the commands that take --jobs.
Outputs everything(const fs::path& cwd, const std::string& tree, const std::vector<std::string>& jobs = {}) {
  Outputs outputs;
  const auto with_jobs = [&jobs](std::vector<std::string> args) {
    args.insert(args.end(), jobs.begin(), jobs.end());
    return args;
  };
  for (const auto& format : check_formats)
    outputs["check --format " + format] = run(with_jobs({"check", "--format", format, "--color", "never", tree}), cwd);
  for (const std::string format : {"text", "json"})
    outputs["envs --format " + format] = run({"envs", "--format", format, tree}, cwd);
  for (const std::string example : {"layered", "deployment"})
    for (const std::string format : {"text", "json", "markdown"})
      outputs["diff " + example + " --format " + format] =
          run({"diff", "staging", "production", tree + "/" + example, "--format", format, "--color", "never"}, cwd);
  outputs["explain-value"] =
      run(with_jobs({"explain-value", "production", "/config/performance/timeout", tree + "/layered"}), cwd);

  // The artifacts go outside the tree; their folder's name is taken out of
  // what build prints.
  const ScratchDir out;
  std::string built = run(with_jobs({"build", tree + "/layered", tree + "/good", "--out", out.path.string()}), cwd);
  replace_all(built, out.path.string(), "[OUT]");
  outputs["build"] = built;
  const auto artifacts = read_tree(out.path);
  REQUIRE(artifacts.size() > 10);
  for (const auto& [name, bytes] : artifacts) outputs["build: " + name] = bytes;
  return outputs;
}

/// Checks that `actual` holds the same labels as `expected`, each with the
/// same bytes; a difference is shown from the first line that differs.
void check_same(const Outputs& expected, const Outputs& actual, const std::string& what) {
  INFO(what);
  std::vector<std::string> expected_labels, actual_labels;
  for (const auto& entry : expected) expected_labels.push_back(entry.first);
  for (const auto& entry : actual) actual_labels.push_back(entry.first);
  REQUIRE(actual_labels == expected_labels);
  for (const auto& [label, bytes] : expected) {
    const std::string& other = actual.at(label);
    if (bytes == other) continue;
    const auto offset = static_cast<std::size_t>(
        std::mismatch(bytes.begin(), bytes.end(), other.begin(), other.end()).first - bytes.begin());
    const std::size_t line = bytes.rfind('\n', offset) == std::string::npos ? 0 : bytes.rfind('\n', offset) + 1;
    FAIL_CHECK(label << " differs from byte " << offset << ":\n--- expected\n"
                     << bytes.substr(line, 300) << "\n--- actual\n"
                     << other.substr(line, 300));
  }
}

} // namespace

TEST_CASE("determinism: the same command again, and its PATHS in another order", "[e2e][determinism]") {
  const std::vector<std::string> paths{"fixtures/examples", "fixtures/e2e", "fixtures/trees/suppressions"};
  std::vector<std::string> reversed(paths.rbegin(), paths.rend());
  for (const auto& format : check_formats) {
    INFO(format);
    std::vector<std::string> args{"--format", format, "--color", "never"};
    std::vector<std::string> swapped = args;
    args.insert(args.end(), paths.begin(), paths.end());
    swapped.insert(swapped.end(), reversed.begin(), reversed.end());
    const std::string first = run(args, source_dir);
    CHECK(first.starts_with("exit 1\n"));
    CHECK(run(args, source_dir) == first);
    CHECK(run(swapped, source_dir) == first); // files are sorted by path, whatever order they were named in
  }
}

TEST_CASE("determinism: --jobs 1 and --jobs 8 print and build the same bytes", "[e2e][determinism]") {
  // Loading, schema validation and the trees' compile and rules all run on
  // --jobs threads, each into its own slot joined in order.
  const Outputs one = everything(source_dir, "fixtures/examples", {"--jobs", "1"});
  check_same(one, everything(source_dir, "fixtures/examples", {"--jobs", "8"}), "--jobs 8 against --jobs 1");
}

TEST_CASE("determinism: where the tree and the working directory are does not matter", "[e2e][determinism]") {
  const ScratchDir scratch;
  const fs::path here = scratch.path / "one";
  const fs::path there = scratch.path / "two/levels/deeper";
  for (const auto& place : {here, there}) {
    fs::create_directories(place);
    fs::copy(source_dir / "fixtures/examples", place / "examples", fs::copy_options::recursive);
  }

  const Outputs relative = everything(here, "examples");
  check_same(relative, everything(there, "examples"), "`examples` from two parents");
  check_same(everything(here / "examples", "."), everything(there / "examples", "."), "`.` in two places");

  Outputs absolute = everything(here, (here / "examples").string());
  for (auto& entry : absolute) replace_all(entry.second, here.string() + "/", "");
  check_same(relative, absolute, "`examples` spelled absolute, the prefix taken out");
}

TEST_CASE("determinism: build artifacts do not depend on the working directory or the spelling of paths",
          "[e2e][build][determinism]") {
  const ScratchDir scratch;
  fs::copy(source_dir / "fixtures/examples/layered", scratch.path / "layered", fs::copy_options::recursive);
  fs::create_directories(scratch.path / "elsewhere/deeper");
  const auto build = [](const std::vector<std::string>& args, const fs::path& cwd) {
    const auto result = run_process(CLAUDELINT_BINARY, args, cwd);
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
  };
  build({"build", "layered", "--out", "out1"}, scratch.path);
  build({"build", "../../layered", "--out", (scratch.path / "out2").string()}, scratch.path / "elsewhere/deeper");
  build({"build", (scratch.path / "layered").string() + "/", "--out", "../out3"}, scratch.path / "elsewhere");
  const auto first = read_tree(scratch.path / "out1");
  CHECK(first.size() == 7);
  CHECK(read_tree(scratch.path / "out2") == first);
  CHECK(read_tree(scratch.path / "out3") == first);
  for (const auto& [name, bytes] : first) {
    INFO(name);
    CHECK(bytes.find(scratch.path.string()) == std::string::npos); // paths in artifacts are relative to the tree
  }
}
