// --shard I/N through the real binary: on an estate of a dozen config trees
// (inferred, declared by a manifest, nested, split by environment, with a
// repository-root package.json and loose files), the N slices check every
// file exactly once, never split a tree, and together report exactly what
// one unsharded run reports, whatever --jobs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::write_file;

namespace {

/// Fourteen trees and some files outside every tree, from the example trees
/// and a few written here.
void make_estate(const fs::path& estate) {
  const fs::path examples = fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples";
  write_file(estate / "package.json", "{\"name\": \"estate\", \"private\": true, \"workspaces\": [\"services/*\"]}\n");
  for (int i = 1; i <= 6; ++i) { // inferred trees around configs/; the bad ones hold a manifest tree each
    const fs::path to = estate / "services" / ("svc-0" + std::to_string(i));
    fs::create_directories(to);
    fs::copy(examples / (i <= 4 ? "deployment" : "bad"), to, fs::copy_options::recursive);
  }
  for (const char* team : {"alpha", "beta"}) { // declared by claudelint.yaml
    fs::create_directories(estate / "teams" / team);
    fs::copy(examples / "layered", estate / "teams" / team, fs::copy_options::recursive);
  }
  fs::create_directories(estate / "teams/gamma");
  fs::copy(examples / "good", estate / "teams/gamma", fs::copy_options::recursive);
  // Folders named after environments.
  write_file(estate / "apps/web/production/client.json",
             "{\n  \"security\": {\"api_endpoint\": \"http://api.anthropic.com\"},\n  \"security\": {}\n}\n");
  write_file(estate / "apps/web/staging/client.json", "{\n  \"logging\": {\"level\": \"info\"}\n}\n");
  write_file(estate / "apps/web/shared.yaml", "notes: plain\nnotes: twice\n");
  // Split by environment: a YAML file, and JSON in a container folder.
  write_file(estate / "infra/edge/deployment.yaml",
             "production:\n  failover: yes\nstaging:\n  failover: true\n  failover: false\n");
  write_file(estate / "infra/db/settings/limits.json", "{\"dev\": {\"a\": 1}, \"prod\": {\"a\": 1, \"a\": 2}}\n");
  write_file(estate / "infra/db/backup.sh", "#!/bin/bash\ncurl -k https://example.com\n");
  // Nested inferred trees.
  write_file(estate / "nest/production.json", "{\"a\": 1, \"a\": 2}\n");
  write_file(estate / "nest/inner/config/dev.json", "{\"b\": 1, \"b\": 2}\n");
  // Outside every tree, and a path the walk skips.
  write_file(estate / "misc/loose.json", "{\"a\": 1, \"a\": 2}\n");
  write_file(estate / "misc/notes.yaml", "enabled: yes\n");
  fs::create_symlink("does-not-exist.json", estate / "services/svc-01/broken.json");
}

struct Report {
  std::multiset<std::string> diagnostics; ///< "CODE path:line:column message"
  std::size_t files = 0;                  ///< summary.files
};

Report parse_report(const std::string& out) {
  const json report = json::parse(out);
  Report r;
  for (const auto& d : report.at("diagnostics"))
    r.diagnostics.insert(d.at("rule").get<std::string>() + " " + d.at("file").get<std::string>() + ":" +
                         std::to_string(d.at("line").get<int>()) + ":" + std::to_string(d.at("column").get<int>()) +
                         " " + d.at("message").get<std::string>());
  r.files = report.at("summary").at("files").get<std::size_t>();
  return r;
}

/// The files of a JUnit report (one <testsuite> per file of the run).
std::set<std::string> junit_files(const std::string& xml) {
  std::set<std::string> files;
  static const std::regex suite("<testsuite name=\"([^\"]*)\"");
  for (std::sregex_iterator it(xml.begin(), xml.end(), suite), end; it != end; ++it) files.insert((*it)[1]);
  return files;
}

} // namespace

