#include <catch2/catch.hpp>

#include <string>

#include "lsp/convert.h"
#include "lsp/documents.h"
#include "lsp/protocol.h"

using namespace claudelint;
using namespace claudelint::lsp;

TEST_CASE("positions in UTF-16 and UTF-8, both ways", "[lsp][convert]") {
  // "é" is 2 bytes / 1 unit, "😀" 4 bytes / 2 units (a surrogate pair).
  const std::string text = "a: \"é😀x\"\r\nb: 1\n";
  const model::LineIndex lines(text);
  const std::size_t x = text.find('x');
  CHECK(to_position(text, lines, x, PositionEncoding::utf16).character == 7);
  CHECK(to_position(text, lines, x, PositionEncoding::utf8).character == 10);
  CHECK(to_offset(text, lines, {0, 7}, PositionEncoding::utf16) == x);
  CHECK(to_offset(text, lines, {0, 10}, PositionEncoding::utf8) == x);
  // Inside the surrogate pair, inside a UTF-8 sequence: the character's start.
  CHECK(to_offset(text, lines, {0, 6}, PositionEncoding::utf16) == text.find("😀"));
  CHECK(to_offset(text, lines, {0, 7}, PositionEncoding::utf8) == text.find("😀"));
  // Past the end of a line: its end, before "\r\n"; past the last line: the end.
  CHECK(to_offset(text, lines, {0, 99}, PositionEncoding::utf16) == text.find('\r'));
  CHECK(to_offset(text, lines, {1, 0}, PositionEncoding::utf16) == text.find('b'));
  CHECK(to_offset(text, lines, {9, 0}, PositionEncoding::utf16) == text.size());
  const auto b = to_position(text, lines, text.find('1'), PositionEncoding::utf16);
  CHECK(b.line == 1);
  CHECK(b.character == 3);
}

TEST_CASE("the position encoding: UTF-8 only when the client offers it", "[lsp][convert]") {
  CHECK(negotiate_encoding(nlohmann::json::object()) == PositionEncoding::utf16);
  CHECK(negotiate_encoding({{"general", {{"positionEncodings", {"utf-16"}}}}}) == PositionEncoding::utf16);
  CHECK(negotiate_encoding({{"general", {{"positionEncodings", {"utf-32", "utf-8", "utf-16"}}}}}) ==
        PositionEncoding::utf8);
  CHECK(negotiate_encoding({{"general", 3}}) == PositionEncoding::utf16);
}

TEST_CASE("file URIs", "[lsp][convert]") {
  CHECK(uri_to_path("file:///tmp/a%20b/c.json") == "/tmp/a b/c.json");
  CHECK(uri_to_path("FILE://localhost/x/y.yaml") == "/x/y.yaml");
  CHECK(!uri_to_path("untitled:Untitled-1"));
  CHECK(!uri_to_path("file://otherhost/x"));
  CHECK(!uri_to_path("file:///x%2"));
  CHECK(path_to_uri("/tmp/a b/ü#.json") == "file:///tmp/a%20b/%C3%BC%23.json");
  CHECK(uri_to_path(path_to_uri("/tmp/a b/ü#.json")) == "/tmp/a b/ü#.json");
}

TEST_CASE("incremental changes apply ranges in the negotiated encoding", "[lsp][documents]") {
  using nlohmann::json;
  const auto change = [](int l1, int c1, int l2, int c2, const char* with) {
    return json{{"range", {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}}},
                {"text", with}};
  };
  const std::string text = "name: \"😀é\"\nport: 80\n";
  CHECK(apply_change(text, change(0, 9, 0, 10, "e"), PositionEncoding::utf16) == "name: \"😀e\"\nport: 80\n");
  CHECK(apply_change(text, change(0, 11, 0, 13, "e"), PositionEncoding::utf8) == "name: \"😀e\"\nport: 80\n");
  CHECK(apply_change(text, change(0, 11, 1, 4, ""), PositionEncoding::utf16) == "name: \"😀é\": 80\n");
  CHECK(apply_change(text, change(2, 0, 2, 0, "tls: true\n"), PositionEncoding::utf16) ==
        "name: \"😀é\"\nport: 80\ntls: true\n");
  CHECK(apply_change(text, json{{"text", "x"}}, PositionEncoding::utf16) == "x");
  // LSP lines end at LF, CRLF and a lone CR alike.
  CHECK(apply_change("a: 1\rb: 2\r\nc: 3", change(1, 3, 1, 4, "9"), PositionEncoding::utf16) == "a: 1\rb: 9\r\nc: 3");
  CHECK(apply_change("a: 1\rb: 2\r\nc: 3", change(2, 3, 2, 4, "9"), PositionEncoding::utf16) == "a: 1\rb: 2\r\nc: 9");
  CHECK_THROWS_AS(apply_change(text, change(1, 0, 0, 0, ""), PositionEncoding::utf16), ProtocolError);
  CHECK_THROWS_AS(apply_change(text, json{{"range", 1}, {"text", ""}}, PositionEncoding::utf16), ProtocolError);
  CHECK_THROWS_AS(apply_change(text, json{{"text", 5}}, PositionEncoding::utf16), ProtocolError);

  DocumentStore store;
  store.open({"file:///t/dev.yaml", "/t/dev.yaml", "yaml", 1, text});
  // Several changes in one event apply one after the other.
  store.change("file:///t/dev.yaml", 2, json{change(1, 6, 1, 8, "443"), change(0, 0, 0, 0, "# x\n")},
               PositionEncoding::utf16);
  CHECK(store.find("file:///t/dev.yaml")->text == "# x\nname: \"😀é\"\nport: 443\n");
  CHECK(store.find("file:///t/dev.yaml")->version == 2);
  // A bad change leaves the document as it was.
  CHECK_THROWS_AS(store.change("file:///t/dev.yaml", 3, json{change(0, 0, 0, 1, "X"), json{{"text", 5}}},
                               PositionEncoding::utf16),
                  ProtocolError);
  CHECK(store.find("file:///t/dev.yaml")->text == "# x\nname: \"😀é\"\nport: 443\n");
  CHECK_THROWS_AS(store.change("file:///t/other.yaml", 1, json::array(), PositionEncoding::utf16), ProtocolError);
  CHECK(store.close("file:///t/dev.yaml"));
  CHECK(!store.close("file:///t/dev.yaml"));
}
