#include <catch2/catch.hpp>

#include <string>

#include "support/fields.h"

using claudelint::support::append_field;
using claudelint::support::FieldReader;

namespace {

std::string pack(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (const auto field : fields) append_field(out, field);
  return out;
}

} // namespace

TEST_CASE("fields: moving bytes from one field to the next changes the packing", "[support][fields]") {
  CHECK(pack({"ab", "c"}) != pack({"a", "bc"}));
  CHECK(pack({"", "abc"}) != pack({"abc", ""}));
  CHECK(pack({"abc"}) != pack({"abc", ""}));
  CHECK(pack({"a"}).size() == 9);
}

TEST_CASE("fields: read back as packed, binary bytes included", "[support][fields]") {
  using namespace std::string_view_literals;
  const std::string packed = pack({"ab", ""sv, "\0\xff"sv, std::string(300, 'x')});
  FieldReader reader(packed);
  CHECK(reader.next() == "ab");
  CHECK(reader.next() == "");
  CHECK(reader.next() == "\0\xff"sv);
  CHECK(reader.next() == std::string(300, 'x'));
  CHECK(reader.done());
  CHECK_FALSE(reader.next());
}

TEST_CASE("fields: a truncated or lying length is never read past the end", "[support][fields]") {
  const std::string packed = pack({"hello"});
  for (std::size_t cut = 0; cut < packed.size(); ++cut) {
    FieldReader reader(std::string_view(packed).substr(0, cut));
    CHECK_FALSE(reader.next());
  }
  std::string lying = packed;
  lying[7] = '\x7f'; // a length of about 2^62
  FieldReader reader(lying);
  CHECK_FALSE(reader.next());
}
