#include <catch2/catch.hpp>

#include "model/scalar_text.h"

using namespace claudelint::model;

TEST_CASE("read_scalar splits a written scalar into its quotes and body", "[model][scalar_text]") {
  const auto d = read_scalar("\"1.2\"");
  CHECK(d.quoting == Quoting::double_quoted);
  CHECK(d.body == "1.2");
  CHECK(d.body_offset == 1);
  const auto s = read_scalar("'http://x'");
  CHECK(s.quoting == Quoting::single_quoted);
  CHECK(s.body == "http://x");
  const auto p = read_scalar("TLSv1.2");
  CHECK(p.quoting == Quoting::plain);
  CHECK(p.body == "TLSv1.2");
  CHECK(p.body_offset == 0);
  CHECK(read_scalar("\"").quoting == Quoting::plain); // a lone quote is not a quoted scalar
  CHECK(read_scalar("'a\"").quoting == Quoting::plain);
}

TEST_CASE("write_string writes a word the way a scalar was written, or says it cannot", "[model][scalar_text]") {
  CHECK(write_string(Quoting::double_quoted, "1.3") == "\"1.3\"");
  CHECK(write_string(Quoting::double_quoted, "a\"b") == "\"a\\\"b\"");
  CHECK(write_string(Quoting::single_quoted, "1.3") == "'1.3'");
  CHECK(!write_string(Quoting::single_quoted, "it's"));
  CHECK(write_string(Quoting::plain, "daily") == "daily");
  CHECK(write_string(Quoting::plain, "https://api.example.com/v1") == "https://api.example.com/v1");
  // Plain words YAML would read as something else than this string.
  for (const char* word : {"1.3", "true", "No", "null", "on", "-x", ".inf", "#alerts", "a b", "key:", "", "[x]"}) {
    INFO(word);
    CHECK(!write_string(Quoting::plain, word));
  }
}
