// The example trees of fixtures/examples/ as a whole: `bad/` plants a
// plausible mistake for every built-in rule, so each rule id of the built-in
// pack must show up among its findings (a new rule needs a mistake there
// too); `good/` follows the deployment guide and must stay clean.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "process.h"
#include "rules/rule_pack.h"

namespace fs = std::filesystem;
using claudelint::test::run_process;
using nlohmann::json;

namespace {

json run_json(const std::string& tree, int& exit_code) {
  const auto run = run_process(CLAUDELINT_BINARY, {"--format", "json", tree}, fs::path(CLAUDELINT_SOURCE_DIR));
  INFO(tree << "\n" << run.err);
  REQUIRE(run.signal == 0);
  REQUIRE_FALSE(run.timed_out);
  CHECK(run.err.empty());
  exit_code = run.exit_code;
  json document = json::parse(run.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(document.is_discarded());
  REQUIRE(document.contains("diagnostics"));
  REQUIRE(document["diagnostics"].is_array());
  return document;
}

} // namespace

TEST_CASE("fixtures/examples/bad trips every built-in rule", "[e2e][examples]") {
  int exit_code = -1;
  const json document = run_json("fixtures/examples/bad", exit_code);
  CHECK(exit_code == 1);
  std::set<std::string> fired;
  for (const auto& d : document["diagnostics"])
    if (d.contains("rule") && d["rule"].is_string()) fired.insert(d["rule"].get<std::string>());
  const auto& rules = claudelint::rules::builtin_pack().rules;
  REQUIRE_FALSE(rules.empty());
  // Git stores no group-write bit, so no checkout of bad/ can carry a
  // group-writable config; fixtures/rules/CL3011-*/fail/modes.txt tests it.
  const std::set<std::string> needs_a_file_mode = {"CL3011"};
  for (const auto& rule : rules) {
    if (needs_a_file_mode.contains(rule.id)) continue;
    INFO("rule " << rule.id << " " << rule.name << " has no finding in fixtures/examples/bad");
    CHECK(fired.contains(rule.id));
  }
}

TEST_CASE("fixtures/examples/good has no error or warning", "[e2e][examples]") {
  int exit_code = -1;
  const json document = run_json("fixtures/examples/good", exit_code);
  CHECK(exit_code == 0);
  for (const auto& d : document["diagnostics"]) {
    INFO(d.dump());
    const std::string severity = d.value("severity", "");
    CHECK(severity != "error");
    CHECK(severity != "warning");
  }
}
