#include <catch2/catch.hpp>

#include "schema/bundler.h"
#include "schema/uri.h"

using namespace claudelint::schema;

TEST_CASE("RFC 3986 reference resolution (section 5.4 examples)", "[schema]") {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> examples[] = {
      {"g:h", "g:h"},           {"g", "http://a/b/c/g"},       {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},          {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {";x", "http://a/b/c/;x"},   {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},    {"..", "http://a/b/"},         {"../g", "http://a/b/g"},
      {"../..", "http://a/"},    {"../../g", "http://a/g"},     {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},    {"g.", "http://a/b/c/g."},     {"./../g", "http://a/b/g"},
      {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"}, {"g;x=1/../y", "http://a/b/c/y"},
  };
  for (const auto& [reference, expected] : examples) {
    INFO(reference);
    CHECK(uri::resolve(base, reference) == expected);
  }
}

TEST_CASE("URIs as resource keys", "[schema]") {
  CHECK(uri::without_fragment("HTTP://Example.COM/a/B.json#/x") == "http://example.com/a/B.json");
  CHECK(uri::resolve("urn:uuid:deadbeef", "#foo") == "urn:uuid:deadbeef#foo");
  CHECK(uri::resolve("file:///folder/file.json", "other.json") == "file:///folder/other.json");
  CHECK(uri::fragment_of("a.json#/definitions/x%25y") == "/definitions/x%25y");
  CHECK(uri::percent_decode("x%25y%2") == "x%y%2");
  CHECK(pointer_reference("/definitions/a~1b/100% sure") == "#/definitions/a~1b/100%25%20sure");
  CHECK(split_pointer("/a~1b/c~0d//") == std::vector<std::string>{"a/b", "c~d", "", ""});
  CHECK_FALSE(split_pointer("a/b"));
  CHECK_FALSE(split_pointer("/~2"));
}
