#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "../test_support.h"

using namespace claudelint;

namespace {

using test::Loaded;

Loaded load_env(std::string text) { return Loaded("test.env", std::move(text), source::FileKind::dotenv); }

std::string where(const model::SourceFile& file, std::size_t offset) { return test::where(file, offset); }

std::string_view slice(const model::SourceFile& file, model::ByteRange r) {
  return file.text().substr(r.begin, r.end - r.begin);
}

model::SourceSpan span(const Loaded& loaded, std::string_view pointer) {
  REQUIRE(loaded.result.documents.size() == 1);
  const auto s = loaded.result.documents[0].map.find(pointer);
  INFO("pointer " << pointer);
  REQUIRE(s.has_value());
  return *s;
}

/// "KEY@line:col VALUE_TEXT@line:col" for one pointer: exact ranges, readable failures.
std::string located(const Loaded& loaded, std::string_view pointer) {
  const auto& s = span(loaded, pointer);
  REQUIRE(s.key.has_value());
  return fmt::format("{}@{} {}@{}", slice(loaded.file, *s.key), where(loaded.file, s.key->begin),
                     slice(loaded.file, s.value), where(loaded.file, s.value.begin));
}

/// Every diagnostic as "CODE severity begin-end", in the order produced.
std::vector<std::string> diagnostics(const Loaded& loaded) {
  std::vector<std::string> out;
  for (const auto& d : loaded.result.diagnostics)
    out.push_back(fmt::format("{} {} {}-{}", d.rule.code, model::to_string(d.severity),
                              where(loaded.file, d.range.begin), where(loaded.file, d.range.end)));
  return out;
}

const nlohmann::json& value(const Loaded& loaded) {
  REQUIRE(loaded.result.documents.size() == 1);
  return loaded.result.documents[0].value;
}

} // namespace

TEST_CASE("dotenv: values and exact key/value ranges", "[source][dotenv]") {
  const auto loaded = load_env("# Claude deployment\n"
                               "CLAUDE_API_TOKEN_PROD=\"sk-prod-abc123\"\n"
                               "export REGION=us-east-1\n"
                               "EMPTY=\n"
                               "SINGLE='literal $HOME \\n'\n"
                               "URL=https://api.example.com/v1 # inline comment\n"
                               "HASH=abc#def\n"
                               "  TRIMMED=value   \n"
                               "DOTTED.KEY_2=x\n"
                               "QUOTED_EMPTY=\"\"");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(value(loaded) == nlohmann::json{{"CLAUDE_API_TOKEN_PROD", "sk-prod-abc123"},
                                        {"REGION", "us-east-1"},
                                        {"EMPTY", ""},
                                        {"SINGLE", "literal $HOME \\n"},
                                        {"URL", "https://api.example.com/v1"},
                                        {"HASH", "abc#def"},
                                        {"TRIMMED", "value"},
                                        {"DOTTED.KEY_2", "x"},
                                        {"QUOTED_EMPTY", ""}});
  CHECK_FALSE(loaded.result.documents[0].partial);

  CHECK(located(loaded, "/CLAUDE_API_TOKEN_PROD") == "CLAUDE_API_TOKEN_PROD@2:1 \"sk-prod-abc123\"@2:23");
  CHECK(located(loaded, "/REGION") == "REGION@3:8 us-east-1@3:15");
  CHECK(located(loaded, "/SINGLE") == "SINGLE@5:1 'literal $HOME \\n'@5:8");
  CHECK(located(loaded, "/URL") == "URL@6:1 https://api.example.com/v1@6:5");
  CHECK(located(loaded, "/HASH") == "HASH@7:1 abc#def@7:6");
  CHECK(located(loaded, "/TRIMMED") == "TRIMMED@8:3 value@8:11");
  CHECK(located(loaded, "/DOTTED.KEY_2") == "DOTTED.KEY_2@9:1 x@9:14");
  CHECK(located(loaded, "/QUOTED_EMPTY") == "QUOTED_EMPTY@10:1 \"\"@10:14");

  SECTION("an empty value is a zero-width range right after `=`") {
    const auto& s = span(loaded, "/EMPTY");
    CHECK(s.value.begin == s.value.end);
    CHECK(where(loaded.file, s.value.begin) == "4:7");
    CHECK(slice(loaded.file, *s.key) == "EMPTY");
  }
  SECTION("the root maps to the whole file") {
    const auto& root = span(loaded, "");
    CHECK_FALSE(root.key.has_value());
    CHECK(root.value.begin == 0);
    CHECK(root.value.end == loaded.file.text().size());
    CHECK(loaded.result.documents[0].map.size() == 10);
  }
  SECTION("comments are collected with their ranges and text") {
    REQUIRE(loaded.result.comments.size() == 2);
    CHECK(loaded.result.comments[0].text == "# Claude deployment");
    CHECK(where(loaded.file, loaded.result.comments[0].range.begin) == "1:1");
    CHECK(slice(loaded.file, loaded.result.comments[0].range) == "# Claude deployment");
    CHECK(loaded.result.comments[1].text == "# inline comment");
    CHECK(where(loaded.file, loaded.result.comments[1].range.begin) == "6:32");
    CHECK(slice(loaded.file, loaded.result.comments[1].range) == "# inline comment");
  }
}

