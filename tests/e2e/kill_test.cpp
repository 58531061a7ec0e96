// `build --out DIR` and `check --update-baseline` killed with SIGKILL at
// many points of a run: every file they write is, at any moment, either the
// whole old version or the whole new one. What a kill may leave besides is a
// temporary file `.<name>.tmp-<pid>-<counter>`, which no command reads as a
// config or an artifact and which the next run removes.
//
// The guarantee for a set of artifacts (docs/compiled-environment.md): each
// file is replaced atomically and `manifest.json` last, so an interrupted
// build may leave some artifacts new and others old, but then the manifest
// is the old one, its hashes point out exactly the files already replaced,
// and `build --check` fails until a build completes.
//
// Kill points: the run is timed uninterrupted, and kill i of N lands at
// a pseudo-random moment (fixed seed) within the i-th N-th of 1.25 times
// that, so that a few fall after the last write.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "process.h"
#include "support/atomic_file.h"
#include "support/sha256.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_killed_after;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;
using nlohmann::json;

namespace {

/// Config trees in the generated project; each gives 3 environments, so
/// 6 artifacts, and each artifact is a file synced to disk on its own.
constexpr int tree_count = 12;

using Files = std::map<std::string, std::string>; // '/'-separated relative path -> bytes

/// Writes version 'A' or 'B' of the project under `root`: tree_count trees
/// `tNN/configs/{dev,staging,production}.json`. A is clean; B changes every
/// environment of every tree (and the length of a value, so every sources
/// file changes too), and gives staging a timeout production does not have,
/// one parity warning per tree, which does not stop a build but fills a
/// baseline.
void write_version(const fs::path& root, char version) {
  for (int t = 1; t <= tree_count; ++t) {
    const std::string name = fmt::format("t{:02}", t);
    for (const std::string environment : {"dev", "staging", "production"}) {
      const bool b = version == 'B';
      const std::string host = b ? fmt::format("api-{}-v2.example.com", name) : fmt::format("api-{}.example.com", name);
      const int timeout = b && environment == "staging" ? 300000 : 60000;
      write_file(root / name / "configs" / (environment + ".json"),
                 fmt::format(R"({{"security": {{"tls": {{"version": "1.3"}}, "api_endpoint": "https://{}", "certificate_validation": true}},
 "access": {{"ip_allowlist": ["10.0.0.0/8"], "rate_limit": {{"requests_per_minute": 600, "burst": 50}}}},
 "performance": {{"timeout": {}, "max_concurrent_requests": 10}}}}
)",
                             host, timeout));
    }
  }
}

/// Every regular file below `root`, by path relative to it.
Files read_tree(const fs::path& root) {
  Files files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) files[entry.path().lexically_relative(root).generic_string()] = read_all(entry.path());
  return files;
}

/// The kill points: `count` moments spread over 1.25 times `duration` (the
/// last ones fall after a run of that length has finished), the i-th drawn
/// from the i-th of `count` equal slices, from a fixed seed.
std::vector<std::chrono::microseconds> kill_points(std::chrono::microseconds duration, int count, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double span = 1.25 * static_cast<double>(duration.count());
  std::vector<std::chrono::microseconds> points;
  for (int i = 0; i < count; ++i)
    points.emplace_back(static_cast<std::int64_t>(span * (i + unit(engine)) / count));
  return points;
}

/// The file a temporary file `.<name>.tmp-<pid>-<counter>` was to replace.
std::string temporary_target(const std::string& path) {
  const fs::path p(path);
  const std::string name = p.filename().string();
  return (p.parent_path() / name.substr(1, name.rfind(".tmp-") - 1)).generic_string();
}

} // namespace

