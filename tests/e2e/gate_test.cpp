// The CI gate: exit codes (--fail-on, --max-warnings), --output-file,
// file arguments and --changed-since (only those files reported, each within
// its whole tree), and the plain git pre-commit hook in a real repository.
// That --jobs never changes the output is in determinism_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "git.h"
#include "lint.h"

namespace fs = std::filesystem;
using claudelint::test::git;
using claudelint::test::have_git;
using claudelint::test::read_all;
using claudelint::test::contains;
using claudelint::test::lint;
using claudelint::test::run_process;
using claudelint::test::source_dir;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;

namespace {

const char* good_production = R"({
  "security": {"tls": {"version": "1.3"}, "api_endpoint": "https://api.anthropic.com", "certificate_validation": true},
  "access": {"ip_allowlist": ["10.0.0.0/8"], "rate_limit": {"requests_per_minute": 600, "burst": 50}}
}
)";

} // namespace

TEST_CASE("gate: --fail-on and --max-warnings decide the exit code", "[e2e][gate]") {
  // The layered example has warnings and infos but no error.
  CHECK(lint({"-q", "fixtures/examples/layered"}).exit_code == 0);
  CHECK(lint({"-q", "--fail-on", "warning", "fixtures/examples/layered"}).exit_code == 1);
  CHECK(lint({"-q", "--max-warnings", "100", "fixtures/examples/layered"}).exit_code == 0);
  CHECK(lint({"-q", "--max-warnings", "0", "fixtures/examples/layered"}).exit_code == 1);
  CHECK(lint({"-q", "fixtures/examples/good"}).exit_code == 0);
  CHECK(lint({"-q", "--fail-on", "info", "fixtures/examples/good"}).exit_code == 0);
  const auto bad = lint({"--fail-on", "fatal", "fixtures/examples/good"});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "--fail-on expects error, warning or info, got 'fatal'"));
  CHECK(lint({"--max-warnings", "-1", "fixtures/examples/good"}).exit_code == 2);
  const auto help = lint({"--help"});
  CHECK(contains(help.out, "1  findings at or above --fail-on, or more warnings than --max-warnings"));
}

TEST_CASE("gate: --output-file writes more formats atomically beside stdout", "[e2e][gate]") {
  const ScratchDir scratch;
  const auto run = lint({"--color", "never", "--output-file", "json=" + (scratch.path / "out.json").string(),
                         "--output-file", "text=" + (scratch.path / "out.txt").string(), "fixtures/examples/deployment"});
  CHECK(run.exit_code == 1);
  CHECK(read_all(scratch.path / "out.txt") == run.out);
  CHECK(read_all(scratch.path / "out.json") == lint({"--format", "json", "fixtures/examples/deployment"}).out);
  CHECK(lint({"--output-file", "yaml=x", "fixtures/examples/good"}).exit_code == 2);
  // A folder that cannot be written: a usage-level failure, and no partial file.
  CHECK(lint({"--output-file", "json=/proc/claudelint/out.json", "fixtures/examples/good"}).exit_code == 2);
}

TEST_CASE("gate: a file argument is checked within its tree, and only its findings are shown", "[e2e][gate]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  write_file(root / "configs/production.json", good_production);
  // The environment rule needs the base layer, which is another file.
  write_file(root / "configs/staging.json",
             R"({"security": {"tls": {"version": "1.2"}, "api_endpoint": "http://x", "certificate_validation": true}})");
  const auto staging = lint({"--color", "never", "tree/configs/staging.json"}, scratch.path);
  CHECK(staging.exit_code == 1);
  CHECK(contains(staging.out, "tree/configs/staging.json"));
  // staging is compared with production (parity), which only a whole tree can do.
  CHECK(contains(staging.out, "warning[CL6004]"));
  CHECK(contains(staging.out, "in 1 file"));
  const auto production = lint({"--color", "never", "tree/configs/production.json"}, scratch.path);
  CHECK(production.exit_code == 0);
  CHECK_FALSE(contains(production.out, "staging.json"));
}

TEST_CASE("gate: a file argument gets exactly its findings of a run over its whole tree", "[e2e][gate]") {
  // The other files of the tree are loaded, validated and compiled, and
  // report nothing: the file's findings are the whole run's, no more, no
  // fewer, for every file of every fixture tree.
  std::vector<fs::path> trees;
  for (const char* base : {"fixtures/rules", "fixtures/trees", "fixtures/examples"})
    for (const auto& entry : fs::directory_iterator(source_dir / base)) {
      if (!entry.is_directory()) continue;
      trees.push_back(fs::is_directory(entry.path() / "fail") ? entry.path() / "fail" : entry.path());
    }
  std::sort(trees.begin(), trees.end());
  std::size_t files = 0;
  for (const auto& tree : trees) {
    const std::string relative_tree = fs::relative(tree, source_dir).generic_string();
    const auto whole = lint({"--format", "json", relative_tree});
    if (whole.exit_code == 2) continue;
    const auto all = nlohmann::json::parse(whole.out).at("diagnostics");
    for (const auto& entry : fs::recursive_directory_iterator(tree)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name == "expected.txt" || name == "README.md") continue;
      const std::string file = fs::relative(entry.path(), source_dir).generic_string();
      INFO(file);
      nlohmann::json expected = nlohmann::json::array();
      for (const auto& d : all)
        if (d.at("file") == file) expected.push_back(d);
      const auto alone = lint({"--format", "json", file});
      REQUIRE(alone.exit_code != 2);
      CHECK(nlohmann::json::parse(alone.out).at("diagnostics") == expected);
      ++files;
    }
  }
  CHECK(files >= 190);
}

