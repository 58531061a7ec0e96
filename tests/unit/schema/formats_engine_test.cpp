#include <catch2/catch.hpp>

#include "schema/formats.h"
#include "schema/idn.h"
#include "schema/regex.h"

using namespace claudelint::schema;

TEST_CASE("format checkers", "[schema]") {
  const std::tuple<const char*, const char*, bool> cases[] = {
      {"date-time", "1998-12-31T23:59:60Z", true},
      {"date-time", "2023-02-29T00:00:00Z", false},
      {"date", "2024-02-29", true},
      {"time", "15:59:60-08:00", true},
      {"duration", "P1Y2M3DT4H5M6S", true},
      {"duration", "PT", false},
      {"email", "ops+alerts@example.com", true},
      {"email", "a..b@example.com", false},
      {"hostname", "api.example.com", true},
      {"hostname", "-api.example.com", false},
      {"idn-hostname", "실례.테스트", true},
      {"ipv4", "192.168.0.1", true},
      {"ipv4", "192.168.0.01", false},
      {"ipv6", "::ffff:192.168.0.1", true},
      {"ipv6", "1::2::3", false},
      {"uri", "https://example.com/a?b#c", true},
      {"uri", "/relative", false},
      {"uri-reference", "../relative#x", true},
      {"iri", "https://ex.example/ÿ", true},
      {"uuid", "123e4567-e89b-12d3-a456-426614174000", true},
      {"regex", "^(?<year>[0-9]{4})$", true},
      {"regex", "(unclosed", false},
      {"json-pointer", "/a~1b", true},
      {"json-pointer", "/a~2", false},
      {"relative-json-pointer", "0#", true},
      {"uri-template", "https://example.com/{id}{?q*}", true},
      {"uri-template", "{unclosed", false},
      {"x-unknown", "anything", true},
  };
  for (const auto& [format, value, valid] : cases) {
    INFO(format << " " << value);
    CHECK(matches_format(format, value) == valid);
  }
  // A leap second must fall on 23:59:60 UTC; the calendar day is not checked against the leap-second table.
  CHECK(matches_format("date-time", "2024-02-29T23:59:60Z"));
  CHECK(is_checked_format("email"));
  CHECK_FALSE(is_checked_format("x-unknown"));
}

TEST_CASE("Punycode round trips (RFC 3492 samples)", "[schema]") {
  CHECK(punycode_decode(U"ihqwcrb4cv8a8dqg056pqjye") == std::u32string(U"他们为什么不说中文"));
  CHECK(punycode_encode(U"他们为什么不说中文") == std::u32string(U"ihqwcrb4cv8a8dqg056pqjye"));
  CHECK_FALSE(punycode_decode(U"X"));
}

TEST_CASE("ECMA-262 patterns run on PCRE2", "[schema]") {
  std::string why;
  const auto search = [&](const char* pattern, const char* subject) {
    const auto regex = Regex::compile(pattern, why);
    REQUIRE(regex);
    return regex->search(subject).value();
  };
  CHECK(search("^\\d+$", "123"));
  CHECK_FALSE(search("^\\d+$", "١٢٣")); // \d is ASCII in ECMA-262
  CHECK(search("^\\s$", "\u00a0"));       // \s is Unicode white space
  CHECK(search("^\\p{Letter}+$", "école"));
  CHECK(search("^🐲*$", "🐲🐲"));
  CHECK(search("^\\uD83D\\uDC32$", "🐲"));
  CHECK_FALSE(search("^abc$", "abc\n")); // $ only at the very end
  CHECK_FALSE(search("[]", "a"));
  CHECK(search("^[^]$", "\n"));
  CHECK_FALSE(search("^.$", "\n"));
  CHECK_FALSE(Regex::compile("(unclosed", why));
  CHECK_FALSE(why.empty());
  // Catastrophic backtracking gives up instead of hanging.
  const auto evil = Regex::compile("^(a+)+$", why);
  REQUIRE(evil);
  CHECK_FALSE(evil->search(std::string(40, 'a') + "!").has_value());
}
