#include <catch2/catch.hpp>

#include "model/source_file.h"
#include "report/snippet.h"
#include "support/utf8.h"

using claudelint::model::SourceFile;
using claudelint::report::code_frame;

TEST_CASE("code frames underline the range on its line", "[report][snippet]") {
  const SourceFile f("a.json", "{\n  \"port\": 80\n}\n");
  const auto at = f.text().find("80");
  CHECK(code_frame(f, at, at + 2) == "2 |   \"port\": 80\n  |           ^^\n");
  CHECK(code_frame(f, at, at) == "2 |   \"port\": 80\n  |           ^\n"); // zero width: one caret
}

TEST_CASE("code frames align carets by code point and keep tabs", "[report][snippet]") {
  const SourceFile f("a.yaml", "\tk: \"\xE4\xB8\xAD\" x\n");
  const auto at = f.text().find('x');
  CHECK(code_frame(f, at, at + 1) == "1 | \tk: \"\xE4\xB8\xAD\" x\n  | \t       ^\n");
}

TEST_CASE("code frames never print redacted bytes", "[report][snippet]") {
  SourceFile f(".env", "CLAUDE_API_TOKEN_PROD = sk-prod-SECRETVALUE\n");
  f.set_redactions({{24, 43}});
  const std::string frame = code_frame(f, 22, 23);
  CHECK(frame.find("SECRET") == std::string::npos);
  CHECK(frame == "1 | CLAUDE_API_TOKEN_PROD = *******************\n  |                       ^\n");
}

TEST_CASE("code frames print valid UTF-8 even for invalid input", "[report][snippet]") {
  const SourceFile f("u.json", "{\"a\": \"x\xFFy\"}\n");
  const std::string frame = code_frame(f, 9, 10);
  CHECK_FALSE(claudelint::support::find_invalid_utf8(frame));
  CHECK(frame.find("x\xEF\xBF\xBDy") != std::string::npos);
}

TEST_CASE("code frames cut long lines to a window around the range", "[report][snippet]") {
  const std::string line = std::string(500, 'a') + "HERE" + std::string(500, 'b');
  const SourceFile f("long.json", line + "\n");
  const std::string frame = code_frame(f, 500, 504);
  const auto first_line = frame.substr(0, frame.find('\n'));
  CHECK(first_line.size() < 140);
  CHECK(first_line.find("HERE") != std::string::npos);
  CHECK(first_line.find("…") != std::string::npos);
  // The carets still sit under HERE.
  const auto second = frame.substr(frame.find('\n') + 1);
  CHECK(second.find("^^^^") - second.find('|') == first_line.find("HERE") - first_line.find('|') - 2);
}

TEST_CASE("code frames of a very long line decode only around the range, and show the same", "[report][snippet]") {
  // 4-byte, 2-byte and stray continuation bytes just before the range: the
  // window must start on the same cell as a walk from the line's start.
  std::string line;
  for (int i = 0; i < 100000; ++i) line += "ab\xF0\x9F\x98\x80\xC3\xA9\x80";
  const SourceFile f("one-line.json", line + "\n");
  const std::size_t at = 9 * 50000;
  const std::string frame = code_frame(f, at, at + 2);
  std::string expected = "1 | …";
  // 40 cells before the range (the window's first third), 80 from it.
  const char* const cells[] = {"a", "b", "\xF0\x9F\x98\x80", "\xC3\xA9", "\xEF\xBF\xBD"};
  for (int i = 0; i < 120; ++i) expected += cells[(i + 5 * 1000 - 40) % 5];
  expected += "…\n  |  " + std::string(40, ' ') + "^^\n";
  CHECK(frame == expected);
  // At the very end, nothing follows the window.
  const std::string last = code_frame(f, line.size() - 1, line.size());
  CHECK(last.substr(0, last.find('\n')).ends_with("\xEF\xBF\xBD"));
}