TEST_CASE("gate: --changed-since reports on changed files only", "[e2e][gate][git]") {
  if (!have_git()) {
    WARN("git is not installed: --changed-since cannot be exercised");
    return;
  }
  const ScratchDir scratch;
  const fs::path root = scratch.path;
  git(root, {"init", "-q"});
  git(root, {"config", "user.email", "ci@example.com"});
  git(root, {"config", "user.name", "ci"});
  write_file(root / "configs/production.json", good_production);
  write_file(root / "configs/dev.json",
             R"({"security": {"tls": {"version": "1.0"}, "api_endpoint": "https://api.anthropic.com", "certificate_validation": true}})");
  git(root, {"add", "."});
  git(root, {"commit", "-qm", "start"});
  // Nothing changed: nothing to report, although dev.json is broken.
  auto run = lint({"--color", "never", "--changed-since", "HEAD"}, root);
  CHECK(run.exit_code == 0);
  CHECK(contains(run.out, "in 0 files"));
  write_file(root / "configs/staging.json",
             R"({"security": {"tls": {"version": "1.3"}, "api_endpoint": "http://plain", "certificate_validation": true}})");
  run = lint({"--color", "never", "--changed-since", "HEAD"}, root);
  CHECK(run.exit_code == 1);
  CHECK(contains(run.out, "configs/staging.json"));
  CHECK_FALSE(contains(run.out, "configs/dev.json"));
  const auto typo = lint({"--changed-since", "no-such-rev"}, root);
  CHECK(typo.exit_code == 2);
  CHECK(contains(typo.err, "`no-such-rev` is not a git revision"));
}

TEST_CASE("gate: the plain pre-commit hook refuses a broken config and lets a clean one through",
          "[e2e][gate][git][hook]") {
  if (!have_git()) {
    WARN("git is not installed: the hook cannot be exercised");
    return;
  }
  const ScratchDir scratch;
  const fs::path root = scratch.path;
  git(root, {"init", "-q"});
  git(root, {"config", "user.email", "ci@example.com"});
  git(root, {"config", "user.name", "ci"});
  const auto installed = lint({"install-hook"}, root);
  REQUIRE(installed.exit_code == 0);
  CHECK(fs::exists(root / ".git/hooks/pre-commit"));
  CHECK(lint({"install-hook"}, root).exit_code == 0); // ours: replaced quietly

  // TLS 1.0 in production: the commit is refused with the diagnostic.
  write_file(root / "configs/production.json",
             R"({"security": {"tls": {"version": "1.0"}, "api_endpoint": "https://api.anthropic.com", "certificate_validation": true}})");
  git(root, {"add", "configs/production.json"});
  const auto refused = run_process("/usr/bin/env", {"git", "commit", "-qm", "tls 1.0"}, root);
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.out + refused.err, "configs/production.json:1:34: error[CL1002]: \"1.0\" is not one of"));
  CHECK(run_process("/usr/bin/env", {"git", "rev-parse", "HEAD"}, root).exit_code != 0); // nothing committed

  write_file(root / "configs/production.json", good_production);
  git(root, {"add", "configs/production.json"});
  git(root, {"commit", "-qm", "tls 1.3"});
  // A commit without config files does not run the linter at all.
  write_file(root / "README.txt", "notes\n");
  git(root, {"add", "README.txt"});
  git(root, {"commit", "-qm", "notes"});

  // A foreign hook is left alone unless --force.
  write_file(root / ".git/hooks/pre-commit", "#!/bin/sh\necho team hook\n");
  const auto foreign = lint({"install-hook"}, root);
  CHECK(foreign.exit_code == 2);
  CHECK(contains(foreign.err, "was not written by claudelint; left as it is (--force replaces it)"));
  CHECK(read_all(root / ".git/hooks/pre-commit") == "#!/bin/sh\necho team hook\n");
  CHECK(lint({"install-hook", "--force"}, root).exit_code == 0);
  CHECK(contains(read_all(root / ".git/hooks/pre-commit"), "claudelint install-hook"));
}

TEST_CASE("gate: .pre-commit-hooks.yaml declares the claudelint hook", "[e2e][gate][hook]") {
  const std::string hooks = read_all(source_dir / ".pre-commit-hooks.yaml");
  CHECK(contains(hooks, "- id: claudelint"));
  CHECK(contains(hooks, "entry: claudelint check --"));
  CHECK(contains(hooks, "pass_filenames: true"));
  // What pre-commit requires of a hook manifest, checked by claudelint's
  // own validator: a list of hooks, each with id, name, entry and language.
  const ScratchDir scratch;
  write_file(scratch.path / "hooks.schema.json", R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "array", "minItems": 1,
    "items": {"type": "object", "required": ["id", "name", "entry", "language"],
              "properties": {"id": {"type": "string"}, "files": {"type": "string"},
                             "pass_filenames": {"type": "boolean"}, "types": {"type": "array"}}}
  })");
  const auto valid = lint({"validate", "--schema", (scratch.path / "hooks.schema.json").string(),
                           ".pre-commit-hooks.yaml"});
  CHECK(valid.exit_code == 0);
  CHECK(contains(valid.out, "no problems found"));
}