TEST_CASE("dotenv: comments after quoted and empty values", "[source][dotenv]") {
  const auto loaded = load_env("A=\"x # not a comment\" # real\nB= # only a comment\nC='y'#tight\n  # indented\n");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(value(loaded) == nlohmann::json{{"A", "x # not a comment"}, {"B", ""}, {"C", "y"}});
  CHECK(where(loaded.file, span(loaded, "/B").value.begin) == "2:3");
  CHECK(span(loaded, "/B").value.begin == span(loaded, "/B").value.end);
  std::vector<std::string> comments;
  for (const auto& c : loaded.result.comments)
    comments.push_back(fmt::format("{}@{}", c.text, where(loaded.file, c.range.begin)));
  CHECK(comments == std::vector<std::string>{"# real@1:23", "# only a comment@2:4", "#tight@3:6", "# indented@4:3"});
}

TEST_CASE("dotenv: CRLF line endings", "[source][dotenv]") {
  const auto loaded = load_env("# c\r\nA=1\r\nexport B=\"two\"\r\nC=three # x\r\nD=\r\nE=\"l1\r\nl2\"\r\n");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(value(loaded) == nlohmann::json{{"A", "1"}, {"B", "two"}, {"C", "three"}, {"D", ""}, {"E", "l1\nl2"}});
  CHECK(located(loaded, "/A") == "A@2:1 1@2:3");
  CHECK(located(loaded, "/B") == "B@3:8 \"two\"@3:10");
  CHECK(located(loaded, "/C") == "C@4:1 three@4:3");
  CHECK(where(loaded.file, span(loaded, "/D").value.begin) == "5:3");
  CHECK(located(loaded, "/E") == "E@6:1 \"l1\r\nl2\"@6:3");
  REQUIRE(loaded.result.comments.size() == 2);
  CHECK(loaded.result.comments[0].text == "# c");
  CHECK(loaded.result.comments[1].text == "# x");
}

TEST_CASE("dotenv: double-quoted values decode escapes and may span lines", "[source][dotenv]") {
  const auto loaded = load_env("PEM=\"-----BEGIN KEY-----\nabc\\tdef\n-----END KEY-----\"\n"
                               "ESC=\"q\\\" b\\\\ d\\$ n\\n u\\x\"\n"
                               "AFTER=1\n");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(value(loaded)["PEM"] == "-----BEGIN KEY-----\nabc\tdef\n-----END KEY-----");
  CHECK(value(loaded)["ESC"] == "q\" b\\ d$ n\n u\\x");
  const auto& pem = span(loaded, "/PEM");
  CHECK(where(loaded.file, pem.value.begin) == "1:5");
  CHECK(where(loaded.file, pem.value.end) == "3:19");
  CHECK(slice(loaded.file, pem.value).starts_with("\"-----BEGIN"));
  CHECK(slice(loaded.file, pem.value).ends_with("KEY-----\""));
  CHECK(located(loaded, "/AFTER") == "AFTER@5:1 1@5:7");
}

TEST_CASE("dotenv: variable references are kept as written", "[source][dotenv]") {
  const auto loaded = load_env("HOST=api.internal\n"
                               "URL=https://${HOST}:$PORT/v1\n"
                               "QUOTED=\"${HOME}/.claude and $USER\"\n"
                               "ESCAPED=\"\\${NOT_A_REF}\"\n"
                               "LITERAL='${HOST}'\n");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(value(loaded)["URL"] == "https://${HOST}:$PORT/v1");
  CHECK(value(loaded)["QUOTED"] == "${HOME}/.claude and $USER");
  CHECK(value(loaded)["ESCAPED"] == "${NOT_A_REF}");
  CHECK(value(loaded)["LITERAL"] == "${HOST}");
}

