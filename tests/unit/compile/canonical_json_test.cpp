#include <catch2/catch.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "compile/canonical_json.h"
#include "support/error.h"

using claudelint::compile::canonical_json;
using claudelint::compile::canonical_json_pretty;
using nlohmann::json;

namespace {

std::string number(double x) { return canonical_json(json(x)); }

/// `text` without the whitespace outside string literals.
std::string strip_whitespace(const std::string& text) {
  std::string out;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      continue;
    }
    out += c;
  }
  return out;
}

// RFC 8785 section 3.2.2: the parsed input and its canonical form.
const char* const rfc_input = R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})";
const std::string rfc_output = "{\"literals\":[null,true,false],"
                               "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                               "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

// RFC 8785 section 3.2.3: keys whose UTF-16 order differs from code point order.
const char* const rfc_sorting_input = R"({
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
})";

} // namespace

TEST_CASE("canonical_json prints numbers as in RFC 8785 appendix B", "[compile][jcs]") {
  // IEEE-754 bits and ECMAScript's Number::toString of them.
  const std::vector<std::pair<std::uint64_t, const char*>> table = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"}, // minus zero
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"}, // round to even
  };
  for (const auto& [bits, expected] : table) {
    INFO(std::hex << bits);
    CHECK(number(std::bit_cast<double>(bits)) == expected);
  }
}

TEST_CASE("canonical_json numbers follow ECMAScript's fixed/exponent boundaries", "[compile][jcs]") {
  CHECK(number(1e21) == "1e+21");
  CHECK(number(1e20) == "100000000000000000000");
  CHECK(number(123456789012345680000.0) == "123456789012345680000");
  CHECK(number(1e-7) == "1e-7");
  CHECK(number(1.5e-7) == "1.5e-7");
  CHECK(number(0.000001) == "0.000001");
  CHECK(number(0.0000015) == "0.0000015");
  CHECK(number(123e-20) == "1.23e-18");
  CHECK(number(1e30) == "1e+30");
  CHECK(number(-1e-100) == "-1e-100");
  CHECK(number(0.1) == "0.1");
  CHECK(number(4.5) == "4.5");
  CHECK(number(100) == "100");
  CHECK(number(1.5) == "1.5");
  CHECK(number(-0.5) == "-0.5");
  CHECK(number(123.456) == "123.456");
  CHECK(number(2.5e-5) == "0.000025");
}

TEST_CASE("canonical_json prints integers as the nearest IEEE-754 double", "[compile][jcs]") {
  CHECK(canonical_json(json(0)) == "0");
  CHECK(canonical_json(json(-1)) == "-1");
  CHECK(canonical_json(json(42u)) == "42");
  CHECK(canonical_json(json(std::int64_t{9007199254740993})) == "9007199254740992");
  CHECK(canonical_json(json(std::numeric_limits<std::int64_t>::min())) == "-9223372036854776000");
  CHECK(canonical_json(json(std::numeric_limits<std::uint64_t>::max())) == "18446744073709552000");
  CHECK(canonical_json(json::parse("[-0, -0.0, 1E2, 10.0, 5e-324]")) == "[0,0,100,10,5e-324]");
}

TEST_CASE("canonical_json numbers round-trip and keep ECMAScript's shape", "[compile][jcs]") {
  std::mt19937_64 random(8785);
  for (int i = 0; i < 20'000; ++i) {
    const double x = std::bit_cast<double>(random());
    if (!std::isfinite(x)) continue;
    const std::string text = number(x);
    INFO(text);
    double back = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), back);
    REQUIRE(parsed.ptr == text.data() + text.size());
    CHECK((back == x || (x == 0 && back == 0)));
    const double magnitude = std::fabs(x);
    const bool fixed = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21);
    CHECK((text.find('e') == std::string::npos) == fixed);
    // Shortest digits: no trailing zero after a decimal point, none in a mantissa.
    const std::string mantissa = text.substr(0, text.find('e'));
    if (!fixed) CHECK((mantissa.back() != '0' && mantissa.back() != '.'));
    if (mantissa.find('.') != std::string::npos) CHECK(mantissa.back() != '0');
  }
}

TEST_CASE("canonical_json rejects values JSON cannot hold", "[compile][jcs]") {
  CHECK_THROWS_AS(number(std::numeric_limits<double>::quiet_NaN()), claudelint::InternalError);   // 7fffffffffffffff
  CHECK_THROWS_AS(number(std::numeric_limits<double>::infinity()), claudelint::InternalError);    // 7ff0000000000000
  CHECK_THROWS_AS(number(-std::numeric_limits<double>::infinity()), claudelint::InternalError);
  CHECK_THROWS_AS(canonical_json(json{{"a", {1, std::nan("")}}}), claudelint::InternalError);
  CHECK_THROWS_AS(canonical_json(json("bad \xff byte")), claudelint::InternalError);
  CHECK_THROWS_AS(canonical_json(json{{"\xed\xa0\x80", 1}}), claudelint::InternalError); // surrogate as UTF-8
  CHECK_THROWS_AS(canonical_json(json::binary({1, 2})), claudelint::InternalError);
  CHECK_THROWS_AS(canonical_json(json(json::value_t::discarded)), claudelint::InternalError);
  CHECK_THROWS_AS(canonical_json_pretty(json(std::nan(""))), claudelint::InternalError);
}

