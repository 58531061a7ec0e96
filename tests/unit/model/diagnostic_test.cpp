#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <tuple>

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

TEST_CASE("sort_and_deduplicate gives what a stable sort and unique give, on many shuffled findings", "[model][diagnostic]") {
  // The sort merges the sorted runs it finds and moves each finding once
  // along the permutation's cycles; a reference stable_sort on the same
  // input must agree to the last field that the sort key leaves out (help),
  // so ties keep their input order. Shuffled findings make thousands of
  // runs; `blocks` concatenates sorted blocks (each tree's findings) into a few.
  const int blocks = GENERATE(0, 1, 2, 5, 13);
  std::vector<Diagnostic> input;
  std::uint32_t state = 12345;
  const auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 16) % 7; };
  for (int i = 0; i < 3000; ++i) {
    Diagnostic d = make(next(), next(), next() % 2 ? "CL0001" : "CL0002", next() % 2 ? Severity::error : Severity::warning);
    d.help = std::to_string(i);
    input.push_back(std::move(d));
  }
  const auto key_less = [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.range.file, a.range.begin, a.range.end, a.rule.code, a.message, a.severity, a.pointer,
                    a.environment) < std::tie(b.range.file, b.range.begin, b.range.end, b.rule.code, b.message,
                                              b.severity, b.pointer, b.environment);
  };
  for (int b = 0; b < blocks; ++b) {
    const auto from = input.begin() + b * 3000 / blocks, to = input.begin() + (b + 1) * 3000 / blocks;
    std::stable_sort(from, to, key_less);
  }
  std::vector<Diagnostic> expected = input;
  std::stable_sort(expected.begin(), expected.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.range.file, a.range.begin, a.range.end, a.rule.code, a.message, a.severity, a.pointer,
                    a.environment) < std::tie(b.range.file, b.range.begin, b.range.end, b.rule.code, b.message,
                                              b.severity, b.pointer, b.environment);
  });
  expected.erase(std::unique(expected.begin(), expected.end(),
                             [](const Diagnostic& a, const Diagnostic& b) {
                               return std::tie(a.range.file, a.range.begin, a.range.end, a.rule.code) ==
                                      std::tie(b.range.file, b.range.begin, b.range.end, b.rule.code);
                             }),
                 expected.end());
  sort_and_deduplicate(input);
  REQUIRE(input.size() == expected.size());
  CHECK(input.size() < 3000);
  for (std::size_t i = 0; i < input.size(); ++i) {
    INFO(i);
    CHECK(input[i].range.file == expected[i].range.file);
    CHECK(input[i].range.begin == expected[i].range.begin);
    CHECK(input[i].rule.code == expected[i].rule.code);
    CHECK(input[i].severity == expected[i].severity);
    CHECK(input[i].help == expected[i].help);
  }
}

TEST_CASE("move_append moves every finding and frees the part", "[model][diagnostic]") {
  std::vector<Diagnostic> into = {make(0, 1, "CL0001")};
  std::vector<Diagnostic> part = {make(1, 2, "CL0002"), make(2, 3, "CL0003")};
  move_append(into, part);
  REQUIRE(into.size() == 3);
  CHECK(into[2].rule.code == "CL0003");
  CHECK(part.empty());
  CHECK(part.capacity() == 0);
}

TEST_CASE("SourceMap: set, replace and find pointers, through many rehashes", "[model][document]") {
  SourceMap map;
  CHECK(map.find("") == std::nullopt);
  CHECK(map.size() == 0);
  for (std::size_t i = 0; i < 5000; ++i)
    map.set(append_pointer("/items", i), {std::nullopt, {i, i + 1}});
  map.set("", {std::nullopt, {0, 99}});
  map.set("/items/7", {ByteRange{1, 2}, {70, 71}}); // replaces: the last span wins
  map.shrink_to_fit();
  CHECK(map.size() == 5001);
  for (std::size_t i = 0; i < 5000; ++i) {
    const auto span = map.find(append_pointer("/items", i));
    REQUIRE(span != std::nullopt);
    if (i != 7) CHECK(span->value == ByteRange{i, i + 1});
  }
  REQUIRE(map.find("/items/7"));
  CHECK(map.find("/items/7")->value == ByteRange{70, 71});
  CHECK(map.find("/items/7")->key == ByteRange{1, 2});
  CHECK(map.find("")->value == ByteRange{0, 99});
  CHECK(map.find("/items") == std::nullopt);
  CHECK(map.find("/items/5000") == std::nullopt);
  CHECK(map.find("/items/70") != std::nullopt);
  const auto pointers = map.pointers();
  CHECK(pointers.size() == 5001);
  CHECK(std::is_sorted(pointers.begin(), pointers.end()));
  CHECK(pointers.front() == "");
  // A copy is independent of the original.
  SourceMap copy = map;
  copy.set("/items/1", {std::nullopt, {5, 6}});
  CHECK(map.find("/items/1")->value == ByteRange{1, 2});
  CHECK(copy.find("/items/1")->value == ByteRange{5, 6});
}

