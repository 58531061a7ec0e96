#include <catch2/catch.hpp>

#include "../test_support.h"
#include "source/suppressions.h"

using claudelint::test::Loaded;
namespace source = claudelint::source;
namespace model = claudelint::model;

TEST_CASE("suppression comments: same line, line above, reasons required", "[source][suppressions]") {
  Loaded yaml("a.yaml",
              "# claudelint: disable=CL2001,weak-cipher -- reviewed: internal endpoint\n"
              "url: http://x\n"
              "b: 1  # claudelint: disable=CL4001 -- fine here\n"
              "c: 2  # claudelint: disable=CL4002\n"
              "d: 3  # claudelint: enable=CL4002 -- no such verb\n",
              source::FileKind::yaml);
  std::vector<model::Diagnostic> problems;
  auto suppressions = source::parse_suppressions(yaml.file, 0, yaml.result.comments, problems);
  REQUIRE(suppressions.size() == 2);
  CHECK(suppressions[0].line == 2); // alone on its line: covers the next one
  CHECK(suppressions[0].rules == std::vector<std::string>{"CL2001", "weak-cipher"});
  CHECK(suppressions[0].reason == "reviewed: internal endpoint");
  CHECK(suppressions[1].line == 3); // after code: its own line
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].rule.code == "CL0017");
  CHECK(problems[0].message.find("no reason") != std::string::npos);
  CHECK(problems[1].message.find("must read") != std::string::npos);

  model::SourceManager sources;
  sources.add("a.yaml", std::string(yaml.file.text()));
  std::vector<model::Diagnostic> diagnostics;
  const auto at = [&](std::string code, std::string name, std::size_t offset) {
    model::Diagnostic d;
    d.rule = {std::move(code), std::move(name)};
    d.range = {0, offset, offset + 1};
    return d;
  };
  const auto line2 = std::string(yaml.file.text()).find("http://x");
  diagnostics.push_back(at("CL2001", "plain-http-endpoint", line2));
  diagnostics.push_back(at("CL2007", "credentials-in-url", line2)); // not listed: stays
  std::vector<model::Diagnostic> suppressed;
  source::apply_suppressions(suppressions, sources, diagnostics, suppressed);
  REQUIRE(suppressed.size() == 1);
  CHECK(suppressed[0].rule.code == "CL2001");
  // CL2007 stays, and the unused CL4001 suppression on line 3 is reported.
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].rule.code == "CL2007");
  CHECK(diagnostics[1].rule.code == "CL0016");
}
