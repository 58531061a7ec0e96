// --format json is written in batches as it is made (report/json.cpp); the
// bytes must stay those of one pretty-printed dump of the whole document.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"
#include "model/source_file.h"
#include "report/render.h"

namespace model = claudelint::model;
namespace report = claudelint::report;
using nlohmann::ordered_json;

namespace {

/// `count` findings over two files, some with a related location.
std::vector<model::Diagnostic> findings(std::size_t count) {
  std::vector<model::Diagnostic> out;
  for (std::size_t i = 0; i < count; ++i) {
    model::Diagnostic d;
    d.range = {static_cast<model::FileId>(i % 2), i % 40, i % 40 + 3};
    d.severity = i % 3 == 0 ? model::Severity::error : model::Severity::warning;
    d.rule = {"CL2001", "plain-http-endpoint"};
    d.message = "finding " + std::to_string(i) + " with \"quotes\" and \\\\ a backslash";
    if (i % 2) d.pointer = "/a/" + std::to_string(i);
    if (i % 5 == 0) d.related.push_back({{1, 2, 5}, "first defined here"});
    out.push_back(std::move(d));
  }
  return out;
}

} // namespace

TEST_CASE("json: the report written in parts is one dump of the whole document", "[report][json]") {
  model::SourceManager sources;
  sources.add("a.json", std::string(200, 'x') + "\n" + std::string(200, 'y'));
  sources.add("b.json", "{\n  \"k\": 1\n}\n" + std::string(100, ' '));
  // 0, 1, one batch exactly, and several batches with a remainder.
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{4096}, std::size_t{9000}}) {
    INFO(count);
    const auto diagnostics = findings(count);
    report::RenderInput input{diagnostics, sources, 2};
    input.jobs = 2;
    std::string streamed;
    std::size_t parts = 0;
    report::render_json(input, [&](std::string_view part) {
      streamed += part;
      ++parts;
    });
    CHECK(streamed == report::render_json(input));
    const auto document = ordered_json::parse(streamed);
    CHECK(document.dump(2) + "\n" == streamed);
    CHECK(document["diagnostics"].size() == count);
    if (count > 0) CHECK(document["diagnostics"].back()["message"] == diagnostics.back().message);
    CHECK(parts > count); // written a finding at a time, never held whole
  }
}