TEST_CASE("SourceMap: reserving room, before or after some entries, loses none", "[model][document]") {
  const auto fill = [](SourceMap& map, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) map.set(append_pointer("/k", i), {std::nullopt, {i, i + 1}});
  };
  const auto all_found = [](const SourceMap& map, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const auto span = map.find(append_pointer("/k", i));
      if (!span || span->value != ByteRange{i, i + 1}) return false;
    }
    return !map.find(append_pointer("/k", count)).has_value();
  };
  SECTION("exact room first") {
    SourceMap map;
    map.reserve(3001, 3001 * 8);
    map.set("/k", {std::nullopt, {0, 0}});
    fill(map, 0, 3000);
    CHECK(all_found(map, 3000));
  }
  SECTION("room reserved after some entries re-places them") {
    SourceMap map;
    map.set("/k", {std::nullopt, {0, 0}});
    fill(map, 0, 100);
    map.reserve(5000, 0);
    fill(map, 100, 4000);
    map.reserve(10, 0); // smaller than what it holds: nothing changes
    CHECK(all_found(map, 4000));
    CHECK(map.size() == 4001);
  }
  SECTION("too little room, from the text's size, only grows later") {
    SourceMap map;
    map.reserve_for_text(80); // room for 10
    map.set("/k", {std::nullopt, {0, 0}});
    fill(map, 0, 2000);
    map.shrink_to_fit();
    CHECK(all_found(map, 2000));
  }
}

TEST_CASE("SourceMap: pointers stored as suffixes of their parents' still find exactly", "[model][document]") {
  SourceMap map;
  // Children before their parent (a YAML root is set last), parents
  // before children, and pointers that end alike under different parents.
  map.set("/a/b", {ByteRange{1, 2}, {3, 4}});
  map.set("/a", {ByteRange{0, 1}, {2, 9}});
  map.set("/a/b/c", {std::nullopt, {5, 6}});
  map.set("/ab", {std::nullopt, {10, 11}});
  map.set("/x/a~1b/c~0d", {std::nullopt, {12, 13}});
  map.set("", {std::nullopt, {0, 20}});
  map.set("/x", {std::nullopt, {11, 19}});
  map.set("/x/b", {std::nullopt, {14, 15}});
  map.set("/x/a/b", {std::nullopt, {16, 17}});
  CHECK(map.find("/a/b")->value == ByteRange{3, 4});
  CHECK(map.find("/a/b")->key == ByteRange{1, 2});
  CHECK(map.find("/a/b/c")->value == ByteRange{5, 6});
  CHECK_FALSE(map.find("/a/b/c")->key.has_value());
  CHECK(map.find("/ab")->value == ByteRange{10, 11});
  CHECK(map.find("/x/a~1b/c~0d")->value == ByteRange{12, 13});
  CHECK(map.find("/x/b")->value == ByteRange{14, 15});
  CHECK(map.find("/x/a/b")->value == ByteRange{16, 17});
  for (const char* absent : {"/b", "/a/c", "/x/a", "/x/a/b/c", "a/b", "/a/b/", "//a/b", "/x/ab", "/a/ab"})
    CHECK_FALSE(map.find(absent).has_value());
  // Replacing a parent keeps its children reachable.
  map.set("/a", {std::nullopt, {30, 31}});
  CHECK(map.find("/a")->value == ByteRange{30, 31});
  CHECK(map.find("/a/b/c")->value == ByteRange{5, 6});
  CHECK(map.pointers() ==
        std::vector<std::string>{"", "/a", "/a/b", "/a/b/c", "/ab", "/x", "/x/a/b", "/x/a~1b/c~0d", "/x/b"});
}

