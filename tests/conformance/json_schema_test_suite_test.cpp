// Runs ../shared/conformance/JSON-Schema-Test-Suite through schema::compile
// and CompiledSchema::validate. Every required test of draft 4, 6 (when the
// suite has it) and 7 must pass. Optional tests (optional/, optional/format/)
// are reported; the ones that fail are listed, with reasons, in
// json-schema-known-failures.txt, and the list must match the run exactly so
// a regression fails and a fix forces the list to shrink
// (CLAUDELINT_UPDATE_GOLDEN=1 rewrites it). Drafts 2019-09 and 2020-12 are
// refused by design; their counts are printed, never checked.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "schema/engine.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace claudelint;

namespace {

const fs::path suite = fs::path(CLAUDELINT_SOURCE_DIR) / ".." / "shared" / "conformance" / "JSON-Schema-Test-Suite";

json read_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return json::parse(in);
}

std::string without_empty_fragment(std::string uri) {
  if (!uri.empty() && uri.back() == '#') uri.pop_back();
  return uri;
}

/// Serves `http://localhost:1234/<path>` from the suite's remotes/ and the
/// draft metaschemas from the copies embedded in the binary; nothing else.
schema::Fetch suite_fetch() {
  auto metaschemas = std::make_shared<std::map<std::string, json>>();
  for (const auto& file : data::files()) {
    if (file.path.find("json-schema-draft-") == std::string_view::npos) continue;
    json document = json::parse(file.content);
    const std::string id = document.value("$id", document.value("id", std::string()));
    (*metaschemas)[without_empty_fragment(id)] = std::move(document);
  }
  return [metaschemas](const std::string& uri) -> std::optional<json> {
    static const std::string remote = "http://localhost:1234/";
    if (uri.starts_with(remote)) {
      const fs::path path = suite / "remotes" / uri.substr(remote.size());
      if (fs::is_regular_file(path)) return read_json(path);
      return std::nullopt;
    }
    if (const auto it = metaschemas->find(uri); it != metaschemas->end()) return it->second;
    return std::nullopt;
  };
}

struct Tally {
  int passed = 0;
  int failed = 0;
  int refused = 0; ///< failed because the schema was refused (drafts 2019-09 and 2020-12)
};

struct Draft {
  std::string folder;  ///< under tests/
  std::string uri;     ///< the `$schema` the suite implies for the folder
  bool required;       ///< whether required tests must all pass
};

/// Which part of the suite a file belongs to: "", "optional" or "optional/format".
std::string part_of(const fs::path& relative) {
  const std::string text = relative.generic_string();
  if (text.find("/optional/format/") != std::string::npos) return "optional/format";
  if (text.find("/optional/") != std::string::npos) return "optional";
  return "";
}

/// Runs one file; records each failure as "<file> | <group> | <test>" → reason.
void run_file(const fs::path& file, const Draft& draft, const schema::Fetch& fetch, Tally& tally,
              std::map<std::string, std::string>& failures) {
  const std::string name = fs::relative(file, suite / "tests").generic_string();
  for (const auto& group : read_json(file)) {
    json schema_document = group.at("schema");
    // The suite leaves the draft implicit; say it, as a user's schema would.
    if (schema_document.is_object() && !schema_document.contains("$schema")) schema_document["$schema"] = draft.uri;
    const auto compiled = schema::compile(schema_document, "", fetch);
    for (const auto& test : group.at("tests")) {
      const bool expected = test.at("valid").get<bool>();
      std::string reason;
      if (!compiled.schema) {
        reason = "schema refused: " + (compiled.problems.empty() ? std::string("(no reason)") : compiled.problems.front().message);
        ++tally.refused;
      } else {
        const auto violations = compiled.schema->validate(test.at("data"));
        if (violations.empty() != expected)
          reason = expected ? "rejected: " + violations.front().message : std::string("accepted an invalid instance");
      }
      if (reason.empty()) {
        ++tally.passed;
        continue;
      }
      ++tally.failed;
      failures[fmt::format("{} | {} | {}", name, group.at("description").get<std::string>(),
                           test.at("description").get<std::string>())] = reason;
    }
  }
}

std::map<std::string, std::string> read_known_failures(const fs::path& path) {
  std::map<std::string, std::string> known;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto arrow = line.rfind(" -> ");
    known[line.substr(0, arrow)] = arrow == std::string::npos ? "" : line.substr(arrow + 4);
  }
  return known;
}

} // namespace

TEST_CASE("JSON-Schema-Test-Suite: drafts 4, 6 and 7 pass; later drafts are refused", "[conformance][schema]") {
  if (!fs::is_directory(suite / "tests")) {
    WARN("JSON-Schema-Test-Suite not found at " << suite.string()
                                                << "; skipping (it lives in ../shared/conformance/)");
    return;
  }
  const auto fetch = suite_fetch();
  const std::vector<Draft> drafts = {
      {"draft4", "http://json-schema.org/draft-04/schema#", true},
      {"draft6", "http://json-schema.org/draft-06/schema#", true},
      {"draft7", "http://json-schema.org/draft-07/schema#", true},
      {"draft2019-09", "https://json-schema.org/draft/2019-09/schema", false},
      {"draft2020-12", "https://json-schema.org/draft/2020-12/schema", false},
  };
  std::map<std::string, std::string> required_failures;
  std::map<std::string, std::string> optional_failures;
  for (const auto& draft : drafts) {
    const fs::path folder = suite / "tests" / draft.folder;
    if (!fs::is_directory(folder)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
      if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::map<std::string, Tally> tallies;
    for (const auto& file : files) {
      const std::string part = part_of(fs::relative(file, suite / "tests"));
      std::map<std::string, std::string> failures;
      run_file(file, draft, fetch, tallies[part], failures);
      if (!draft.required) continue;
      (part.empty() ? required_failures : optional_failures).merge(failures);
    }
    for (const auto& part : {"", "optional", "optional/format"}) {
      const Tally& t = tallies[part];
      std::cout << fmt::format("{}{}{}: {} passed, {} failed{}\n", draft.folder, *part ? " " : "", part, t.passed, t.failed,
                               draft.required || t.refused == 0 ? "" : fmt::format(" ({} refused)", t.refused));
    }
  }

  for (const auto& [test, reason] : required_failures) {
    INFO(test << ": " << reason);
    CHECK(false);
  }

  const fs::path known_path = fs::path(CLAUDELINT_SOURCE_DIR) / "tests/conformance/json-schema-known-failures.txt";
  const auto known = read_known_failures(known_path);
  if (const char* update = std::getenv("CLAUDELINT_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream out(known_path);
    out << "# Optional JSON-Schema-Test-Suite tests claudelint fails: <file> | <group> | <test> -> <why>.\n"
           "# Generated by the conformance test with CLAUDELINT_UPDATE_GOLDEN=1; reasons are reviewed by hand.\n";
    for (const auto& [test, what] : optional_failures) {
      const auto it = known.find(test);
      out << test << " -> " << (it != known.end() && !it->second.empty() ? it->second : what) << '\n';
    }
    return;
  }
  for (const auto& [test, what] : optional_failures) {
    INFO(test << " fails (" << what << ") but is not listed in " << known_path.string());
    CHECK(known.count(test) == 1);
  }
  for (const auto& [test, why] : known) {
    INFO(test << " is listed as a known failure but now passes; remove it from " << known_path.string());
    CHECK(optional_failures.count(test) == 1);
  }
}
