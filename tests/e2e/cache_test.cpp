// `check --cache DIR` with the real binary on a copy of the example
// deployment tree: a second run is served from the cache byte for byte, and
// any change — a file's content or mode, an option, a rule pack, a path a
// script names, what git tracks — or a damaged entry gives the result a run
// without the cache gives. Nothing secret is ever stored.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "git.h"
#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::git;
using claudelint::test::have_git;
using claudelint::test::ProcessResult;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;

namespace {

const std::string secret = "sk-ant-api03-" + std::string("Zq8Xv2LmN4pR7tY1wB5cD9fG3hJ6kM0nP2qS5uV8xA1zC4eF7gH0jK3mN6pQ9rT2vW5yZ8aB1dE4gH7jK0mN3pQ6sU9wX2zC5") + "AA";

struct Tree {
  ScratchDir scratch;
  fs::path root = scratch.path / "tree";
  Tree() {
    fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", root, fs::copy_options::recursive);
    write_file(root / ".env.production", "ANTHROPIC_API_KEY=" + secret + "\n");
    fs::permissions(root / ".env.production", fs::perms(0600), fs::perm_options::replace);
  }
};

/// Runs `check ARGS --color never tree`, with the cache in `cache` when
/// `cached`, tracing hits and misses.
ProcessResult check(const Tree& tree, std::vector<std::string> args, bool cached = true, const std::string& cache = "cache") {
  std::vector<std::string> full = {"check", "--color", "never"};
  full.insert(full.end(), args.begin(), args.end());
  if (cached) full.insert(full.end(), {"--cache", cache});
  full.push_back("tree");
  auto run = run_process(CLAUDELINT_BINARY, full, tree.scratch.path, std::chrono::seconds(60),
                         {"CLAUDELINT_CACHE_TRACE=1"});
  INFO(run.out << run.err);
  REQUIRE(run.signal == 0);
  return run;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The trace line of a cached run: "hit", "miss" …
std::string traced(const ProcessResult& run) {
  const std::string prefix = "claudelint: cache: ";
  const auto at = run.err.find(prefix);
  if (at == std::string::npos) return "";
  return run.err.substr(at + prefix.size(), run.err.find('\n', at) - at - prefix.size());
}

/// stderr less the trace line.
std::string notes(const ProcessResult& run) {
  std::string err = run.err;
  const auto at = err.find("claudelint: cache: ");
  if (at != std::string::npos) err.erase(at, err.find('\n', at) + 1 - at);
  return err;
}

/// Runs with the cache and checks that the result is what a run without
/// it gives; returns the cached run.
ProcessResult check_matches_uncached(const Tree& tree, const std::vector<std::string>& args) {
  const auto cached = check(tree, args);
  const auto plain = check(tree, args, false);
  CHECK(cached.out == plain.out);
  CHECK(cached.exit_code == plain.exit_code);
  CHECK(notes(cached) == plain.err);
  return cached;
}

std::vector<fs::path> entries(const fs::path& cache) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(cache, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file()) out.push_back(it->path());
  return out;
}

} // namespace

TEST_CASE("cache: the second run is a hit, byte for byte, with the same exit code", "[e2e][cache]") {
  const Tree tree;
  const auto first = check_matches_uncached(tree, {});
  CHECK(traced(first) == "miss");
  CHECK(first.exit_code == 1); // the example has planted errors
  REQUIRE(entries(tree.scratch.path / "cache").size() == 1);
  const fs::path entry = entries(tree.scratch.path / "cache").front();
  CHECK(entry.parent_path().filename().string() == entry.filename().string().substr(0, 2));
  CHECK(entry.filename().string().size() == 64);

  const auto second = check(tree, {});
  CHECK(traced(second) == "hit");
  CHECK(second.out == first.out);
  CHECK(second.exit_code == 1);
  CHECK(notes(second) == notes(first));
  CHECK(entries(tree.scratch.path / "cache").size() == 1);

  // Without the trace variable, a hit prints exactly what the run printed.
  const auto quiet = run_process(CLAUDELINT_BINARY, {"check", "--color", "never", "--cache", "cache", "tree"},
                                 tree.scratch.path);
  CHECK(quiet.out == first.out);
  CHECK(quiet.err.empty());
  CHECK(quiet.exit_code == 1);
}

