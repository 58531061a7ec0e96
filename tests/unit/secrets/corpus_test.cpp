// Precision and recall of the secret detector on fixtures/secrets/: every
// file is loaded with the real loaders and scanned with scan_file.
// positives/expected.txt lists each planted secret as `<file>:<line> <kind>`;
// negatives/ holds realistic values that are not secrets and must yield none.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/source_file.h"
#include "secrets/scan.h"
#include "source/loader.h"

using namespace claudelint;
namespace fs = std::filesystem;

namespace {

const fs::path corpus = fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures" / "secrets";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// "<file>:<line> <kind>" for every hit, and how many string values the
/// documents hold.
struct Scanned {
  std::multiset<std::string> hits;
  std::size_t values = 0;
  std::size_t files = 0;
};

std::size_t count_strings(const nlohmann::json& value) {
  if (value.is_string()) return 1;
  std::size_t n = 0;
  if (value.is_structured())
    for (const auto& child : value) n += count_strings(child);
  return n;
}

Scanned scan_folder(const fs::path& folder) {
  Scanned out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().filename() != "expected.txt" && entry.path().filename() != "README.md")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string rel = path.lexically_relative(folder).generic_string();
    INFO(rel);
    const auto kind = source::classify(rel);
    REQUIRE(kind != source::FileKind::unknown);
    const model::SourceFile file(rel, read(path));
    const auto loaded = source::load(file, 0, kind, support::Limits{});
    for (const auto& d : loaded.diagnostics) {
      INFO(d.message << " at " << file.position(d.range.begin).line);
      CHECK(d.severity != model::Severity::error);
    }
    REQUIRE_FALSE(loaded.documents.empty());
    ++out.files;
    if (kind == source::FileKind::shell) {
      // Only the values a script assigns; commands are words, not values.
      const auto& doc = loaded.documents.front().value;
      if (doc.contains("assignments")) out.values += doc["assignments"].size();
    } else {
      for (const auto& doc : loaded.documents) out.values += count_strings(doc.value);
    }
    for (const auto& hit : secrets::scan_file(file, kind, loaded.documents)) {
      const std::string_view secret = file.text().substr(hit.range.begin, hit.range.end - hit.range.begin);
      // The redaction keeps at most a prefix of the secret and four more characters.
      const auto ellipsis = hit.redacted.find("\u2026");
      REQUIRE(ellipsis != std::string::npos);
      CHECK(secret.starts_with(hit.redacted.substr(0, ellipsis)));
      CHECK(hit.redacted.find(" (", ellipsis) - ellipsis - 3 <= 4);
      out.hits.insert(fmt::format("{}:{} {}", rel, file.position(hit.range.begin).line, secrets::kind_name(hit.kind)));
    }
  }
  return out;
}

std::multiset<std::string> read_expected(const fs::path& path) {
  std::multiset<std::string> out;
  std::istringstream in(read(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.front() != '#') out.insert(line);
  return out;
}

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "\n  " + item;
  return out;
}

} // namespace

TEST_CASE("secrets corpus: every planted secret found with its kind, nothing else", "[secrets][corpus]") {
  const Scanned positives = scan_folder(corpus / "positives");
  const Scanned negatives = scan_folder(corpus / "negatives");
  const auto expected = read_expected(corpus / "positives" / "expected.txt");

  std::vector<std::string> true_positives, false_negatives, false_positives;
  std::set_intersection(expected.begin(), expected.end(), positives.hits.begin(), positives.hits.end(),
                        std::back_inserter(true_positives));
  std::set_difference(expected.begin(), expected.end(), positives.hits.begin(), positives.hits.end(),
                      std::back_inserter(false_negatives));
  std::set_difference(positives.hits.begin(), positives.hits.end(), expected.begin(), expected.end(),
                      std::back_inserter(false_positives));
  for (const auto& hit : negatives.hits) false_positives.push_back("negatives/" + hit);

  WARN(fmt::format("secrets corpus: {} planted secrets in {} files; {} negative values in {} files; "
                   "true positives {}, false negatives {}, false positives {}",
                   expected.size(), positives.files, negatives.values, negatives.files, true_positives.size(),
                   false_negatives.size(), false_positives.size()));
  INFO("false negatives:" << list(false_negatives));
  INFO("false positives:" << list(false_positives));
  CHECK(false_negatives.empty());
  CHECK(false_positives.empty());
  // The corpus is big enough to mean something.
  CHECK(expected.size() >= 60);
  CHECK(negatives.values >= 150);
}