TEST_CASE("canonical_json escapes strings as JSON.stringify does", "[compile][jcs]") {
  CHECK(canonical_json(json::parse(rfc_input)) == rfc_output);

  CHECK(canonical_json(json("\b\t\n\f\r\"\\/")) == R"("\b\t\n\f\r\"\\/")");
  std::string controls;
  for (char c = 0; c < 0x20; ++c) controls += c;
  CHECK(canonical_json(json(controls)) ==
        R"("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
        R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f")");
  // DEL, U+0080, U+2028, U+2029, U+FEFF and an emoji stay literal UTF-8.
  const std::string literal = "\x7f\xC2\x80\xE2\x80\xA8\xE2\x80\xA9\xEF\xBB\xBF\xF0\x9F\x98\x80 '<>&";
  CHECK(canonical_json(json(literal)) == "\"" + literal + "\"");
  CHECK(canonical_json(json("")) == "\"\"");
  // Keys are escaped the same way.
  CHECK(canonical_json(json{{"a\"b\n\x01", 1}}) == R"({"a\"b\n\u0001":1})");
}

TEST_CASE("canonical_json sorts members by UTF-16 code units", "[compile][jcs]") {
  CHECK(canonical_json(json::parse(rfc_sorting_input)) ==
        "{\"\\r\":\"Carriage Return\","
        "\"1\":\"One\","
        "\"\xC2\x80\":\"Control\","
        "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\","
        "\"\xE2\x82\xAC\":\"Euro Sign\","
        "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
        "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}");

  // U+10000 is D800 DC00 in UTF-16, before U+E000 and U+FFFF, although its
  // UTF-8 bytes (and nlohmann's std::map order) put it last.
  const json keys = {{"\xEE\x80\x80", "E000"}, {"\xEF\xBF\xBF", "FFFF"}, {"\xF0\x90\x80\x80", "10000"},
                     {"\xF4\x8F\xBF\xBF", "10FFFF"}, {"\xED\x9F\xBF", "D7FF"}};
  CHECK(keys.dump() == "{\"\xED\x9F\xBF\":\"D7FF\",\"\xEE\x80\x80\":\"E000\",\"\xEF\xBF\xBF\":\"FFFF\","
                       "\"\xF0\x90\x80\x80\":\"10000\",\"\xF4\x8F\xBF\xBF\":\"10FFFF\"}");
  CHECK(canonical_json(keys) == "{\"\xED\x9F\xBF\":\"D7FF\",\"\xF0\x90\x80\x80\":\"10000\","
                                "\"\xF4\x8F\xBF\xBF\":\"10FFFF\",\"\xEE\x80\x80\":\"E000\",\"\xEF\xBF\xBF\":\"FFFF\"}");

  // Same high surrogate (D83D): the low surrogates decide. A prefix sorts first.
  const json same_high = {{"\xF0\x9F\x98\x80", 2}, {"\xF0\x9F\x98\x81", 3}, {"\xF0\x9F\x98\x80x", 4},
                          {"", 0}, {"a", 1}, {"ab", 5}, {"B", 6}};
  CHECK(canonical_json(same_high) ==
        "{\"\":0,\"B\":6,\"a\":1,\"ab\":5,\"\xF0\x9F\x98\x80\":2,\"\xF0\x9F\x98\x80x\":4,\"\xF0\x9F\x98\x81\":3}");
}

TEST_CASE("canonical_json handles nested arrays and objects", "[compile][jcs]") {
  const json value = json::parse(R"({"b":[1,{"d":true,"c":[[],{}]}],"a":{"z":null,"y":"s p"},"e":[[[0.5]]]})");
  const std::string compact = R"({"a":{"y":"s p","z":null},"b":[1,{"c":[[],{}],"d":true}],"e":[[[0.5]]]})";
  CHECK(canonical_json(value) == compact);
  CHECK(canonical_json(json::parse(compact)) == compact); // idempotent
  CHECK(canonical_json(json::array()) == "[]");
  CHECK(canonical_json(json::object()) == "{}");
  CHECK(canonical_json(json(nullptr)) == "null");
  CHECK(canonical_json(json(true)) == "true");
  CHECK(canonical_json(json(false)) == "false");
  // Array order is kept.
  CHECK(canonical_json(json{3, 1, 2}) == "[3,1,2]");

  CHECK(canonical_json_pretty(value) == R"({
  "a": {
    "y": "s p",
    "z": null
  },
  "b": [
    1,
    {
      "c": [
        [],
        {}
      ],
      "d": true
    }
  ],
  "e": [
    [
      [
        0.5
      ]
    ]
  ]
}
)");
  CHECK(canonical_json_pretty(json(1e21)) == "1e+21\n");
  CHECK(canonical_json_pretty(json::object()) == "{}\n");
  CHECK(canonical_json_pretty(json::array()) == "[]\n");
  CHECK(canonical_json_pretty(json("a \n b")) == "\"a \\n b\"\n");
}

TEST_CASE("canonical_json_pretty is canonical_json plus whitespace", "[compile][jcs]") {
  const std::vector<json> values = {
      json::parse(rfc_input),
      json::parse(rfc_sorting_input),
      json::parse(R"({"k e y":[" v a l ",{"x":[1,2.5,-3e-9]},[]],"":{"":{}},"\t":"\\\" "})"),
      json(nullptr),
      json("  spaced  "),
      json::array({json::object(), json::array(), 0}),
  };
  for (const auto& value : values) {
    const std::string compact = canonical_json(value);
    const std::string pretty = canonical_json_pretty(value);
    INFO(pretty);
    CHECK(pretty.back() == '\n');
    CHECK(strip_whitespace(pretty) == compact);
    CHECK(json::parse(pretty) == json::parse(compact));
  }
}