TEST_CASE("cache: a changed file is a miss with its new findings", "[e2e][cache]") {
  const Tree tree;
  const auto before = check(tree, {});
  std::string production = read_all(tree.root / "configs/production.json");
  const auto https = production.find("https://");
  REQUIRE(https != std::string::npos);
  production.replace(https, 8, "http://");
  write_file(tree.root / "configs/production.json", production);
  const auto after = check_matches_uncached(tree, {});
  CHECK(traced(after) == "miss");
  CHECK(after.out != before.out);
  CHECK(traced(check(tree, {})) == "hit");

  // A new config file in the tree is a miss too.
  write_file(tree.root / "rbac.yaml", "roles: {}\n");
  CHECK(traced(check_matches_uncached(tree, {})) == "miss");
}

TEST_CASE("cache: a changed file mode is a miss", "[e2e][cache]") {
  const Tree tree;
  const auto before = check(tree, {});
  CHECK_FALSE(contains(before.out, "CL3010"));
  CHECK(traced(check(tree, {})) == "hit");
  fs::permissions(tree.root / ".env.production", fs::perms(0644), fs::perm_options::replace);
  const auto after = check_matches_uncached(tree, {});
  CHECK(traced(after) == "miss");
  CHECK(contains(after.out, "tree/.env.production:1:1: error[CL3010]"));
}

TEST_CASE("cache: each option is part of the key", "[e2e][cache]") {
  const Tree tree;
  const auto text = check(tree, {});
  const std::vector<std::vector<std::string>> variants = {
      {"--format", "json"}, {"--format", "sarif"}, {"--rule", "CL5001=off"}, {"--fail-on", "warning"},
      {"-q"},               {"--max-warnings", "0"}, {"--rule", "CL5001=error"},
  };
  for (const auto& args : variants) {
    INFO(args.front() << " " << args.back());
    const auto run = check_matches_uncached(tree, args);
    CHECK(traced(run) == "miss");
    const auto again = check(tree, args);
    CHECK(traced(again) == "hit");
    CHECK(again.out == run.out);
    CHECK(again.exit_code == run.exit_code);
  }
  CHECK(contains(text.out, "warning[CL5001]"));
  CHECK_FALSE(contains(check(tree, {"--rule", "CL5001=off"}).out, "CL5001"));
  CHECK(contains(check(tree, {"--rule", "CL5001=error"}).out, "error[CL5001]"));
  // Where the run stands matters: the display paths are relative to it.
  const auto inside = run_process(CLAUDELINT_BINARY, {"check", "--color", "never", "--cache", "../cache", "."},
                                  tree.root, std::chrono::seconds(60), {"CLAUDELINT_CACHE_TRACE=1"});
  CHECK(traced(inside) == "miss");
  CHECK_FALSE(contains(inside.out, "tree/"));
}

TEST_CASE("cache: these options bypass it", "[e2e][cache]") {
  const Tree tree;
  CHECK(traced(check(tree, {"--stats"})) == "not used with --stats");
  CHECK(traced(check(tree, {"--output-file", "json=report.json"})) == "not used with --output-file");
  CHECK(fs::exists(tree.scratch.path / "report.json"));
  CHECK(traced(check(tree, {"--baseline", "b.json", "--update-baseline"})) == "not used with --update-baseline");
  CHECK(entries(tree.scratch.path / "cache").empty());
}

TEST_CASE("cache: a damaged entry is a miss with the right result", "[e2e][cache]") {
  const Tree tree;
  const auto first = check(tree, {});
  const fs::path entry = entries(tree.scratch.path / "cache").front();
  const std::string intact = read_all(entry);

  std::string flipped = intact;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
  write_file(entry, flipped);
  auto run = check_matches_uncached(tree, {});
  CHECK(traced(run) == "miss");
  CHECK(run.out == first.out);
  CHECK(read_all(entry) == intact); // rewritten

  fs::resize_file(entry, intact.size() / 3);
  run = check(tree, {});
  CHECK(traced(run) == "miss");
  CHECK(run.out == first.out);
  CHECK(run.exit_code == 1);

  write_file(entry, "");
  CHECK(traced(check(tree, {})) == "miss");
  write_file(entry, "garbage");
  CHECK(traced(check(tree, {})) == "miss");
  CHECK(traced(check(tree, {})) == "hit");
}

TEST_CASE("cache: a cache that cannot be written costs a warning, not the run", "[e2e][cache]") {
  const Tree tree;
  write_file(tree.scratch.path / "not-a-folder", "a file where the cache folder would be\n");
  const auto plain = check(tree, {}, false);
  const auto run = check(tree, {}, true, "not-a-folder");
  CHECK(run.out == plain.out);
  CHECK(run.exit_code == plain.exit_code);
  CHECK(traced(run) == "miss");
  CHECK(contains(run.err, "claudelint: warning: --cache: cannot write not-a-folder/"));
  CHECK(contains(run.err, "; the result was not cached\n"));
  const auto warnings = std::count(run.err.begin(), run.err.end(), '\n');
  CHECK(warnings == 2); // the trace line and one warning
}