TEST_CASE("dotenv: syntax errors are CL0001 at the exact bytes", "[source][dotenv]") {
  SECTION("a line without `=`") {
    const auto loaded = load_env("A=1\n  just some words  \nB=2\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 2:3-2:18"});
    CHECK(loaded.result.diagnostics[0].message == "expected `KEY=value`, but the line has no `=`");
    CHECK(value(loaded) == nlohmann::json{{"A", "1"}, {"B", "2"}});
    CHECK(loaded.result.documents[0].partial);
  }
  SECTION("invalid key names") {
    const auto loaded = load_env("MY-KEY=1\n1ST=2\nexport MY KEY=3\nOK_1=4\n");
    CHECK(diagnostics(loaded) ==
          std::vector<std::string>{"CL0001 error 1:1-1:7", "CL0001 error 2:1-2:4", "CL0001 error 3:8-3:14"});
    CHECK(loaded.result.diagnostics[0].message ==
          "invalid key name: it contains `-`; keys must match `[A-Za-z_][A-Za-z0-9_.]*`");
    CHECK(loaded.result.diagnostics[1].message ==
          "invalid key name: it starts with a digit; keys must match `[A-Za-z_][A-Za-z0-9_.]*`");
    CHECK(loaded.result.diagnostics[2].message ==
          "invalid key name: it contains whitespace; keys must match `[A-Za-z_][A-Za-z0-9_.]*`");
    CHECK(value(loaded) == nlohmann::json{{"OK_1", "4"}});
  }
  SECTION("a missing key") {
    const auto loaded = load_env("=value\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 1:1-1:2"});
    CHECK(value(loaded) == nlohmann::json::object());
  }
  SECTION("spaces around `=` are reported, and the value is still recorded") {
    const auto loaded = load_env("A = one\nB =two\nC= three\nD =\nE=ok\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 1:2-1:5", "CL0001 error 2:2-2:4",
                                                          "CL0001 error 3:2-3:4", "CL0001 error 4:2-4:4"});
    CHECK(loaded.result.diagnostics[0].message ==
          "spaces around `=`; shells and many dotenv readers reject `KEY = value`");
    CHECK(loaded.result.diagnostics[0].pointer == "/A");
    CHECK(value(loaded) == nlohmann::json{{"A", "one"}, {"B", "two"}, {"C", "three"}, {"D", ""}, {"E", "ok"}});
    CHECK(located(loaded, "/A") == "A@1:1 one@1:5");
    CHECK_FALSE(loaded.result.documents[0].partial);
  }
  SECTION("an unterminated quote points at the opening quote; parsing resumes on the next line") {
    const auto loaded = load_env("A=1\nB=\"never closed\nC='also open\nD=4\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 2:3-2:4", "CL0001 error 3:3-3:4"});
    CHECK(loaded.result.diagnostics[0].message == "unterminated double-quoted value: the closing `\"` is missing");
    CHECK(loaded.result.diagnostics[1].message == "unterminated single-quoted value: the closing `'` is missing");
    CHECK(value(loaded) == nlohmann::json{{"A", "1"}, {"D", "4"}});
    CHECK(loaded.result.documents[0].partial);
  }
  SECTION("an unclosed quote that swallows the next value is reported at its opening") {
    const auto loaded = load_env("A=\"open\nB=\"two\"\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 1:3-1:4"});
    CHECK(value(loaded) == nlohmann::json{{"B", "two"}});
  }
  SECTION("trailing text after a closing quote") {
    const auto loaded = load_env("A=\"x\"garbage here # note\nB='y' z\n");
    CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0001 error 1:6-1:18", "CL0001 error 2:7-2:8"});
    CHECK(loaded.result.diagnostics[0].message == "unexpected text after the closing quote");
    CHECK(value(loaded) == nlohmann::json{{"A", "x"}, {"B", "y"}});
    REQUIRE(loaded.result.comments.size() == 1);
    CHECK(loaded.result.comments[0].text == "# note");
  }
  SECTION("every diagnostic has a help text and one sentence with no trailing period") {
    const auto loaded = load_env("noeq\nA-B=1\n=2\nC = 3\nD=\"4\nE=\"5\"x\nE=6\n");
    CHECK(loaded.result.diagnostics.size() == 7);
    for (const auto& d : loaded.result.diagnostics) {
      INFO(d.message);
      CHECK(d.help.has_value());
      CHECK_FALSE(d.message.ends_with("."));
      CHECK(d.severity == model::Severity::error);
    }
  }
}