TEST_CASE("SourceMap::Builder: a walk's entries find like set ones, and the map takes more after", "[model][document]") {
  SourceMap::Builder builder(64);
  const auto root = builder.add(SourceMap::Builder::no_parent, "", {std::nullopt, {0, 0}});
  const auto a = builder.add(root, "/a", {ByteRange{1, 2}, {3, 3}});
  builder.add(a, "/0", {std::nullopt, {4, 5}});
  const auto escaped = builder.add(a, "/b~1c", {ByteRange{6, 7}, {8, 9}});
  builder.add(escaped, "/", {ByteRange{9, 9}, {10, 11}}); // the key ""
  builder.add(root, "/ab", {std::nullopt, {12, 13}});
  builder.add(a, "/0", {std::nullopt, {20, 21}}); // the same pointer again: the later one is found
  builder.set_span(a, {ByteRange{1, 2}, {3, 30}}); // the collection closes
  builder.set_span(root, {std::nullopt, {0, 40}});
  SourceMap map = std::move(builder).take();
  CHECK(map.find("")->value == ByteRange{0, 40});
  CHECK(map.find("/a")->value == ByteRange{3, 30});
  CHECK(map.find("/a")->key == ByteRange{1, 2});
  CHECK(map.find("/a/0")->value == ByteRange{20, 21});
  CHECK(map.find("/a/b~1c")->value == ByteRange{8, 9});
  CHECK(map.find("/a/b~1c/")->value == ByteRange{10, 11});
  CHECK(map.find("/ab")->value == ByteRange{12, 13});
  for (const char* absent : {"/b", "/a/1", "/a/b", "/a/b/c", "/a0", "/a/b~1c//", "a"})
    CHECK_FALSE(map.find(absent).has_value());
  CHECK(map.pointers() == std::vector<std::string>{"", "/a", "/a/0", "/a/b~1c", "/a/b~1c/", "/ab"});
  CHECK(map.size() == 6); // seven entries, one pointer twice
  // Set on the taken map: replaced in place, or added under its parent.
  map.set("/a/b~1c", {std::nullopt, {50, 51}});
  map.set("/a/1", {std::nullopt, {52, 53}});
  CHECK(map.find("/a/b~1c")->value == ByteRange{50, 51});
  CHECK(map.find("/a/b~1c/")->value == ByteRange{10, 11});
  CHECK(map.find("/a/1")->value == ByteRange{52, 53});
  CHECK(map.size() == 7);
  // Enough added after to grow the index several times.
  for (int i = 0; i < 3000; ++i) map.set("/ab/" + std::to_string(i), {std::nullopt, {std::size_t(i), std::size_t(i)}});
  CHECK(map.find("/ab/2999")->value == ByteRange{2999, 2999});
  CHECK(map.find("/a/0")->value == ByteRange{20, 21});
}

TEST_CASE("SourceMap: offsets past 32 bits are refused, not cut", "[model][document]") {
  SourceMap map;
  const std::size_t huge = std::size_t{1} << 32;
  CHECK_THROWS_AS(map.set("/a", {std::nullopt, {huge, huge + 1}}), std::length_error);
  CHECK_THROWS_AS(map.set("/a", {ByteRange{huge, huge}, {0, 1}}), std::length_error);
  CHECK(map.size() == 0);
}

TEST_CASE("move_append of many parts keeps their order and frees each", "[model][diagnostic]") {
  std::vector<Diagnostic> into = {make(0, 1, "CL0001")};
  std::vector<std::vector<Diagnostic>> parts(3);
  parts[0] = {make(1, 2, "CL0002")};
  parts[2] = {make(2, 3, "CL0003"), make(3, 4, "CL0004")};
  move_append(into, parts);
  REQUIRE(into.size() == 4);
  CHECK(into[1].rule.code == "CL0002");
  CHECK(into[3].rule.code == "CL0004");
  for (const auto& part : parts) CHECK(part.capacity() == 0);
}

TEST_CASE("find_value reads a JSON pointer as nlohmann's json_pointer does", "[model][document]") {
  const nlohmann::json document = nlohmann::json::parse(
      R"({"a": {"b": [10, 20, {"c~d": 1, "e/f": 2, "": 3}]}, "0": "zero", "x": null, "arr": [[1], [2, 3]]})");
  const std::vector<std::string> pointers = {
      "", "/a", "/a/b", "/a/b/0", "/a/b/2", "/a/b/2/c~0d", "/a/b/2/e~1f", "/a/b/2/", "/0", "/x", "/arr/1/1",
      "/a/b/3", "/a/b/-", "/a/b/01", "/a/b/+1", "/a/b/1x", "/a/b/", "/a/b/99999999999999999999999", "/missing",
      "/a/b/0/deeper", "/x/y", "a", "/a/b/2/c~2d", "/a/b/2/c~", "/a/b/2/c~1d", "//", "/a//", "/arr/0/0/0"};
  for (const auto& pointer : pointers) {
    INFO(pointer);
    const nlohmann::json* expected = nullptr;
    try {
      const nlohmann::json::json_pointer p(pointer);
      expected = &document.at(p);
    } catch (const nlohmann::json::exception&) {
    }
    CHECK(claudelint::model::find_value(document, pointer) == expected);
  }
}