TEST_CASE("kill: a build killed at any point leaves each artifact whole, old or new", "[e2e][atomic]") {
  const ScratchDir scratch;
  const fs::path project = scratch.path / "project";
  const auto build = [&](const std::string& out) {
    const auto result = run_process(CLAUDELINT_BINARY, {"build", "project", "--out", out}, scratch.path);
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    return result;
  };
  write_version(project, 'A');
  build("reference-old");
  write_version(project, 'B');
  build("reference-new");
  const Files old_files = read_tree(scratch.path / "reference-old");
  const Files new_files = read_tree(scratch.path / "reference-new");
  REQUIRE(new_files.size() == tree_count * 6 + 1);
  for (const auto& [name, bytes] : new_files) {
    INFO(name);
    REQUIRE(old_files.count(name) == 1);
    REQUIRE(old_files.at(name) != bytes); // so that old and new are told apart
  }

  const fs::path out = scratch.path / "out";
  const std::vector<std::string> args{"build", "project", "--out", "out"};
  const auto reset = [&] {
    fs::remove_all(out);
    fs::copy(scratch.path / "reference-old", out, fs::copy_options::recursive);
  };
  // The longest of three uninterrupted runs, each from the old artifacts.
  std::chrono::microseconds duration{0};
  for (int i = 0; i < 3; ++i) {
    reset();
    const auto timed = run_process(CLAUDELINT_BINARY, args, scratch.path);
    REQUIRE(timed.exit_code == 0);
    REQUIRE(read_tree(out) == new_files);
    duration = std::max<std::chrono::microseconds>(duration, timed.elapsed);
  }

  constexpr int kills = 40;
  int untouched = 0, mixed = 0, complete = 0, exited = 0, left_temporaries = 0;
  const auto points = kill_points(duration, kills, 20261127);
  for (int i = 0; i < kills; ++i) {
    reset();
    const auto killed = run_killed_after(CLAUDELINT_BINARY, args, scratch.path, points[i]);
    INFO("kill " << i << " at " << points[i].count() << " us of a " << duration.count() << " us run");
    REQUIRE((killed.signal == SIGKILL || killed.exit_code == 0));
    if (killed.signal == 0) ++exited;

    // Every file is an artifact, byte for byte its old or its new version,
    // or a temporary file beside the artifact it was to replace.
    std::size_t fresh = 0, stale = 0, temporaries = 0;
    std::set<std::string> replaced;
    for (const auto& [name, bytes] : read_tree(out)) {
      INFO(name);
      if (claudelint::support::is_atomic_temporary_name(fs::path(name).filename().string())) {
        ++temporaries;
        CHECK(new_files.count(temporary_target(name)) == 1);
        continue;
      }
      REQUIRE(new_files.count(name) == 1);
      if (bytes == new_files.at(name)) {
        ++fresh;
        replaced.insert(name);
      } else if (bytes == old_files.at(name)) {
        ++stale;
      } else {
        FAIL("neither the old nor the new version: " << bytes.size() << " bytes");
      }
    }
    REQUIRE(fresh + stale == new_files.size()); // none missing

    // manifest.json is written last: new, only with everything else new;
    // old, with hashes that no longer match exactly the replaced files.
    const std::string manifest_text = read_all(out / "manifest.json");
    const json manifest = json::parse(manifest_text, nullptr, false);
    REQUIRE_FALSE(manifest.is_discarded());
    if (manifest_text == new_files.at("manifest.json")) {
      CHECK(stale == 0);
    } else {
      std::set<std::string> mismatched;
      for (const auto& tree : manifest.at("trees"))
        for (const auto& environment : tree.at("environments"))
          for (const std::string part : {"artifact", "sources"}) {
            const std::string path = environment.at(part).at("path");
            if (claudelint::support::sha256_hex(read_all(out / path)) != environment.at(part).at("sha256"))
              mismatched.insert(path);
          }
      CHECK(mismatched == replaced);
    }
    const auto check = run_process(CLAUDELINT_BINARY, {"build", "--check", "project", "--out", "out"}, scratch.path);
    CHECK(check.exit_code == (stale == 0 ? 0 : 1));

    if (stale == 0) ++complete;
    else if (fresh == 0) ++untouched;
    else ++mixed;
    if (temporaries > 0) ++left_temporaries;
    // The next build completes the set and removes what the killed one left.
    if (stale > 0 || temporaries > 0) {
      const auto rerun = run_process(CLAUDELINT_BINARY, args, scratch.path);
      CHECK(rerun.exit_code == 0);
      CHECK(read_tree(out) == new_files);
    }
  }
  INFO(fmt::format("{} kills over a {} ms run of {} files: {} before any write, {} mid-way, {} after the last "
                   "({} of them after the run had exited); {} left temporary files",
                   kills, duration.count() / 1000, new_files.size(), untouched, mixed, complete, exited,
                   left_temporaries));
  CHECK(mixed > 0); // the kill points did hit the writing
}

