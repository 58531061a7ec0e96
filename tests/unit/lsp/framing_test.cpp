#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lsp/framing.h"

using namespace claudelint::lsp;

namespace {

/// Every frame `reader` has after feeding `input` one byte at a time or all at once.
std::vector<Frame> frames(const std::string& input, bool bytewise, std::size_t max_body = 1 << 20) {
  FrameReader reader(max_body);
  std::vector<Frame> out;
  if (bytewise) {
    for (const char c : input) {
      reader.feed(std::string_view(&c, 1));
      while (auto f = reader.next()) out.push_back(*f);
    }
  } else {
    reader.feed(input);
    while (auto f = reader.next()) out.push_back(*f);
  }
  if (auto rest = reader.finish()) out.push_back(*rest);
  return out;
}

} // namespace

TEST_CASE("frames: Content-Length messages, split anywhere, CRLF or LF", "[lsp][framing]") {
  const bool bytewise = GENERATE(false, true);
  const std::string input = frame(R"({"a":1})") + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" +
                            "content-length: 2\r\n\r\n{}" + "Content-Length: 3\n\n[1]";
  const auto out = frames(input, bytewise);
  REQUIRE(out.size() == 3);
  for (const auto& f : out) CHECK(f.kind == Frame::Kind::message);
  CHECK(out[0].text == R"({"a":1})");
  CHECK(out[1].text == "{}");
  CHECK(out[2].text == "[1]");
  CHECK(frame("{}") == "Content-Length: 2\r\n\r\n{}");
}

TEST_CASE("frames: bad headers are reported and the stream goes on", "[lsp][framing]") {
  const bool bytewise = GENERATE(false, true);
  SECTION("a block without Content-Length") {
    const auto out = frames("hello world\r\n\r\n" + frame("{}"), bytewise);
    REQUIRE(out.size() == 2);
    CHECK(out[0].kind == Frame::Kind::error);
    CHECK(out[0].text == "malformed header line 'hello world'");
    CHECK(out[1].text == "{}");
  }
  SECTION("a bad length") {
    const auto out = frames("Content-Length: -5\r\n\r\n" + frame("{}"), bytewise);
    REQUIRE(out.size() == 2);
    CHECK(out[0].text == "bad Content-Length '-5'");
    CHECK(out[1].text == "{}");
  }
  SECTION("a stray line next to a good length: reported, and the body is still read") {
    const auto out = frames("garbage\r\nContent-Length: 2\r\n\r\n{}", bytewise);
    REQUIRE(out.size() == 2);
    CHECK(out[0].kind == Frame::Kind::error);
    CHECK(out[1].kind == Frame::Kind::message);
    CHECK(out[1].text == "{}");
  }
  SECTION("an oversized body is skipped") {
    const auto out = frames("Content-Length: 50\r\n\r\n" + std::string(50, 'x') + frame("{}"), bytewise, 10);
    REQUIRE(out.size() == 2);
    CHECK(out[0].text == "message of 50 bytes is over the 10-byte limit; it was skipped");
    CHECK(out[1].text == "{}");
  }
  SECTION("a header that never ends") {
    const auto out = frames(std::string(10000, 'x'), bytewise);
    REQUIRE(!out.empty());
    CHECK(out[0].kind == Frame::Kind::error);
    CHECK(out[0].text.starts_with("header too long or not terminated"));
  }
  SECTION("input that stops inside a message") {
    const auto out = frames("Content-Length: 10\r\n\r\n{\"a\"", bytewise);
    REQUIRE(out.size() == 1);
    CHECK(out[0].text == "the stream ended 4 bytes into a 10-byte message");
    CHECK(frames("Content-Le", bytewise).at(0).text == "the stream ended inside a header: 'Content-Le'");
    CHECK(frames("\r\n\r\n", bytewise).empty());
  }
}