TEST_CASE("cache: no secret value reaches a cache file", "[e2e][cache][secrets]") {
  const Tree tree;
  const std::string hidden = secret.substr(13, secret.size() - 13 - 4);
  for (const auto& format : {"text", "json", "sarif", "junit", "github", "gitlab", "html"}) {
    check(tree, {"--format", format});
    CHECK(traced(check(tree, {"--format", format})) == "hit");
  }
  const auto stored = entries(tree.scratch.path / "cache");
  CHECK(stored.size() == 7);
  for (const auto& path : stored) {
    INFO(path);
    CHECK_FALSE(contains(read_all(path), hidden));
  }
}

TEST_CASE("cache: what a run reads besides its files is checked again", "[e2e][cache]") {
  const Tree tree;
  // A path a script copies from: it is not a config file, so only the
  // recorded existence check can tell that it appeared.
  write_file(tree.root / "publish.sh", "#!/bin/bash\nset -euo pipefail\ncp payload.tar.gz /srv/payload.tar.gz\n");
  const auto missing = check_matches_uncached(tree, {});
  CHECK(contains(missing.out, "payload.tar.gz"));
  CHECK(traced(check(tree, {})) == "hit");
  write_file(tree.root / "payload.tar.gz", "");
  const auto present = check_matches_uncached(tree, {});
  CHECK(traced(present) == "miss");
  CHECK(present.out != missing.out);

  // A --rule-pack file outside the tree.
  write_file(tree.scratch.path / "pack/CL9001-no-debug.yaml",
             "id: CL9001\nname: debug-logging\nseverity: warning\ngiven: /logging/level\n"
             "then: {function: pattern, options: {not_match: \"^debug$\"}}\n"
             "message: \"debug logging in {environment}\"\n"
             "docs: {what: Debug logs., why: They are noisy.}\n");
  const auto packed = check_matches_uncached(tree, {"--rule-pack", "pack"});
  CHECK(traced(check(tree, {"--rule-pack", "pack"})) == "hit");
  write_file(tree.scratch.path / "pack/CL9001-no-debug.yaml",
             read_all(tree.scratch.path / "pack/CL9001-no-debug.yaml") + "# edited\n");
  CHECK(traced(check_matches_uncached(tree, {"--rule-pack", "pack"})) == "miss");
  write_file(tree.scratch.path / "pack/CL9002-other.yaml", "id: CL9002\n");
  const auto added = check_matches_uncached(tree, {"--rule-pack", "pack"});
  CHECK(traced(added) == "miss");
  CHECK(added.out != packed.out);

  // A baseline's content.
  check(tree, {"--baseline", "baseline.json", "--update-baseline"}, false);
  const auto baselined = check_matches_uncached(tree, {"--baseline", "baseline.json"});
  CHECK(baselined.exit_code == 0);
  CHECK(traced(check(tree, {"--baseline", "baseline.json"})) == "hit");
  write_file(tree.scratch.path / "baseline.json", "{\"version\": 1, \"findings\": []}\n");
  const auto emptied = check_matches_uncached(tree, {"--baseline", "baseline.json"});
  CHECK(traced(emptied) == "miss");
  CHECK(emptied.exit_code == 1);
}

TEST_CASE("cache: what git tracks is checked again", "[e2e][cache][git]") {
  if (!have_git()) {
    WARN("git is not installed: the tracked-secret-file check cannot be exercised");
    return;
  }
  const Tree tree;
  git(tree.scratch.path, {"init", "-q"});
  const auto untracked = check(tree, {});
  CHECK_FALSE(contains(untracked.out, "CL3012"));
  CHECK(traced(check(tree, {})) == "hit");
  git(tree.scratch.path, {"add", "tree/.env.production"});
  const auto tracked = check_matches_uncached(tree, {});
  CHECK(traced(tracked) == "miss");
  CHECK(contains(tracked.out, "tree/.env.production:1:1: error[CL3012]"));
  CHECK(traced(check(tree, {})) == "hit");
  git(tree.scratch.path, {"rm", "-q", "--cached", "tree/.env.production"});
  const auto again = check_matches_uncached(tree, {});
  CHECK(traced(again) == "miss");
  CHECK(again.out == untracked.out);
}
