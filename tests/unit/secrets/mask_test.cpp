#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "secrets/mask.h"

using namespace claudelint;
using nlohmann::json;

namespace {

/// A hit on each of `secrets`, at its first place in `text`.
std::vector<secrets::SecretHit> hits_on(const std::string& text, const std::vector<std::string>& secrets) {
  std::vector<secrets::SecretHit> hits;
  for (const auto& secret : secrets) {
    const auto at = text.find(secret);
    REQUIRE(at != std::string::npos);
    secrets::SecretHit hit;
    hit.range = {at, at + secret.size()};
    hits.push_back(hit);
  }
  return hits;
}

} // namespace

TEST_CASE("mask_secrets replaces every secret wherever a string holds it, and nothing else", "[secrets][mask]") {
  // The file's text holds each secret once; the values hold them again,
  // inside other text, more than once, or not at all.
  const std::string text = "k1=tok-AAAA k2=tok-BBBB k3=Z k4=xy";
  std::vector<model::Document> documents(1);
  documents[0].value = json::parse(R"({
    "whole": "tok-AAAA",
    "inside": "https://h/tok-BBBB/p?tok-AAAA",
    "twice": "tok-AAAAtok-AAAA",
    "one_byte": "aZa",
    "two_bytes": "axyb",
    "near_misses": ["tok-AAA", "tok-BBBb", "x", "", "y z"],
    "deep": {"list": [{"v": "--tok-BBBB--"}], "n": 3, "b": true}
  })");
  secrets::mask_secrets(documents, hits_on(text, {"tok-AAAA", "tok-BBBB", "Z", "xy"}), text);
  CHECK(documents[0].value == json::parse(R"({
    "whole": "REDACTED",
    "inside": "https://h/REDACTED/p?REDACTED",
    "twice": "REDACTEDREDACTED",
    "one_byte": "aREDACTEDa",
    "two_bytes": "aREDACTEDb",
    "near_misses": ["tok-AAA", "tok-BBBb", "x", "", "y z"],
    "deep": {"list": [{"v": "--REDACTED--"}], "n": 3, "b": true}
  })"));
}

TEST_CASE("mask_secrets without hits leaves the documents as they are", "[secrets][mask]") {
  std::vector<model::Document> documents(1);
  documents[0].value = json::parse(R"({"a": "tok-AAAA"})");
  secrets::mask_secrets(documents, {}, "tok-AAAA");
  CHECK(documents[0].value == json::parse(R"({"a": "tok-AAAA"})"));
}