TEST_CASE("sharded runs (--shard I/N): the slices keep trees whole and together equal the whole run", "[e2e][shard]") {
  const claudelint::test::ScratchDir scratch;
  make_estate(scratch.path / "estate");
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--color", "never"});
    return run_process(CLAUDELINT_BINARY, args, scratch.path);
  };

  const auto whole_run = run({"--format", "json", "--output-file", "junit=whole.xml", "estate"});
  INFO(whole_run.err);
  REQUIRE(whole_run.exit_code == 1);
  const Report whole = parse_report(whole_run.out);
  const std::set<std::string> all_files = junit_files(read_all(scratch.path / "whole.xml"));
  REQUIRE(all_files.contains("estate/services/svc-01/broken.json")); // the skipped path is reported too

  constexpr int count = 3;
  std::multiset<std::string> together;
  std::size_t files = 0;
  std::map<std::string, int> shard_of; // file → the shard that checked it
  for (int index = 1; index <= count; ++index) {
    const std::string shard = std::to_string(index) + "/" + std::to_string(count);
    const std::string junit = "junit=shard-" + std::to_string(index) + ".xml";
    const auto one = run({"--format", "json", "--shard", shard, "--jobs", "1", "--output-file", junit, "estate"});
    const auto two = run({"--format", "json", "--shard", shard, "--jobs", "2", "estate"});
    INFO("--shard " << shard << "\n" << one.err << two.err);
    REQUIRE((one.exit_code == 0 || one.exit_code == 1));
    CHECK(one.out == two.out); // byte-identical whatever --jobs
    CHECK(two.exit_code == one.exit_code);
    const Report report = parse_report(one.out);
    together.insert(report.diagnostics.begin(), report.diagnostics.end());
    files += report.files;
    const auto checked = junit_files(read_all(scratch.path / ("shard-" + std::to_string(index) + ".xml")));
    CHECK_FALSE(checked.empty()); // the package.json at the top does not gather everything into one slice
    for (const auto& file : checked) {
      INFO(file);
      CHECK(shard_of.emplace(file, index).second); // checked by one shard only
    }
  }
  CHECK(together == whole.diagnostics);
  CHECK(files == whole.files);
  std::set<std::string> checked_somewhere;
  for (const auto& entry : shard_of) checked_somewhere.insert(entry.first);
  CHECK(checked_somewhere == all_files);

  // Every tree's files are in one shard.
  const auto envs = run_process(CLAUDELINT_BINARY, {"envs", "--format", "json", "estate"}, scratch.path);
  REQUIRE(envs.exit_code == 0);
  const json trees = json::parse(envs.out).at("trees");
  CHECK(trees.size() >= 14);
  for (const auto& tree : trees) {
    const std::string root = tree.at("root").get<std::string>();
    std::set<int> shards;
    for (const auto& file : tree.at("files")) shards.insert(shard_of[root + "/" + file.at("path").get<std::string>()]);
    INFO(root);
    CHECK(shards.size() == 1);
    CHECK_FALSE(shards.contains(0));
  }
}

TEST_CASE("sharded runs with file arguments: each file is checked in its tree by exactly one shard", "[e2e][shard]") {
  const claudelint::test::ScratchDir scratch;
  make_estate(scratch.path / "estate");
  const std::vector<std::string> files = {"estate/services/svc-05/configs/staging.json", "estate/misc/loose.json",
                                          "estate/nest/inner/config/dev.json"};
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    args.insert(args.end(), files.begin(), files.end());
    return run_process(CLAUDELINT_BINARY, args, scratch.path);
  };
  const auto whole_run = run({});
  REQUIRE(whole_run.exit_code == 1);
  const Report whole = parse_report(whole_run.out);
  REQUIRE(whole.files == files.size());
  std::multiset<std::string> together;
  std::size_t checked = 0;
  for (const std::string shard : {"1/2", "2/2"}) {
    const auto part = run({"--shard", shard});
    INFO(shard << "\n" << part.err);
    REQUIRE((part.exit_code == 0 || part.exit_code == 1));
    const Report report = parse_report(part.out);
    together.insert(report.diagnostics.begin(), report.diagnostics.end());
    checked += report.files;
  }
  CHECK(together == whole.diagnostics);
  CHECK(checked == whole.files);
}

TEST_CASE("sharded runs: the text summary names the slice", "[e2e][shard]") {
  const claudelint::test::ScratchDir scratch;
  make_estate(scratch.path / "estate");
  for (const std::string shard : {"1/2", "2/2"}) {
    const auto part = run_process(CLAUDELINT_BINARY, {"--color", "never", "--shard", shard, "estate"}, scratch.path);
    INFO(part.out << part.err);
    const std::string last = part.out.substr(part.out.rfind('\n', part.out.size() - 2) + 1);
    CHECK(last.ends_with(" (shard " + shard + ")\n"));
  }
}