TEST_CASE("kill: --update-baseline killed at any point leaves the old baseline or the new one", "[e2e][atomic]") {
  const ScratchDir scratch;
  const fs::path project = scratch.path / "project";
  const fs::path folder = scratch.path / "baselines";
  const fs::path baseline = folder / "baseline.json";
  const std::vector<std::string> args{"check", "project", "--baseline", "baselines/baseline.json", "--update-baseline"};
  const auto update = [&] {
    const auto result = run_process(CLAUDELINT_BINARY, args, scratch.path);
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    return read_all(baseline);
  };
  write_version(project, 'A');
  const std::string old_baseline = update();
  write_version(project, 'B');
  const std::string new_baseline = update();
  REQUIRE(json::parse(old_baseline)["findings"].empty());
  REQUIRE(json::parse(new_baseline)["findings"].size() == tree_count);

  // The longest of three uninterrupted runs: on a loaded machine one run
  // can be quick and the killed ones slow, leaving every kill before the write.
  std::chrono::microseconds duration{0};
  for (int i = 0; i < 3; ++i) {
    write_file(baseline, old_baseline);
    const auto timed = run_process(CLAUDELINT_BINARY, args, scratch.path);
    REQUIRE(timed.exit_code == 0);
    REQUIRE(read_all(baseline) == new_baseline);
    duration = std::max<std::chrono::microseconds>(duration, timed.elapsed);
  }

  constexpr int kills = 30;
  int old_seen = 0, new_seen = 0, left_temporaries = 0;
  const auto points = kill_points(duration, kills, 20261128);
  for (int i = 0; i < kills; ++i) {
    write_file(baseline, old_baseline);
    const auto killed = run_killed_after(CLAUDELINT_BINARY, args, scratch.path, points[i]);
    INFO("kill " << i << " at " << points[i].count() << " us of a " << duration.count() << " us run");
    REQUIRE((killed.signal == SIGKILL || killed.exit_code == 0));
    const std::string now = read_all(baseline);
    const bool is_old = now == old_baseline;
    CHECK((is_old || now == new_baseline));
    const json parsed = json::parse(now, nullptr, false);
    CHECK((parsed.is_object() && parsed.value("version", 0) == 1 && parsed.contains("findings") &&
           parsed.at("findings").is_array()));
    (is_old ? old_seen : new_seen)++;

    std::size_t temporaries = 0;
    for (const auto& entry : fs::directory_iterator(folder)) {
      const std::string name = entry.path().filename().string();
      if (name == "baseline.json") continue;
      INFO(name);
      CHECK(claudelint::support::is_atomic_temporary_name(name));
      CHECK(temporary_target(name) == "baseline.json");
      ++temporaries;
    }
    if (temporaries > 0) ++left_temporaries;
    // The next update writes the new baseline and removes what the killed one left.
    if (is_old || temporaries > 0) {
      CHECK(update() == new_baseline);
      CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
    }
  }
  INFO(fmt::format("{} kills over a {} ms run: {} left the old baseline, {} the new one; {} left temporary files",
                   kills, duration.count() / 1000, old_seen, new_seen, left_temporaries));
  CHECK(old_seen > 0);
  CHECK(new_seen > 0);
}