TEST_CASE("gate: progress shows on a terminal's stderr only", "[e2e][gate]") {
  // fixtures/ has hundreds of files: long enough for a progress line.
  const auto redirected = lint({"--format", "json", "--jobs", "1", "fixtures"});
  CHECK(redirected.err.empty());
  if (run_process("/usr/bin/env", {"script", "--version"}, ".").exit_code != 0) {
    WARN("util-linux `script` is missing: the terminal case is not exercised");
    return;
  }
  // `script` gives claudelint a pseudo-terminal for stdout and stderr.
  const std::string command = std::string(CLAUDELINT_BINARY) + " -q --jobs 1 fixtures > /dev/null";
  const auto terminal = run_process("/usr/bin/env", {"script", "-qec", command, "/dev/null"}, source_dir);
  INFO(terminal.out);
  CHECK(contains(terminal.out, "claudelint: "));
  CHECK(contains(terminal.out, " files"));
  CHECK(contains(terminal.out, "\r\033[K")); // and the line is erased at the end
}

TEST_CASE("gate: validate checks one schema and nothing else", "[e2e][gate]") {
  // A production config that `check` flags (plain HTTP, a literal key, no
  // allow-list), valid against the schema given: validate finds nothing,
  // and still never prints the key.
  const ScratchDir scratch;
  std::string random;
  std::mt19937 engine(20261127);
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (int i = 0; i < 93; ++i) random += alphabet[engine() % alphabet.size()];
  const std::string key = "sk-ant-api03-" + random + "AA";
  write_file(scratch.path / "config" / "production.json",
             R"({"security": {"api_endpoint": "http://api.example.com"}, "api_key": ")" + key + "\"}\n");
  write_file(scratch.path / "any.schema.json", R"({"type": "object"})");
  const auto checked = lint({"--format", "json", "config/production.json"}, scratch.path);
  CHECK(checked.exit_code == 1);
  CHECK(contains(checked.out, "CL3001"));
  for (const char* format : {"text", "json"}) {
    const auto validated =
        lint({"validate", "--format", format, "--schema", "any.schema.json", "config/production.json"}, scratch.path);
    CHECK(validated.exit_code == 0);
    CHECK_FALSE(contains(validated.out, "CL"));
    CHECK_FALSE(contains(validated.out + validated.err, random.substr(0, 80)));
  }
  // … and what the schema says is reported.
  write_file(scratch.path / "named.schema.json", R"({"type": "object", "required": ["name"]})");
  const auto invalid = lint({"validate", "--schema", "named.schema.json", "config/production.json"}, scratch.path);
  CHECK(invalid.exit_code == 1);
  CHECK(contains(invalid.out, "missing required key \"name\""));
  CHECK_FALSE(contains(invalid.out, random.substr(0, 80)));
}
