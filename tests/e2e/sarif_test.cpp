// --format sarif through the real binary: every log passes Microsoft's SARIF
// validator (the multitool, a dev dependency in package.json), and says what
// the other formats say: the same findings in the same order, regions at the
// JSON output's positions (columns converted to UTF-16 code units), rules
// that describe every result, suppressed findings, the baseline's
// fingerprints and the exit code. The goldens are tests/e2e/formats/*sarif*.case.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "model/diagnostic.h"
#include "model/source_file.h"
#include "process.h"
#include "report/render.h"
#include "support/utf8.h"

namespace fs = std::filesystem;
using claudelint::test::ProcessResult;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;
using nlohmann::json;

namespace {

const fs::path source_dir{CLAUDELINT_SOURCE_DIR};

ProcessResult run_check(std::vector<std::string> args, const fs::path& cwd = source_dir) {
  args.insert(args.begin(), "check");
  return run_process(CLAUDELINT_BINARY, args, cwd, std::chrono::seconds(60));
}

/// `check --format sarif ARGS` in `cwd`, parsed; requires `expected_exit`.
json sarif_of(const std::vector<std::string>& paths, int expected_exit, const fs::path& cwd = source_dir) {
  std::vector<std::string> args{"--format", "sarif"};
  args.insert(args.end(), paths.begin(), paths.end());
  const auto result = run_check(args, cwd);
  INFO(result.err);
  REQUIRE_FALSE(result.timed_out);
  REQUIRE(result.exit_code == expected_exit);
  return json::parse(result.out);
}

/// Microsoft's SARIF validator from node_modules. `npm ci --ignore-scripts`
/// skips the package's `chmod u+x` postinstall, so a binary that is not
/// executable is run from an executable copy in a scratch folder.
class Validator {
public:
  static const Validator& instance() {
    static const Validator validator;
    return validator;
  }

  bool available() const { return !binary_.empty(); }

  /// The errors and warnings the validator reports about `log` (notes are
  /// advice we decline on purpose, see docs/output-formats.md), one a line;
  /// empty when there are none. Some inputs make the validator check
  /// nothing and say nothing (a run whose `results` precede its `tool`), so
  /// it must also have given a note: SARIF2012 on the kebab-case rule names.
  std::string problems(const fs::path& log) const {
    const fs::path out = scratch_.path / fmt::format("{}.{}.validation.sarif", log.filename().string(), runs_++);
    // SARIF2006 fetches every helpUri; this machine and CI are offline.
    // Invariant globalization: no libicu needed.
    const auto result = run_process(binary_.string(),
                                    {"validate", log.string(), "--config", config_.string(), "--rule-kind",
                                     "Sarif;Gh", "--level", "Error;Warning;Note", "--output", out.string()},
                                    scratch_.path, std::chrono::seconds(180),
                                    {"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_EnableDiagnostics=0",
                                     "DOTNET_CLI_TELEMETRY_OPTOUT=1"});
    if (result.timed_out || result.exit_code != 0 || !fs::exists(out))
      return fmt::format("the validator failed (exit {}):\n{}{}", result.exit_code, result.out, result.err);
    const json report = json::parse(read_all(out));
    std::string problems;
    bool analysed = false;
    for (const auto& r : report["runs"][0].value("results", json::array())) {
      const std::string level = r.value("level", "warning");
      analysed = analysed || r.value("ruleId", "") == "SARIF2012";
      if (level != "error" && level != "warning") continue;
      std::string where;
      if (r.contains("locations"))
        where = r["locations"][0]["physicalLocation"].value("region", json::object()).dump();
      problems += fmt::format("{} {} {} {}\n", level, r.value("ruleId", "?"), r["message"].dump(), where);
    }
    for (const auto& invocation : report["runs"][0].value("invocations", json::array()))
      for (const auto& n : invocation.value("toolExecutionNotifications", json::array()))
        if (n.value("level", "warning") == "error") problems += "tool error: " + n["message"].dump() + "\n";
    if (!analysed) problems += "the validator gave no SARIF2012 note: it did not analyse the log\n";
    return problems;
  }

private:
  Validator() {
    const fs::path installed = source_dir / "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
    std::error_code ec;
    if (!fs::is_regular_file(installed, ec)) return;
    binary_ = installed;
    if (::access(installed.c_str(), X_OK) != 0) {
      binary_ = scratch_.path / "Sarif.Multitool";
      fs::copy_file(installed, binary_);
      fs::permissions(binary_, fs::perms::owner_exec, fs::perm_options::add);
    }
    config_ = scratch_.path / "offline.xml";
    write_file(config_, R"(<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
)");
  }

