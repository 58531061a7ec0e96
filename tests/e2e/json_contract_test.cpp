// The --format json output contract: what the real binary prints must be
// valid against schemas/output/diagnostics.schema.json (documented in
// docs/output-json.md), and so must every JSON golden in tests/e2e.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "process.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path source_dir{CLAUDELINT_SOURCE_DIR};

class OutputSchema {
public:
  OutputSchema() {
    const json document = json::parse(claudelint::test::read_all(source_dir / "schemas/output/diagnostics.schema.json"));
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    parser.populateSchema(adapter, schema_);
  }

  /// Empty when `value` is valid; otherwise one line per error.
  std::string errors(const json& value) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(value);
    if (validator.validate(schema_, adapter, &results)) return {};
    std::string out;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string where;
      for (const auto& part : error.context) where += part;
      out += fmt::format("{}: {}\n", where, error.description);
    }
    return out.empty() ? "invalid\n" : out;
  }

private:
  valijson::Schema schema_;
};

const OutputSchema& output_schema() {
  static const OutputSchema schema;
  return schema;
}

json run_json(const std::vector<std::string>& args, int expected_exit) {
  const auto run = claudelint::test::run_process(CLAUDELINT_BINARY, args, source_dir);
  INFO(run.err);
  REQUIRE_FALSE(run.timed_out);
  REQUIRE(run.exit_code == expected_exit);
  return json::parse(run.out);
}

/// The sort key the contract promises (file, line, column, end_line, end_column, rule, message).
auto order_key(const json& d) {
  return std::make_tuple(d["file"].get<std::string>(), d["line"].get<int>(), d["column"].get<int>(),
                         d["end_line"].get<int>(), d["end_column"].get<int>(), d["rule"].get<std::string>(),
                         d["message"].get<std::string>());
}

} // namespace

TEST_CASE("JSON output of the example tree matches the output schema", "[e2e][json]") {
  const json out = run_json({"--format", "json", "fixtures/examples/deployment"}, 1);
  INFO(out.dump(2));
  CHECK(output_schema().errors(out).empty());

  // What the schema cannot say.
  CHECK(out["diagnostics"].size() >= 3);
  const auto& diagnostics = out["diagnostics"];
  CHECK(std::is_sorted(diagnostics.begin(), diagnostics.end(),
                       [](const json& a, const json& b) { return order_key(a) < order_key(b); }));
  std::size_t errors = 0, warnings = 0, infos = 0;
  for (const auto& d : diagnostics) {
    const std::string severity = d["severity"];
    errors += severity == "error";
    warnings += severity == "warning";
    infos += severity == "info";
    CHECK(fs::is_regular_file(source_dir / d["file"].get<std::string>()));
    CHECK(std::make_tuple(d["line"].get<int>(), d["column"].get<int>()) <=
          std::make_tuple(d["end_line"].get<int>(), d["end_column"].get<int>()));
  }
  CHECK(out["summary"]["errors"] == errors);
  CHECK(out["summary"]["warnings"] == warnings);
  CHECK(out["summary"]["infos"] == infos);
  CHECK(out["summary"]["files"] == 9);
}

TEST_CASE("JSON output with no findings matches the output schema", "[e2e][json]") {
  const json out = run_json({"--format", "json", "fixtures/e2e/clean.json"}, 0);
  CHECK(output_schema().errors(out).empty());
  CHECK(out["diagnostics"].empty());
}

TEST_CASE("every --format json golden in tests/e2e matches the output schema", "[e2e][json]") {
  std::size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir / "tests/e2e")) {
    if (entry.path().extension() != ".case") continue;
    const std::string text = claudelint::test::read_all(entry.path());
    const auto args_at = text.find("\nargs:");
    const auto args_end = text.find('\n', args_at + 1);
    const std::string args = args_at == std::string::npos ? "" : text.substr(args_at, args_end - args_at);
    // `diff` and `envs` print JSON of their own shape, not diagnostics.
    const bool own_shape = args.starts_with("\nargs: diff ") || args.starts_with("\nargs: envs ");
    const bool is_json = !own_shape && args.find("--format json") != std::string::npos;
    const auto out_at = text.find("\n--- stdout\n");
    const auto err_at = text.find("\n--- stderr\n");
    if (!is_json || out_at == std::string::npos || err_at == std::string::npos) continue;
    const std::string stdout_text = text.substr(out_at + 12, err_at + 1 - (out_at + 12));
    if (stdout_text.empty()) continue; // usage errors print nothing on stdout
    DYNAMIC_SECTION(entry.path().filename().string()) {
      const json out = json::parse(stdout_text);
      CHECK(output_schema().errors(out).empty());
    }
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("the output schema rejects what the contract forbids", "[e2e][json]") {
  json valid = {{"version", 1},
                {"diagnostics",
                 {{{"file", "a.json"},
                   {"line", 1},
                   {"column", 1},
                   {"end_line", 1},
                   {"end_column", 2},
                   {"severity", "error"},
                   {"rule", "CL0001"},
                   {"rule_name", "syntax-error"},
                   {"message", "bad"},
                   {"pointer", nullptr},
                   {"environment", nullptr},
                   {"help", nullptr},
                   {"related", json::array()}}}},
                {"summary", {{"errors", 1}, {"warnings", 0}, {"infos", 0}, {"files", 1}}}};
  REQUIRE(output_schema().errors(valid).empty());

  auto broken = [&](auto mutate) {
    json copy = valid;
    mutate(copy);
    return !output_schema().errors(copy).empty();
  };
  CHECK(broken([](json& j) { j["version"] = 2; }));
  CHECK(broken([](json& j) { j["extra"] = true; }));
  CHECK(broken([](json& j) { j["diagnostics"][0]["rule"] = "E001"; }));
  CHECK(broken([](json& j) { j["diagnostics"][0]["severity"] = "fatal"; }));
  CHECK(broken([](json& j) { j["diagnostics"][0]["line"] = 0; }));
  CHECK(broken([](json& j) { j["diagnostics"][0]["pointer"] = 5; }));
  CHECK(broken([](json& j) { j["diagnostics"][0].erase("help"); }));
  CHECK(broken([](json& j) { j["diagnostics"][0]["related"].push_back({{"file", "a.json"}}); }));
  CHECK(broken([](json& j) { j["summary"].erase("infos"); }));
}
