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
    // Plain text, and text that needs escapes: quotes, backslashes,
    // control characters, UTF-8, and bytes that are not UTF-8.
    static const std::vector<std::string> messages = {
        "a plain message", "with \"quotes\" and \\\\ a backslash", "tab\there, newline\n, \x01 and \x1f and \x7f",
        "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x94\x91 key", "cut \xC3 and \xFF bytes", ""};
    d.message = messages[i % messages.size()] + " " + std::to_string(i);
    if (i % 2) d.pointer = "/a/" + std::to_string(i) + (i % 3 ? "" : "/~1x~0");
    if (i % 4 == 1) d.environment = "production";
    if (i % 3 == 1) d.help = messages[(i + 1) % messages.size()];
    if (i % 5 == 0) d.related.push_back({{1, 2, 5}, "first defined here"});
    if (i % 10 == 0) d.related.push_back({{0, 190, 210}, messages[(i / 10) % messages.size()]});
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
    // Every field, where no byte needed replacing, reads back as it was.
    for (std::size_t i = 0; i < std::min<std::size_t>(count, 60); ++i) {
      const auto& item = document["diagnostics"][i];
      const auto& d = diagnostics[i];
      if (d.message.find_first_of("\xC3\xFF") == std::string::npos || d.message.find("caf") != std::string::npos)
        CHECK(item["message"] == d.message);
      CHECK(item["pointer"] == (d.pointer ? ordered_json(*d.pointer) : ordered_json(nullptr)));
      CHECK(item["environment"] == (d.environment ? ordered_json(*d.environment) : ordered_json(nullptr)));
      CHECK(item["related"].size() == d.related.size());
      CHECK(item["rule_name"] == "plain-http-endpoint");
    }
    CHECK(parts > count); // written a finding at a time, never held whole
  }
}
