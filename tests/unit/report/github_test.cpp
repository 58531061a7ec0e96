// --format github: the escaping of workflow commands, checked against what
// @actions/core does, and the lines render_github writes.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/source_file.h"
#include "report/ci_formats.h"
#include "report/render.h"

using claudelint::report::escape_workflow_data;
using claudelint::report::escape_workflow_property;
namespace model = claudelint::model;
namespace report = claudelint::report;

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// The runner's side (actions/runner, src/Runner.Common/ActionCommand.cs,
// UnescapeData and UnescapeProperty): replacements in this order.
std::string unescape_data(std::string text) {
  replace_all(text, "%0D", "\r");
  replace_all(text, "%0A", "\n");
  replace_all(text, "%25", "%");
  return text;
}

std::string unescape_property(std::string text) {
  replace_all(text, "%0D", "\r");
  replace_all(text, "%0A", "\n");
  replace_all(text, "%3A", ":");
  replace_all(text, "%2C", ",");
  replace_all(text, "%25", "%");
  return text;
}

/// A workflow command as the runner's TryParseV2 reads one line.
struct Command {
  std::string name;
  std::map<std::string, std::string> properties;
  std::string data;
};

Command parse(const std::string& line) {
  REQUIRE(line.starts_with("::"));
  const auto end = line.find("::", 2);
  REQUIRE(end != std::string::npos);
  const std::string info = line.substr(2, end - 2);
  Command c;
  const auto space = info.find(' ');
  c.name = info.substr(0, space);
  if (space != std::string::npos) {
    std::string rest = info.substr(space + 1);
    std::size_t start = 0;
    while (start <= rest.size()) {
      const auto comma = std::min(rest.find(',', start), rest.size());
      const std::string pair = rest.substr(start, comma - start);
      const auto eq = pair.find('=');
      if (eq != std::string::npos) c.properties[pair.substr(0, eq)] = unescape_property(pair.substr(eq + 1));
      start = comma + 1;
    }
  }
  c.data = unescape_data(line.substr(end + 2));
  return c;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  CHECK(start == text.size()); // every line ends with a newline
  return lines;
}

} // namespace

TEST_CASE("workflow command escaping matches @actions/core", "[report][github]") {
  // Expected values were produced by escapeData and escapeProperty of
  // @actions/core 3.0.1 (lib/command.js, from `npm pack @actions/core`),
  // run under node on these inputs.
  struct Row {
    std::string input, data, property;
  };
  const std::vector<Row> table = {
      {"", "", ""},
      {"plain text", "plain text", "plain text"},
      {"100%", "100%25", "100%25"},
      {"%25", "%2525", "%2525"},
      {"%0A", "%250A", "%250A"},
      {"a\nb", "a%0Ab", "a%0Ab"},
      {"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
      {"key: value, more", "key: value, more", "key%3A value%2C more"},
      {"C:\\dir,x", "C:\\dir,x", "C%3A\\dir%2Cx"},
      {"::error file=x::y", "::error file=x::y", "%3A%3Aerror file=x%3A%3Ay"},
      {"\xC3\xBC \xC3\xBCn\xC3\xAF", "\xC3\xBC \xC3\xBCn\xC3\xAF", "\xC3\xBC \xC3\xBCn\xC3\xAF"},
      {"50%,\r\n:", "50%25,%0D%0A:", "50%25%2C%0D%0A%3A"},
      {"%%", "%25%25", "%25%25"},
      {"tab\there", "tab\there", "tab\there"},
  };
  for (const auto& row : table) {
    INFO("input: " << row.input);
    CHECK(escape_workflow_data(row.input) == row.data);
    CHECK(escape_workflow_property(row.input) == row.property);
    CHECK(unescape_data(row.data) == row.input);
    CHECK(unescape_property(row.property) == row.input);
  }
}

TEST_CASE("workflow command escaping round-trips through the runner's unescaping", "[report][github]") {
  // Strings made of the characters that matter, and of the digits and
  // letters of the escapes themselves, so `%250A`-like traps come up.
  std::mt19937 engine(4242);
  const std::string alphabet = "%\r\n:,0ADC25 x";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const auto length = engine() % 12;
    for (unsigned k = 0; k < length; ++k) s += alphabet[engine() % alphabet.size()];
    INFO("input: " << s);
    const std::string data = escape_workflow_data(s);
    const std::string property = escape_workflow_property(s);
    REQUIRE(unescape_data(data) == s);
    REQUIRE(unescape_property(property) == s);
    REQUIRE(data.find_first_of("\r\n") == std::string::npos);
    REQUIRE(property.find_first_of("\r\n:,") == std::string::npos);
  }
}

TEST_CASE("render_github writes one command per finding and a plain summary", "[report][github]") {
  model::SourceManager sources;
  const auto a = sources.add("dir,with:odd/a.json", "{\n  \"a\": 1,\n  \"a\": 2\n}\n");
  const auto b = sources.add("b.yaml", "one: 1\ntwo: 2\nthree: 3\n");

  std::vector<model::Diagnostic> diagnostics;
  model::Diagnostic dup;
  dup.rule = {"CL0002", "duplicate-key"};
  dup.message = "duplicate key \"a\"; 100% lost";
  dup.range = {a, 14, 17};
  dup.related.push_back({{a, 4, 7}, "first defined here"});
  dup.help = "remove one";
  diagnostics.push_back(dup);
  model::Diagnostic block;
  block.rule = {"CL9999", "made-up"};
  block.severity = model::Severity::warning;
  block.message = "spans lines";
  block.range = {b, 7, 14}; // "two: 2\n": ends after a line break
  diagnostics.push_back(block);
  model::Diagnostic whole;
  whole.rule = {"CL9998", "also-made-up"};
  whole.severity = model::Severity::info;
  whole.message = "across";
  whole.range = {b, 4, 18}; // from line 1 into line 3
  diagnostics.push_back(whole);

  const report::RenderInput input{diagnostics, sources, 2};
  const auto lines = lines_of(report::render_github(input));
  REQUIRE(lines.size() == 4);

  CHECK(lines[0] == "::error file=dir%2Cwith%3Aodd/a.json,line=3,col=3,endLine=3,endColumn=6,"
                    "title=CL0002 duplicate-key::duplicate key \"a\"; 100%25 lost"
                    "%0Anote: dir,with:odd/a.json:2:3: first defined here%0Ahelp: remove one");
  const Command first = parse(lines[0]);
  CHECK(first.name == "error");
  CHECK(first.properties.at("file") == "dir,with:odd/a.json");
  CHECK(first.properties.at("title") == "CL0002 duplicate-key");
  CHECK(first.data == "duplicate key \"a\"; 100% lost\nnote: dir,with:odd/a.json:2:3: first defined here\nhelp: remove one");

  // A range ending just after a line break ends on the line before, and a
  // one-line range keeps its columns.
  CHECK(lines[1] == "::warning file=b.yaml,line=2,col=1,endLine=2,endColumn=7,title=CL9999 made-up::spans lines");
  // Columns only when line and endLine are equal: the runner drops them otherwise.
  CHECK(lines[2] == "::notice file=b.yaml,line=1,endLine=3,title=CL9998 also-made-up::across");
  CHECK(lines[3] == "claudelint: 1 error, 1 warning, 1 info in 2 files");
}

TEST_CASE("render_github with nothing to report prints only the summary", "[report][github]") {
  model::SourceManager sources;
  sources.add("clean.json", "{}\n");
  const std::vector<model::Diagnostic> none;
  CHECK(report::render_github({none, sources, 1}) == "claudelint: no problems found in 1 file\n");
}
