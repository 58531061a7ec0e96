// --select: a run reports only the selected rules, finds with them exactly
// what a run of every rule finds, and skips the stages they do not need.
// Names that match no rule are usage errors, for --select and --rule alike.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "lint.h"

namespace fs = std::filesystem;
using claudelint::test::contains;
using claudelint::test::lint;
using claudelint::test::source_dir;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;
using nlohmann::json;

namespace {

/// The findings of a JSON run.
json findings(std::vector<std::string> args) {
  args.insert(args.begin(), {"--format", "json"});
  const auto run = lint(args);
  REQUIRE(run.exit_code != 2);
  return json::parse(run.out).at("diagnostics");
}

/// Whether `entry` (an id, name or id prefix) selects the finding `d`.
bool selects(const std::string& entry, const json& d) {
  const auto id = d.at("rule").get<std::string>();
  return entry == id || entry == d.at("rule_name").get<std::string>() ||
         (entry.starts_with("CL") && entry.size() < 6 && id.starts_with(entry));
}

const std::set<std::string> cannot_check = {"CL0001", "CL0003", "CL0007", "CL0008",
                                            "CL0009", "CL0013", "CL0015", "CL1009"};

} // namespace

TEST_CASE("select: each rule's findings are exactly a full run's", "[e2e][select]") {
  // Trees where every built-in rule, a team pack's rule, parity, schema and
  // syntax findings and suppressions all fire.
  const std::vector<std::string> trees = {"fixtures/rules", "fixtures/trees", "fixtures/examples"};
  const json all = findings(trees);
  std::set<std::string> entries = {"CL", "CL0", "CL1", "CL2", "CL3", "CL4", "CL5", "CL6", "CL7", "CL8", "CL9"};
  for (const auto& d : all) {
    entries.insert(d.at("rule").get<std::string>());
    entries.insert(d.at("rule_name").get<std::string>());
  }
  REQUIRE(entries.size() > 150);
  for (const auto& entry : entries) {
    INFO("--select " << entry);
    std::vector<std::string> args = {"--select", entry};
    args.insert(args.end(), trees.begin(), trees.end());
    const json selected = findings(args);
    json expected = json::array();
    for (const auto& d : all) {
      const auto id = d.at("rule").get<std::string>();
      // A suppression's or ignore entry's use is known only when its rules
      // ran: with CL0016 alone, one naming unselected rules is not judged.
      if (id == "CL0016" && entry != "CL") continue;
      if (selects(entry, d) || cannot_check.contains(id)) expected.push_back(d);
    }
    json got = json::array();
    for (const auto& d : selected)
      if (d.at("rule") != "CL0016" || entry == "CL") got.push_back(d);
    CHECK(got == expected);
  }
}

TEST_CASE("select: categories, lists, and what is always reported", "[e2e][select]") {
  const json transport = findings({"--select", "transport", "fixtures/rules"});
  REQUIRE_FALSE(transport.empty());
  for (const auto& d : transport) CHECK(d.at("rule").get<std::string>().starts_with("CL20"));
  const json two = findings({"--select", "plain-http-endpoint, CL2002", "fixtures/rules"});
  std::set<std::string> ids;
  for (const auto& d : two) ids.insert(d.at("rule").get<std::string>());
  CHECK(ids == std::set<std::string>{"CL2001", "CL2002"});
  // Repeated --select options add up.
  CHECK(findings({"--select", "CL2001", "--select", "CL2002", "fixtures/rules"}) == two);
  // A syntax error is reported whatever is selected: the selected rules
  // could not read the file.
  const ScratchDir scratch;
  write_file(scratch.path / "config/production.json", "{\"security\": {\"api_endpoint\": \"http://x\",}\n");
  std::set<std::string> broken;
  for (const auto& d : findings({"--select", "CL2004", scratch.path.string()})) broken.insert(d.at("rule"));
  CHECK(broken == std::set<std::string>{"CL0001"});
}

