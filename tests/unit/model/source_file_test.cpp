#include <catch2/catch.hpp>

#include "model/source_file.h"

using namespace claudelint::model;

TEST_CASE("LineIndex maps offsets to 1-based line:column in bytes", "[model][position]") {
  const std::string text = "ab\ncd\r\n\nxyz";
  const LineIndex index(text);
  CHECK(index.line_count() == 4);
  CHECK(index.position(0) == Position{1, 1});
  CHECK(index.position(2) == Position{1, 3}); // the newline itself
  CHECK(index.position(3) == Position{2, 1});
  CHECK(index.position(8) == Position{4, 1});
  CHECK(index.position(11) == Position{4, 4}); // end of text
  CHECK(index.position(999) == Position{4, 4}); // clamped
  CHECK(index.line_text(text, 2) == "cd");       // CR dropped
  CHECK(index.line_text(text, 3).empty());
  CHECK(index.line_start(4) == 8);
}

TEST_CASE("LineIndex: a lone CR ends a line, as editors and the LSP count it", "[model][position]") {
  const std::string text = "a\rbc\r\nd\r";
  const LineIndex index(text);
  CHECK(index.line_count() == 4);
  CHECK(index.position(2) == Position{2, 1}); // "b", after the lone CR
  CHECK(index.position(6) == Position{3, 1}); // "d", after CRLF
  CHECK(index.line_text(text, 1) == "a");
  CHECK(index.line_text(text, 2) == "bc");
  CHECK(index.line_text(text, 3) == "d");
  CHECK(index.line_text(text, 4).empty());
}

TEST_CASE("LineIndex converts byte columns to UTF-16 columns for the LSP", "[model][position]") {
  const std::string text = "k: \"\xE4\xB8\xAD\xF0\x9F\x98\x80x\"\n";
  const LineIndex index(text);
  const std::size_t x = text.find('x');
  CHECK(index.position(x).column == 12);         // bytes, 1-based
  CHECK(index.utf16_column(text, x) == 7);       // UTF-16 units, 0-based: k : space " 中 😀(2)
}

TEST_CASE("SourceManager keeps files addressable by id", "[model]") {
  SourceManager sources;
  const FileId a = sources.add("a.json", "{}");
  const SourceFile& first = sources.file(a);
  for (int i = 0; i < 100; ++i) sources.add("f" + std::to_string(i), "x");
  CHECK(first.path() == "a.json"); // references stay valid as files are added
  CHECK(sources.size() == 101);
}