  ScratchDir scratch_;
  mutable int runs_ = 0;
  fs::path binary_;
  fs::path config_;
};

/// Validates `log` (already written to `path`) unless the validator is
/// missing, which is said once.
void check_valid(const fs::path& path) {
  const auto& validator = Validator::instance();
  if (!validator.available()) {
    static bool warned = false;
    if (!warned)
      WARN("node_modules lacks @microsoft/sarif-multitool-linux (run `npm ci --ignore-scripts`): "
           "SARIF logs are checked structurally only, not by the official validator");
    warned = true;
    return;
  }
  const std::string problems = validator.problems(path);
  INFO(path.filename().string() << ":\n" << problems);
  CHECK(problems.empty());
}

/// The checks every claudelint SARIF log must pass, whatever its input.
void check_structure(const json& log, int exit_code) {
  REQUIRE(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const json& sarif_run = log["runs"][0];
  CHECK(sarif_run["columnKind"] == "utf16CodeUnits");
  CHECK(sarif_run["originalUriBaseIds"].contains("%SRCROOT%"));
  const json& driver = sarif_run["tool"]["driver"];
  CHECK(driver["name"] == "claudelint");
  CHECK(driver["version"] == CLAUDELINT_VERSION);
  REQUIRE(sarif_run["invocations"].size() == 1);
  CHECK(sarif_run["invocations"][0]["exitCode"] == exit_code);
  CHECK(sarif_run["invocations"][0]["executionSuccessful"] == true);

  const json& rules = driver["rules"];
  std::vector<std::string> ids;
  for (const auto& rule : rules) {
    ids.push_back(rule["id"].get<std::string>());
    CHECK(std::regex_match(ids.back(), std::regex("CL[0-9]{4}")));
    CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
    const std::string uri = rule["helpUri"];
    std::string lower = ids.back();
    lower[0] = 'c';
    lower[1] = 'l';
    CHECK((uri == "https://claudelint.dev/rules/" + ids.back() || uri == "https://claudelint.dev/diagnostics#" + lower));
  }
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  // The catalog: every loader, schema and environment finding and the built-in pack.
  for (const std::string id : {"CL0001", "CL0015", "CL0017", "CL1001", "CL1010", "CL2001", "CL6001", "CL6008"})
    CHECK(std::binary_search(ids.begin(), ids.end(), id));

  for (const auto& result : sarif_run["results"]) {
    const std::string id = result["ruleId"];
    const auto index = result["ruleIndex"].get<std::size_t>();
    REQUIRE(index < ids.size());
    CHECK(ids[index] == id);
    const std::string level = result["level"];
    CHECK((level == "error" || level == "warning" || level == "note"));
    CHECK(std::regex_match(result["partialFingerprints"]["claudelint/v1"].get<std::string>(),
                           std::regex("[0-9a-f]{16}")));
    const json& region = result["locations"][0]["physicalLocation"]["region"];
    CHECK(region["startLine"].get<int>() >= 1);
    CHECK(region["startColumn"].get<int>() >= 1);
    CHECK(std::make_pair(region["startLine"].get<int>(), region["startColumn"].get<int>()) <=
          std::make_pair(region["endLine"].get<int>(), region["endColumn"].get<int>()));
  }
}

/// `path`'s 1-based `line`, without its terminator.
std::string line_of(const fs::path& path, int line) {
  const std::string text = read_all(path);
  std::size_t begin = 0;
  for (int l = 1; l < line && begin != std::string::npos; ++l) {
    begin = text.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return {};
  const std::size_t end = text.find('\n', begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

/// The UTF-16 column of 1-based byte column `column` on `line` of `path`.
int utf16_column(const fs::path& path, int line, int column) {
  const std::string text = line_of(path, line);
  return static_cast<int>(
             claudelint::support::utf16_length(std::string_view(text).substr(0, static_cast<std::size_t>(column - 1)))) +
         1;
}

/// A SARIF result's location as the JSON contract writes it, for comparison.
void check_location(const json& sarif_location, const json& expected, const fs::path& cwd) {
  const json& physical = sarif_location["physicalLocation"];
  const std::string file = expected["file"];
  CHECK(physical["artifactLocation"]["uri"] == file); // plain ASCII paths need no escaping
  CHECK(physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  const json& region = physical["region"];
  CHECK(region["startLine"] == expected["line"]);
  CHECK(region["endLine"] == expected["end_line"]);
  CHECK(region["startColumn"] == utf16_column(cwd / file, expected["line"], expected["column"]));
  CHECK(region["endColumn"] == utf16_column(cwd / file, expected["end_line"], expected["end_column"]));
}

/// Generates fake secrets shaped like real ones (fixed seed).
std::string fake(std::string_view prefix, std::size_t length) {
  static std::uint32_t state = 20261126;
  static const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out(prefix);
  for (std::size_t i = 0; i < length; ++i) {
    state = state * 1664525u + 1013904223u;
    out += alphabet[(state >> 8) % alphabet.size()];
  }
  return out;
}

} // namespace

TEST_CASE("SARIF logs pass the official SARIF validator", "[e2e][sarif]") {
  const ScratchDir scratch;
  const auto check = [&](const std::string& name, const std::vector<std::string>& paths, int exit_code,
                         const fs::path& cwd) {
    std::vector<std::string> args{"--format", "sarif"};
    args.insert(args.end(), paths.begin(), paths.end());
    const auto result = run_check(args, cwd);
    INFO(name << "\n" << result.err);
    REQUIRE_FALSE(result.timed_out);
    REQUIRE(result.exit_code == exit_code);
    const fs::path log = scratch.path / (name + ".sarif");
    write_file(log, result.out);
    check_structure(json::parse(result.out), exit_code);
    // The validator checks nothing in a run whose `results` precede `tool`.
    CHECK(nlohmann::ordered_json::parse(result.out)["runs"][0].begin().key() == "tool");
    check_valid(log);
    return result.out;
  };

  SECTION("fixtures/examples/bad") { check("bad", {"fixtures/examples/bad"}, 1, source_dir); }
  SECTION("fixtures/examples/good") {
    const json log = json::parse(check("good", {"fixtures/examples/good"}, 0, source_dir));
    CHECK(log["runs"][0]["results"].empty());
  }
  SECTION("fixtures/trees/suppressions") { check("suppressions", {"fixtures/trees/suppressions"}, 1, source_dir); }
  SECTION("a tree with secrets, outside the working directory, in a folder whose name needs escaping") {
    const std::string key = fake("sk-ant-api03-", 93) + "AA";
    const std::string webhook = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/" + fake("", 24);
    const fs::path tree = scratch.path / "my configs";
    write_file(tree / "configs/production.json",
               "{\n  \"security\": {\n    \"tls\": {\"version\": \"1.3\"},\n    \"api_key\": \"" + key +
                   "\",\n    \"api_endpoint\": \"https://api.anthropic.com\",\n"
                   "    \"certificate_validation\": true\n  }\n}\n");
    write_file(tree / ".env.production", "CLAUDE_API_TOKEN_PROD=" + key + "\nSLACK_WEBHOOK=" + webhook + "\n");
    write_file(tree / "notifications.yaml",
               "production:\n  channels:\n    - type: slack\n      webhook: " + webhook + "\n");
    const std::string out = check("secrets", {tree.string()}, 1, source_dir);
    // No value: neither the key nor the webhook's token, beyond what a redacted form may show.
    CHECK(out.find(key.substr(13, key.size() - 17)) == std::string::npos);
    CHECK(out.find(webhook.substr(webhook.size() - 24, 20)) == std::string::npos);
    const json log = json::parse(out);
    bool secret_rule = false;
    for (const auto& result : log["runs"][0]["results"]) {
      const std::string uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
      CHECK(uri.starts_with("file://" + (scratch.path / "my%20configs/").generic_string()));
      CHECK_FALSE(result["locations"][0]["physicalLocation"]["artifactLocation"].contains("uriBaseId"));
      secret_rule = secret_rule || result["ruleId"].get<std::string>().starts_with("CL30");
    }
    CHECK(secret_rule);
  }
}

TEST_CASE("the SARIF validator rejects a broken log", "[e2e][sarif]") {
  if (!Validator::instance().available()) {
    WARN("node_modules lacks @microsoft/sarif-multitool-linux (run `npm ci --ignore-scripts`); skipped");
    return;
  }
  const ScratchDir scratch;
  // Key order kept: the validator silently checks nothing in a run whose
  // `results` come before its `tool` (as a key-sorted dump would put them).
  const auto out = run_check({"--format", "sarif", "fixtures/trees/suppressions"});
  nlohmann::ordered_json log = nlohmann::ordered_json::parse(out.out);
  auto& results = log["runs"][0]["results"];
  REQUIRE(results.size() > 3);
  results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  results[3]["locations"][0]["physicalLocation"]["region"]["endLine"] = 1; // starts on line 10
  write_file(scratch.path / "broken.sarif", log.dump(2));
  const std::string problems = Validator::instance().problems(scratch.path / "broken.sarif");
  INFO(problems);
  CHECK(problems.find("error JSON1008") != std::string::npos);  // startLine below 1 (schema)
  CHECK(problems.find("error SARIF1007") != std::string::npos); // end before start (spec)
}

TEST_CASE("SARIF results are the JSON output's findings, in its order and at its positions", "[e2e][sarif]") {
  for (const std::string tree : {"fixtures/examples/bad", "fixtures/examples/deployment"}) {
    DYNAMIC_SECTION(tree) {
      const json log = sarif_of({tree}, 1);
      const auto contract = run_check({"--format", "json", tree});
      REQUIRE(contract.exit_code == 1);
      const json diagnostics = json::parse(contract.out)["diagnostics"];
      const json& results = log["runs"][0]["results"];
      const json& rules = log["runs"][0]["tool"]["driver"]["rules"];
      REQUIRE(results.size() == diagnostics.size());
      for (std::size_t i = 0; i < results.size(); ++i) {
        const json& r = results[i];
        const json& d = diagnostics[i];
        INFO(i << ": " << d.dump());
        CHECK(r["ruleId"] == d["rule"]);
        CHECK(rules[r["ruleIndex"].get<std::size_t>()]["name"] == d["rule_name"]);
        const std::string severity = d["severity"];
        CHECK(r["level"] == (severity == "info" ? "note" : severity));
        CHECK(r["message"]["text"] == d["message"]);
        CHECK_FALSE(r.contains("suppressions"));
        check_location(r["locations"][0], d, source_dir);
        if (d["pointer"].is_null()) {
          CHECK_FALSE(r["locations"][0].contains("logicalLocations"));
        } else {
          CHECK(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == d["pointer"]);
          CHECK(r["locations"][0]["logicalLocations"][0]["kind"] == "member");
        }
        if (d["environment"].is_null()) CHECK_FALSE(r.contains("properties"));
        else CHECK(r["properties"]["environment"] == d["environment"]);
        const json related = r.value("relatedLocations", json::array());
        REQUIRE(related.size() == d["related"].size());
        for (std::size_t j = 0; j < related.size(); ++j) {
          CHECK(related[j]["id"] == j + 1);
          CHECK(related[j]["message"]["text"] == d["related"][j]["message"]);
          check_location(related[j], d["related"][j], source_dir);
        }
      }
    }
  }
}

TEST_CASE("SARIF regions are the text output's line:column", "[e2e][sarif]") {
  const auto text = run_check({"--color", "never", "fixtures/examples/deployment"});
  REQUIRE(text.exit_code == 1);
  const json results = sarif_of({"fixtures/examples/deployment"}, 1)["runs"][0]["results"];
  // `path:line:col: severity[rule]: message`, in the same order as the results.
  const std::regex header(R"(^([^ :]+):([0-9]+):([0-9]+): (error|warning|info)\[(CL[0-9]{4})\]: .*$)");
  std::istringstream lines(text.out);
  std::vector<std::string> kept;
  for (std::string line; std::getline(lines, line);)
    if (std::regex_match(line, header)) kept.push_back(line);
  REQUIRE(kept.size() == results.size());
  REQUIRE(kept.size() >= 3);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    std::smatch m;
    REQUIRE(std::regex_match(kept[i], m, header));
    INFO(kept[i]);
    const json& physical = results[i]["locations"][0]["physicalLocation"];
    CHECK(physical["artifactLocation"]["uri"] == m[1].str());
    CHECK(results[i]["ruleId"] == m[5].str());
    CHECK(physical["region"]["startLine"] == std::stoi(m[2].str()));
    // The example tree is ASCII: UTF-16 columns are byte columns there.
    CHECK(physical["region"]["startColumn"] == std::stoi(m[3].str()));
  }
}

TEST_CASE("SARIF columns count UTF-16 code units", "[e2e][sarif]") {
  const ScratchDir scratch;
  // "é" is 2 bytes and 1 UTF-16 unit, "😀" 4 bytes and 2 units.
  write_file(scratch.path / "dup.json", "{\"é😀\": 1, \"é😀\": 2}\n");
  const auto contract = run_check({"--format", "json", "dup.json"}, scratch.path);
  REQUIRE(contract.exit_code == 1);
  const json d = json::parse(contract.out)["diagnostics"][0];
  REQUIRE(d["rule"] == "CL0002");
  CHECK(d["column"] == 15);
  CHECK(d["end_column"] == 23);
  const json result = sarif_of({"dup.json"}, 1, scratch.path)["runs"][0]["results"][0];
  const json& region = result["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startLine"] == 1);
  CHECK(region["startColumn"] == 12);
  CHECK(region["endColumn"] == 17);
  const json& related = result["relatedLocations"][0]["physicalLocation"]["region"];
  CHECK(related["startColumn"] == 2);
  CHECK(related["endColumn"] == 7);
}

TEST_CASE("SARIF reports silenced findings with their suppression", "[e2e][sarif]") {
  const json log = sarif_of({"fixtures/trees/suppressions"}, 1);
  const auto contract = run_check({"--format", "json", "fixtures/trees/suppressions"});
  const json diagnostics = json::parse(contract.out)["diagnostics"];
  std::size_t shown = 0;
  std::map<std::string, std::string> silenced; // "rule file:line" -> kind
  for (const auto& result : log["runs"][0]["results"]) {
    if (!result.contains("suppressions")) {
      CHECK(silenced.empty()); // findings first, silenced ones after them
      ++shown;
      continue;
    }
    REQUIRE(result["suppressions"].size() == 1);
    const json& physical = result["locations"][0]["physicalLocation"];
    silenced[fmt::format("{} {}:{}", result["ruleId"].get<std::string>(),
                         physical["artifactLocation"]["uri"].get<std::string>(),
                         physical["region"]["startLine"].get<int>())] = result["suppressions"][0]["kind"];
    CHECK(result.contains("partialFingerprints"));
  }
  CHECK(shown == diagnostics.size());
  // Two findings under a `# claudelint: disable=` comment; one under a manifest `ignore:` entry.
  const std::map<std::string, std::string> expected{
      {"CL0006 fixtures/trees/suppressions/deployment.yaml:9", "inSource"},
      {"CL1001 fixtures/trees/suppressions/deployment.yaml:9", "inSource"},
      {"CL2006 fixtures/trees/suppressions/configs/dev.json:5", "external"}};
  CHECK(silenced == expected);
}

TEST_CASE("SARIF fingerprints are the baseline's", "[e2e][sarif]") {
  const ScratchDir scratch;
  fs::copy(source_dir / "fixtures/examples/bad", scratch.path / "tree", fs::copy_options::recursive);
  const json log = sarif_of({"tree"}, 1, scratch.path);
  const auto update = run_check({"tree", "--baseline", "baseline.json", "--update-baseline"}, scratch.path);
  INFO(update.err);
  REQUIRE(update.exit_code == 0);
  std::set<std::string> baseline, sarif;
  const json written = json::parse(read_all(scratch.path / "baseline.json"));
  for (const auto& finding : written["findings"])
    baseline.insert(finding["fingerprint"].get<std::string>());
  for (const auto& result : log["runs"][0]["results"])
    sarif.insert(result["partialFingerprints"]["claudelint/v1"].get<std::string>());
  CHECK(baseline.size() > 10);
  CHECK(sarif == baseline);

  // With the baseline the findings are gone, and the run succeeds.
  const json accepted = sarif_of({"tree", "--baseline", "baseline.json"}, 0, scratch.path);
  CHECK(accepted["runs"][0]["results"].empty());
  CHECK(accepted["runs"][0]["invocations"][0]["exitCode"] == 0);
}

TEST_CASE("SARIF invocations carry the exit code of the run", "[e2e][sarif]") {
  // Warnings only: 0 by default, 1 with --fail-on warning.
  const json lenient = sarif_of({"fixtures/trees/suppressions/configs/production.json"}, 0);
  const json strict = sarif_of({"--fail-on", "warning", "fixtures/trees/suppressions/configs/production.json"}, 1);
  CHECK(lenient["runs"][0]["invocations"][0]["exitCode"] == 0);
  CHECK(strict["runs"][0]["invocations"][0]["exitCode"] == 1);
  CHECK(strict["runs"][0]["invocations"][0]["executionSuccessful"] == true);
}

TEST_CASE("render_sarif describes every rule a result names", "[report][sarif]") {
  using namespace claudelint;
  model::SourceManager sources;
  const auto file = sources.add("a b/c.yaml", "key: 1 # claudelint: disable=CL9999 -- why\nother: 2\n");
  model::Diagnostic unknown;
  unknown.rule = {"CL9998", "not-in-catalog"};
  unknown.severity = model::Severity::info;
  unknown.message = "shown";
  unknown.range = {file, 10, 11};
  model::Diagnostic commented = unknown;
  commented.rule = {"CL9999", "also-not-in-catalog"};
  commented.range = {file, 5, 6};
  model::Diagnostic ignored = commented;
  ignored.range = {file, 50, 51};
  const std::vector<model::Diagnostic> diagnostics{unknown};
  const std::vector<model::Diagnostic> suppressed{commented};
  const std::vector<model::Diagnostic> ignored_by_manifest{ignored};
  const std::vector<report::RuleInfo> rules{{"CL0001", "syntax-error", "t", "d", "h", "https://x/", {}}};
  report::RenderInput input{diagnostics, sources, 1};
  input.suppressed = &suppressed;
  input.ignored = &ignored_by_manifest;
  input.rules = &rules;
  const json log = json::parse(report::render_sarif(input));
  const json& sarif_run = log["runs"][0];
  const json& descriptors = sarif_run["tool"]["driver"]["rules"];
  REQUIRE(descriptors.size() == 3);
  CHECK(descriptors[1]["id"] == "CL9998");
  CHECK(descriptors[2]["id"] == "CL9999");
  const json& results = sarif_run["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["ruleIndex"] == 1);
  CHECK(results[0]["level"] == "note");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b/c.yaml");
  CHECK_FALSE(results[0].contains("partialFingerprints")); // none given
  // Silenced findings follow: inline-suppressed ones, then those the manifest ignores.
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1);
  CHECK(results[1]["suppressions"][0]["kind"] == "inSource");
  CHECK(results[2]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
  CHECK(results[2]["suppressions"][0]["kind"] == "external");
}
