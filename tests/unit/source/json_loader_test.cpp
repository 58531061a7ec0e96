#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "../test_support.h"
#include "data/embedded.h"

using claudelint::source::FileKind;
using claudelint::test::Loaded;
using nlohmann::json;

namespace {
const char* const client_config = R"({
  "security": {
    "tls": {
      "version": "1.3",
      "ciphers": [
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256"
      ]
    },
    "api_endpoint": "https://api.anthropic.com",
    "certificate_validation": true
  },
  "performance": {"timeout": 60000, "ratio": -2.5e-3, "big": 1e+5, "none": null,
                  "esc": "a\"b\\c\u00e9\ud83d\ude00", "a/b~c": 0}
}
)";
} // namespace

TEST_CASE("JSON values are decoded exactly", "[source][json]") {
  const Loaded l("c.json", client_config, FileKind::json);
  REQUIRE(l.result.diagnostics.empty());
  REQUIRE(l.result.documents.size() == 1);
  const json& v = l.doc().value;
  CHECK(v == json::parse(client_config));
  CHECK(v["performance"]["timeout"].is_number_integer());
  CHECK(v["performance"]["big"] == 100000.0);
  CHECK(v["performance"]["esc"] == "a\"b\\c\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("JSON source map covers every value with exact ranges", "[source][json]") {
  const Loaded l("c.json", client_config, FileKind::json);
  CHECK(l.value_at("") == "1:1-15:2");
  CHECK(l.key_text("/security/tls/version") == "\"version\"");
  CHECK(l.value_at("/security/tls/version") == "4:18-4:23");
  CHECK(l.value_text("/security/tls/ciphers/1") == "\"TLS_CHACHA20_POLY1305_SHA256\"");
  CHECK(l.value_at("/security/tls/ciphers/1") == "7:9-7:39");
  CHECK(l.value_text("/security/certificate_validation") == "true");
  CHECK(l.value_text("/performance/ratio") == "-2.5e-3");
  CHECK(l.value_text("/performance/big") == "1e+5");
  CHECK(l.value_text("/performance/none") == "null");
  CHECK(l.value_text("/performance/a~1b~0c") == "0"); // RFC 6901 escaping
  // Every value of the document, and nothing else, has an entry.
  CHECK(l.doc().map.size() == claudelint::test::count_values(l.doc().value));
  for (const auto& pointer : l.doc().map.pointers())
    CHECK(l.doc().value.contains(json::json_pointer(pointer)));
}

TEST_CASE("JSON duplicate keys are errors at the second occurrence", "[source][json]") {
  const Loaded l("d.json", "{\n  \"port\": 1,\n  \"port\": 2\n}\n", FileKind::json);
  REQUIRE(l.codes() == std::vector<std::string>{"CL0002 3:3"});
  const auto& d = l.result.diagnostics[0];
  REQUIRE(d.related.size() == 1);
  CHECK(l.file.position(d.related[0].range.begin).line == 2);
  CHECK(d.message.find("\"port\"") != std::string::npos);
  CHECK(l.doc().value["port"] == 2);
}

TEST_CASE("JSON trailing commas: errors in JSON, warnings in JSONC, with a fix", "[source][json]") {
  const std::string text = "{\"a\": [1, 2,],\n \"b\": {\"c\": 1,},}\n";
  const Loaded strict("t.json", text, FileKind::json);
  CHECK(strict.codes() == std::vector<std::string>{"CL0010 1:12", "CL0010 2:14", "CL0010 2:16"});
  CHECK(strict.result.diagnostics[0].severity == claudelint::model::Severity::error);
  REQUIRE(strict.result.diagnostics[0].fix);
  const Loaded lenient("t.jsonc", text, FileKind::jsonc);
  CHECK(lenient.result.diagnostics[0].severity == claudelint::model::Severity::warning);
  CHECK(lenient.doc().value == json::parse(R"({"a": [1, 2], "b": {"c": 1}})"));
}

TEST_CASE("JSON comments: collected, and flagged in strict JSON only", "[source][json]") {
  const std::string text = "// top\n{\"a\": 1 /* inline */}\n";
  const Loaded strict("c.json", text, FileKind::json);
  CHECK(strict.codes() == std::vector<std::string>{"CL0011 1:1", "CL0011 2:9"});
  const Loaded jsonc("c.jsonc", text, FileKind::jsonc);
  CHECK(jsonc.result.diagnostics.empty());
  REQUIRE(jsonc.result.comments.size() == 2);
  CHECK(jsonc.result.comments[1].text == "/* inline */");
  CHECK(jsonc.doc().value == json({{"a", 1}}));
}

TEST_CASE("JSON syntax errors are pinned to the offending byte", "[source][json]") {
  SECTION("missing comma") {
    const Loaded l("s.json", "{\n  \"a\": 1\n  \"b\": 2\n}\n", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0001 2:9"}); // where the comma belongs
    CHECK(l.result.diagnostics[0].message == "missing `,` between object members");
    REQUIRE(l.result.diagnostics[0].related.size() == 1);
    CHECK(l.file.position(l.result.diagnostics[0].related[0].range.begin).line == 3);
    REQUIRE(l.result.documents.size() == 1);
    CHECK(l.doc().partial);
  }
  SECTION("truncated") {
    const Loaded l("s.json", "{\"a\": ", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0001 1:7"});
    CHECK(l.result.diagnostics[0].message.find("end of file") != std::string::npos);
    REQUIRE(l.result.diagnostics[0].related.size() == 1); // the `{` never closed
  }
  SECTION("unclosed string") {
    const Loaded l("s.json", "{\n  \"a\": \"tok", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0001 2:8"});
    CHECK(l.result.diagnostics[0].message == "string is not closed: the file ends inside it");
  }
  SECTION("leading zero") {
    const Loaded l("s.json", "{\"a\": 01}", FileKind::json);
    REQUIRE(!l.codes().empty());
    CHECK(l.result.diagnostics[0].rule.code == "CL0001");
  }
  SECTION("two top-level values") {
    const Loaded l("s.json", "{} {}", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0001 1:4"});
  }
  SECTION("number overflow") {
    const Loaded l("s.json", "[1e999]", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0001 1:2"});
  }
  SECTION("raw control character in a string") {
    const Loaded l("s.json", "[\"a\tb\"]", FileKind::json);
    CHECK(l.codes().size() == 1);
  }
  SECTION("messages never echo file content") {
    const Loaded l("s.json", "{\"token\": sk-ant-api03-SECRET}", FileKind::json);
    REQUIRE(!l.result.diagnostics.empty());
    for (const auto& d : l.result.diagnostics) CHECK(d.message.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("Common checks: UTF-8, BOM, empty files, size and depth limits", "[source][json]") {
  SECTION("invalid UTF-8 is an error at the byte") {
    const Loaded l("u.json", "{\"a\": \"x\xFFy\"}", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0003 1:9"});
    CHECK(l.result.documents.empty());
  }
  SECTION("a NUL byte is an error at the byte, in every kind; the parsers never see one") {
    using namespace std::string_literals;
    // A NUL after a complete JSON value used to pass: the parser stopped there.
    const Loaded after("n.json", "{\"a\": 1}\n\0"s, FileKind::json);
    CHECK(after.codes() == std::vector<std::string>{"CL0001 2:1"});
    CHECK(after.result.documents.empty());
    CHECK(Loaded("n.yaml", "a:\0 1\n"s, FileKind::yaml).codes() == std::vector<std::string>{"CL0001 1:3"});
    CHECK(Loaded("n.env", "A=1\nB=x\0y\n"s, FileKind::dotenv).codes() == std::vector<std::string>{"CL0001 2:4"});
    const Loaded shell("n.sh", "#!/bin/sh\necho a\0b\n"s, FileKind::shell);
    CHECK(shell.codes() == std::vector<std::string>{"CL0001 2:7"});
    CHECK(shell.result.diagnostics.front().message == "NUL byte (U+0000) in a shell file; the file was not parsed");
  }
  SECTION("a BOM is a warning and positions stay exact") {
    const Loaded l("b.json", "\xEF\xBB\xBF{\"a\": 1}", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0004 1:1"});
    CHECK(l.value_text("/a") == "1");
    CHECK(l.value_at("/a") == "1:10-1:11");
  }
  SECTION("an empty file is a warning") {
    const Loaded l("e.json", " \n\n", FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0005 1:1"});
  }
  SECTION("files over the size limit are not parsed") {
    claudelint::support::Limits limits;
    limits.max_file_bytes = 8;
    const Loaded l("big.json", "{\"a\": [1, 2, 3]}", FileKind::json, limits);
    CHECK(l.codes() == std::vector<std::string>{"CL0008 1:1"});
  }
  SECTION("nesting up to the limit is read in one pass; one deeper is refused") {
    claudelint::support::Limits limits;
    limits.max_depth = 3;
    const std::string at_limit = R"([{"a": [1]}])", over = R"([{"a": [{"b": 1}]}])";
    CHECK(claudelint::source::read_strict_json({at_limit, 0, 0, limits, nullptr}).has_value());
    CHECK_FALSE(claudelint::source::read_strict_json({over, 0, 0, limits, nullptr}).has_value());
    CHECK(Loaded("ok.json", at_limit, FileKind::json, limits).codes().empty());
    CHECK(Loaded("deep.json", over, FileKind::json, limits).codes() == std::vector<std::string>{"CL0007 1:9"});
  }
  SECTION("deep nesting is refused before parsing") {
    const Loaded l("deep.json", std::string(50000, '[') + std::string(50000, ']'), FileKind::json);
    CHECK(l.codes() == std::vector<std::string>{"CL0007 1:201"});
    CHECK(l.result.documents.empty());
  }
}

namespace {

/// Every JSON file under `folder` (none when it is absent).
std::vector<std::string> json_files_under(const std::filesystem::path& folder) {
  std::vector<std::string> texts;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".json") {
      std::ifstream in(it->path(), std::ios::binary);
      texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  return texts;
}

/// What a load gives, as comparable text: each document's value, whether it
/// is partial, and every map entry; comments; diagnostics.
std::string describe(const claudelint::source::LoadResult& loaded) {
  std::string out;
  for (const auto& doc : loaded.documents) {
    out += fmt::format("document partial={} {}\n", doc.partial, doc.value.dump());
    for (const auto& pointer : doc.map.pointers()) {
      const auto span = doc.map.find(pointer);
      out += fmt::format("  {} key={} value={}-{}\n", pointer,
                         span->key ? fmt::format("{}-{}", span->key->begin, span->key->end) : "none",
                         span->value.begin, span->value.end);
    }
  }
  for (const auto& c : loaded.comments) out += fmt::format("comment {}-{} {}\n", c.range.begin, c.range.end, c.text);
  for (const auto& d : loaded.diagnostics)
    out += fmt::format("{} {}-{} {}\n", d.rule.code, d.range.begin, d.range.end, d.message);
  return out;
}

} // namespace

TEST_CASE("valid JSON read in one pass gives the document the syntax tree gives", "[source][json][strict]") {
  namespace source = claudelint::source;
  const std::vector<std::string> accepted = {
      "{}", "[]", "0", "-0", "-0.0e+5", "1E-2", "\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
      "{\"a~b/c\": [1, {\"\": null}], \"\": {}}", " \r\n\t{\"x\" : true , \"y\":[ ]}\n", "18446744073709551615",
      "-9223372036854775808", "1e308", "123456789012345678901234567890", "\"\\u0000\"", "[[[[[]]]], false]",
      client_config};
  const std::vector<std::string> refused = {
      "{\"a\":1,}", "[1,]", "{\"a\":1,\"a\":2}", "// c\n{}", "{\"a\": 1 /* c */}", "{\"a\": 01}", "\"\\ud800\"",
      "\"\\udc00\"", "\"\\ud800\\u0041\"", "{\"a\":1}\f", "1e999", "[1 2]", "{\"a\" 1}", "\"tab\there\"", "tru",
      "{\"a\":1}{}", "[", "{\"a\":", "\"\\x\"", "+1", ".5", "1.", "1e", "-", "[-]", "'a'", "{a: 1}", "NaN"};
  std::vector<std::string> corpus = accepted;
  corpus.insert(corpus.end(), refused.begin(), refused.end());
  for (const auto& folder : {std::filesystem::path(CLAUDELINT_SOURCE_DIR) / "fixtures",
                             std::filesystem::path(CLAUDELINT_SOURCE_DIR) / "../shared/conformance"}) {
    auto texts = json_files_under(folder);
    corpus.insert(corpus.end(), texts.begin(), texts.end());
  }
  if (!std::filesystem::exists(std::filesystem::path(CLAUDELINT_SOURCE_DIR) / "../shared/conformance"))
    WARN("../shared/conformance is absent: only the fixtures and the cases here are compared");
  const claudelint::support::Limits limits;
  std::size_t read_in_one_pass = 0;
  for (const auto& text : corpus) {
    INFO(text.substr(0, 200));
    const claudelint::model::SourceFile file("t.json", text);
    // With a syntax cache, load_json always builds the syntax tree.
    source::SyntaxCache cache;
    const auto exact = source::load(file, 0, FileKind::json, limits, &cache);
    const auto fast = source::load(file, 0, FileKind::json, limits);
    CHECK(describe(fast) == describe(exact));
    if (source::read_strict_json({text, 0, 0, limits, nullptr})) ++read_in_one_pass;
  }
  for (const auto& text : accepted) {
    INFO(text);
    CHECK(source::read_strict_json({text, 0, 0, limits, nullptr}).has_value());
  }
  for (const auto& text : refused) {
    INFO(text);
    CHECK_FALSE(source::read_strict_json({text, 0, 0, limits, nullptr}).has_value());
  }
  CHECK(read_in_one_pass >= accepted.size() + 100); // the fixtures are mostly valid JSON
}

namespace {
/// Equal values of equal types all the way down (json's == holds 5 and 5u equal).
bool same_value_and_types(const json& a, const json& b) {
  if (a.type() != b.type() || a != b) return false;
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!same_value_and_types(it.value(), b.at(it.key()))) return false;
  } else if (a.is_array()) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_value_and_types(a[i], b[i])) return false;
  }
  return true;
}
} // namespace

TEST_CASE("parse_embedded_json reads what nlohmann's parser reads, types included", "[source][json]") {
  using claudelint::source::parse_embedded_json;
  for (const std::string& text :
       {std::string(client_config), std::string("0"), std::string("-0"), std::string("[1, -1, 1.0, -1.5e3, 1E2, 0.1]"),
        std::string("18446744073709551615"), std::string("18446744073709551616"), std::string("-9223372036854775808"),
        std::string("-9223372036854775809"), std::string("{\"a\": {\"b\": [true, false, null, \"\\u0041\\n\"]}}"),
        std::string("{\"dup\": 1, \"dup\": 2}"), std::string("  [ ]  "), std::string("{}")}) {
    INFO(text);
    CHECK(same_value_and_types(parse_embedded_json(text), json::parse(text)));
  }
  for (const std::string bad : {"", "[1,]", "{\"a\" 1}", "tru", "[1] 2", "1e400"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_embedded_json(bad), json::exception); // nlohmann's own error
  }
}

TEST_CASE("parse_embedded_json reads every embedded JSON file and the rule pack as nlohmann does", "[source][json]") {
  using claudelint::source::parse_embedded_json;
  std::size_t read = 0;
  for (const auto& file : claudelint::data::files()) {
    if (!file.path.ends_with(".json")) continue;
    INFO(file.path);
    CHECK(same_value_and_types(parse_embedded_json(file.content), json::parse(file.content)));
    ++read;
  }
  CHECK(read >= 10);
  const auto rules = claudelint::data::builtin_rule_values();
  REQUIRE_FALSE(rules.empty());
  CHECK(same_value_and_types(parse_embedded_json(rules), json::parse(rules)));
}
