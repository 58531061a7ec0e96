#include <catch2/catch.hpp>

#include "model/diagnostic.h"
#include "model/document.h"

using namespace claudelint::model;

namespace {
Diagnostic make(FileId file, std::size_t begin, std::string code, Severity severity = Severity::error) {
  Diagnostic d;
  d.rule = {std::move(code), "name"};
  d.severity = severity;
  d.range = {file, begin, begin + 1};
  d.message = "m";
  return d;
}
} // namespace

TEST_CASE("Diagnostics sort by file, position and rule, without duplicates", "[model][diagnostic]") {
  std::vector<Diagnostic> ds = {make(1, 5, "CL0002"), make(0, 9, "CL0001"), make(1, 5, "CL0001"),
                                make(0, 9, "CL0001"), make(0, 2, "CL0005", Severity::warning)};
  sort_and_deduplicate(ds);
  REQUIRE(ds.size() == 4);
  CHECK(ds[0].range.begin == 2);
  CHECK(ds[1].range.file == 0);
  CHECK(ds[2].rule.code == "CL0001");
  CHECK(ds[3].rule.code == "CL0002");
  const auto s = summarize(ds, 2);
  CHECK(s.errors == 3);
  CHECK(s.warnings == 1);
  CHECK(s.files == 2);
}

TEST_CASE("quote_for_message: keys in messages are JSON literals, cut past 64 bytes with their length", "[model][diagnostic]") {
  CHECK(quote_for_message("timeout") == "\"timeout\"");
  CHECK(quote_for_message("a\"b\n") == "\"a\\\"b\\n\"");
  CHECK(quote_for_message(std::string(64, 'k')) == "\"" + std::string(64, 'k') + "\"");
  CHECK(quote_for_message(std::string(1 << 20, 'k')) == "\"" + std::string(64, 'k') + "\u2026\" (1048576 bytes)");
  // Never inside a character: 63 bytes, then é (2 bytes) across the cut.
  CHECK(quote_for_message(std::string(63, 'k') + "\u00e9\u00e9") == "\"" + std::string(63, 'k') + "\u2026\" (67 bytes)");
}

TEST_CASE("JSON Pointer tokens are escaped per RFC 6901", "[model][document]") {
  CHECK(append_pointer("", "a") == "/a");
  CHECK(append_pointer("/a", "b/c~d") == "/a/b~1c~0d");
  CHECK(append_pointer("/list", std::size_t{3}) == "/list/3");
  CHECK(append_pointer("", "") == "/");
}