TEST_CASE("select: unknown names are usage errors with the closest name", "[e2e][select]") {
  const auto typo = lint({"--select", "plain-htp-endpoint", "fixtures/examples/good"});
  CHECK(typo.exit_code == 2);
  CHECK(contains(typo.err, "--select plain-htp-endpoint: no rule has this id, name, category or id prefix; "
                           "did you mean plain-http-endpoint?"));
  CHECK(lint({"--select", "CL99", "fixtures/examples/good"}).exit_code == 2);
  CHECK(lint({"--select", "CL2001,,CL2002", "fixtures/examples/good"}).exit_code == 2);
  // --rule was silent about a name of no rule; it no longer is.
  const auto rule = lint({"--rule", "plain-http-endpiont=off", "fixtures/examples/good"});
  CHECK(rule.exit_code == 2);
  CHECK(contains(rule.err, "--rule plain-http-endpiont=off: no rule has this id or name; did you mean "
                           "plain-http-endpoint?"));
  // A team pack's rule is a rule like any other.
  CHECK(lint({"--select", "CL9001", "fixtures/trees"}).exit_code != 2);
  // A run over some trees may not load the pack that defines a name: a
  // pre-commit hook or a CI shard passes the same options to every run.
  CHECK(lint({"--rule", "CL9001=off", "fixtures/examples/good"}).exit_code == 2);
  CHECK(lint({"--rule", "CL9001=off", "fixtures/examples/good/configs/production.json"}).exit_code != 2);
  CHECK(lint({"--rule", "CL9001=off", "--shard", "1/2", "fixtures/examples/good"}).exit_code != 2);
  // The baseline would keep only the selected rules' findings.
  const ScratchDir scratch;
  const auto baseline = lint({"--select", "CL2001", "--baseline", (scratch.path / "b.json").string(),
                              "--update-baseline", "fixtures/examples/good"});
  CHECK(baseline.exit_code == 2);
  CHECK(contains(baseline.err, "--update-baseline cannot be used with --select"));
}

TEST_CASE("select: --rule sets the severity of claudelint's own findings too", "[e2e][select]") {
  const ScratchDir scratch;
  write_file(scratch.path / "config/production.json", R"({"security": {"tls": {"version": "1.3"}}, "colour": 1})"
                                                      "\n");
  const auto unknown_keys = [&](const json& list) {
    json out = json::array();
    for (const auto& d : list)
      if (d.at("rule") == "CL1003") out.push_back(d);
    return out;
  };
  const json before = unknown_keys(findings({scratch.path.string()}));
  REQUIRE(before.size() == 1);
  CHECK(before[0].at("severity") == "error");
  const json warned = unknown_keys(findings({"--rule", "unknown-key=warning", scratch.path.string()}));
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].at("severity") == "warning");
  CHECK(unknown_keys(findings({"--rule", "CL1003=off", scratch.path.string()})).empty());
}

TEST_CASE("select: a suppression of an unselected rule is neither used nor unused", "[e2e][select]") {
  const ScratchDir scratch;
  write_file(scratch.path / "deployment.yaml",
             "# claudelint: disable=CL4001 -- one instance until the load test\n"
             "production:\n  regions: {primary: {name: eu, instances: 1}}\n");
  write_file(scratch.path / "config/production.json", R"({"security": {"tls": {"version": "1.3"}}})"
                                                      "\n");
  const auto unused = [&](const std::vector<std::string>& select) {
    std::vector<std::string> args = select;
    args.push_back(scratch.path.string());
    std::size_t count = 0;
    for (const auto& d : findings(args)) count += d.at("rule") == "CL0016";
    return count;
  };
  // With CL4001 not run, its suppression is not judged.
  CHECK(unused({"--select", "CL0016"}) == 0);
  CHECK(unused({"--select", "CL0016,CL4001"}) == unused({}));
}

TEST_CASE("select: build still writes whole environments", "[e2e][select]") {
  // --select limits the findings, never what a command compiles and writes.
  const ScratchDir scratch;
  const auto all = scratch.path / "all", selected = scratch.path / "selected";
  CHECK(lint({"build", "--out", all.string(), "fixtures/examples/layered"}).exit_code != 2);
  CHECK(lint({"build", "--select", "literal-secret", "--out", selected.string(), "fixtures/examples/layered"})
            .exit_code != 2);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(all)) {
    INFO(entry.path().filename());
    CHECK(claudelint::test::read_all(entry.path()) == claudelint::test::read_all(selected / entry.path().filename()));
    ++files;
  }
  CHECK(files >= 4);
}
