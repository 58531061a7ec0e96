#include <catch2/catch.hpp>

#include "support/utf8.h"

using namespace claudelint::support;

TEST_CASE("find_invalid_utf8 accepts valid text and pins the first bad byte", "[support][utf8]") {
  CHECK_FALSE(find_invalid_utf8("plain ascii"));
  CHECK_FALSE(find_invalid_utf8("h\xC3\xA9llo \xE4\xB8\xAD \xF0\x9F\x98\x80"));
  CHECK(find_invalid_utf8("ab\xFF") == std::optional<std::size_t>(2));
  CHECK(find_invalid_utf8("\xC0\xAF") == std::optional<std::size_t>(0));         // overlong
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == std::optional<std::size_t>(1));    // surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == std::optional<std::size_t>(0)); // > U+10FFFF
  CHECK(find_invalid_utf8("\xE4\xB8") == std::optional<std::size_t>(0));         // truncated
  // ASCII runs are skipped eight bytes at a time: a bad byte or a valid
  // sequence at every offset from a run's start, and truncated at the end.
  for (std::size_t n = 0; n < 20; ++n) {
    INFO(n);
    const std::string run(n, 'a');
    CHECK(find_invalid_utf8(run + "\xFF" + std::string(12, 'b')) == std::optional<std::size_t>(n));
    CHECK_FALSE(find_invalid_utf8(run + "\xE4\xB8\xAD" + std::string(12, 'b')));
    CHECK(find_invalid_utf8(run + "\xE4\xB8") == std::optional<std::size_t>(n));
  }
}

TEST_CASE("utf16_length counts code units", "[support][utf8]") {
  CHECK(utf16_length("") == 0);
  CHECK(utf16_length("abc") == 3);
  CHECK(utf16_length("\xC3\xA9") == 1);
  CHECK(utf16_length("\xE4\xB8\xAD") == 1);
  CHECK(utf16_length("\xF0\x9F\x98\x80") == 2);
  CHECK(utf16_length("\xFF") == 1);
}

TEST_CASE("append_utf8 round-trips code points", "[support][utf8]") {
  std::string s;
  for (const char32_t cp : {U'A', U'\u00e9', U'\u4e2d', U'\U0001F600'}) append_utf8(s, cp);
  CHECK(s == "A\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
  CHECK_FALSE(find_invalid_utf8(s));
}