TEST_CASE("dotenv: duplicate keys", "[source][dotenv]") {
  const auto loaded = load_env("TOKEN=first\nOTHER=x\nexport TOKEN=\"second\"\nTOKEN=third\n");
  CHECK(diagnostics(loaded) == std::vector<std::string>{"CL0002 error 3:8-3:13", "CL0002 error 4:1-4:6"});
  const auto& d = loaded.result.diagnostics[0];
  CHECK(d.rule.name == "duplicate-key");
  CHECK(d.message == "duplicate key \"TOKEN\"; the last value wins and the first is silently lost");
  CHECK(d.pointer == "/TOKEN");
  CHECK(d.help.has_value());
  for (const auto& dup : loaded.result.diagnostics) {
    REQUIRE(dup.related.size() == 1);
    CHECK(dup.related[0].message == "first defined here");
    CHECK(where(loaded.file, dup.related[0].range.begin) == "1:1");
    CHECK(where(loaded.file, dup.related[0].range.end) == "1:6");
  }
  CHECK(value(loaded) == nlohmann::json{{"TOKEN", "third"}, {"OTHER", "x"}});
  CHECK(located(loaded, "/TOKEN") == "TOKEN@4:1 third@4:7");
}

TEST_CASE("dotenv: values never appear in diagnostics", "[source][dotenv]") {
  const std::string canary = "sk-prod-CANARY42";
  const auto loaded = load_env(fmt::format("KEY = {0}\n"
                                           "{0}\n"
                                           "BAD-KEY={0}\n"
                                           "Q=\"{0}\"{0}\n"
                                           "DUP={0}\n"
                                           "DUP={0}\n"
                                           "OPEN=\"{0}\n",
                                           canary));
  CHECK(loaded.result.diagnostics.size() == 6);
  for (const auto& d : loaded.result.diagnostics) {
    CHECK(d.message.find("CANARY") == std::string::npos);
    CHECK(d.help.value_or("").find("CANARY") == std::string::npos);
    for (const auto& r : d.related) CHECK(r.message.find("CANARY") == std::string::npos);
  }
}

TEST_CASE("dotenv: ranges include the bytes cut before parsing", "[source][dotenv]") {
  const auto loaded = load_env("\xEF\xBB\xBF" "A=1\nB=\"x\" y\n");
  REQUIRE(loaded.result.diagnostics.size() == 2);
  CHECK(loaded.result.diagnostics[0].rule.code == "CL0004");
  CHECK(where(loaded.file, loaded.result.diagnostics[1].range.begin) == "2:7");
  CHECK(located(loaded, "/A") == "A@1:4 1@1:6");
  CHECK(span(loaded, "").value.begin == 3);
}

TEST_CASE("dotenv: a file of only comments yields an empty object", "[source][dotenv]") {
  const auto loaded = load_env("# nothing yet\n\n   \n# still nothing");
  CHECK(loaded.result.diagnostics.empty());
  CHECK(value(loaded) == nlohmann::json::object());
  CHECK(loaded.result.comments.size() == 2);
}

TEST_CASE("dotenv: large files with many errors parse in linear time", "[source][dotenv]") {
  constexpr int lines = 50000;
  SECTION("unclosed quotes") {
    std::string text;
    for (int i = 0; i < lines; ++i) text += fmt::format("K{}=\"open\nV{}='x'\n", i, i);
    const auto loaded = load_env(std::move(text));
    CHECK(loaded.result.diagnostics.size() == static_cast<std::size_t>(lines));
    CHECK(value(loaded).size() == static_cast<std::size_t>(lines));
    CHECK(located(loaded, "/V49999") == "V49999@100000:1 'x'@100000:8");
  }
  SECTION("lines without `=` before a late `=`") {
    std::string text;
    for (int i = 0; i < lines; ++i) text += "not a definition\n";
    text += "A=1\n";
    const auto loaded = load_env(std::move(text));
    CHECK(loaded.result.diagnostics.size() == static_cast<std::size_t>(lines));
    CHECK(value(loaded) == nlohmann::json{{"A", "1"}});
  }
}
