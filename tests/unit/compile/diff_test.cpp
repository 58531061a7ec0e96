#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compile/diff.h"

using claudelint::compile::Change;
using claudelint::compile::ChangeKind;
using claudelint::compile::diff;
using nlohmann::json;

namespace {

/// "kind label" per change, for compact assertions.
std::vector<std::string> summary(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(std::string(claudelint::compile::to_string(c.kind)) + " " + c.label);
  return out;
}

using Lines = std::vector<std::string>;

} // namespace

TEST_CASE("identical documents have no changes", "[compile][diff]") {
  const json doc = json::parse(R"({"a": {"b": [1, 2, {"c": null}]}, "d": "x"})");
  CHECK(diff(doc, doc).empty());
  CHECK(diff(json::parse(R"({"n": 1})"), json::parse(R"({"n": 1.0})")).empty()); // numbers by value
}

TEST_CASE("objects compare key by key", "[compile][diff]") {
  const auto changes =
      diff(json::parse(R"({"a": 1, "b": "x", "c": true})"), json::parse(R"({"a": 2, "c": true, "d": null})"));
  CHECK(summary(changes) == Lines{"changed /a", "removed /b", "added /d"});
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].pointer == "/a");
  CHECK(changes[0].before_pointer == "/a");
  CHECK(changes[0].before == json(1));
  CHECK(changes[0].after == json(2));
  CHECK(changes[1].pointer == "/b");
  CHECK(changes[1].before_pointer == "/b");
  CHECK(changes[1].before == json("x"));
  CHECK_FALSE(changes[1].after);
  CHECK(changes[2].before_pointer.empty());
  CHECK_FALSE(changes[2].before);
  CHECK(changes[2].after == json(nullptr));
}

TEST_CASE("a different JSON type is one type change, without recursion", "[compile][diff]") {
  const auto changes = diff(json::parse(R"({"flag": true, "tls": {"min": "1.2", "ciphers": ["a"]}, "n": "1"})"),
                            json::parse(R"({"flag": "true", "tls": ["1.2"], "n": 1})"));
  CHECK(summary(changes) == Lines{"type_changed /flag", "type_changed /n", "type_changed /tls"});
  CHECK(changes[2].before == json::parse(R"({"min": "1.2", "ciphers": ["a"]})"));
  CHECK(changes[2].after == json::parse(R"(["1.2"])"));
  // The root itself.
  CHECK(summary(diff(json::object(), json::array())) == Lines{"type_changed "});
}

TEST_CASE("a whole added or removed subtree is one change", "[compile][diff]") {
  const auto changes = diff(json::parse(R"({"old": {"a": {"b": [1, 2, 3]}, "c": 4}})"),
                            json::parse(R"({"new": {"x": {"y": {"z": [5]}}, "w": [{"name": "n"}]}})"));
  CHECK(summary(changes) == Lines{"added /new", "removed /old"});
  CHECK(changes[0].after == json::parse(R"({"x": {"y": {"z": [5]}}, "w": [{"name": "n"}]})"));
  CHECK(changes[1].before == json::parse(R"({"a": {"b": [1, 2, 3]}, "c": 4})"));
}

TEST_CASE("list items are matched by an identity key", "[compile][diff]") {
  const json before = json::parse(R"({"deployment": {"instances": [
    {"region": "us-east-1", "count": 3, "size": "large"},
    {"region": "eu-west-1", "count": 2},
    {"region": "ap-south-1", "count": 1}
  ]}})");

  SECTION("reordered items are no change") {
    const json after = json::parse(R"({"deployment": {"instances": [
      {"region": "ap-south-1", "count": 1},
      {"count": 3, "size": "large", "region": "us-east-1"},
      {"region": "eu-west-1", "count": 2}
    ]}})");
    CHECK(diff(before, after).empty());
  }

  SECTION("a changed field inside a matched item is labelled by its key") {
    const json after = json::parse(R"({"deployment": {"instances": [
      {"region": "eu-west-1", "count": 2},
      {"region": "ap-south-1", "count": 1},
      {"region": "us-east-1", "count": 5, "size": "large"}
    ]}})");
    const auto changes = diff(before, after);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].kind == ChangeKind::changed);
    CHECK(changes[0].label == "/deployment/instances/[region=us-east-1]/count");
    CHECK(changes[0].pointer == "/deployment/instances/2/count");
    CHECK(changes[0].before_pointer == "/deployment/instances/0/count");
    CHECK(changes[0].before == json(3));
    CHECK(changes[0].after == json(5));
  }

  SECTION("items only on one side are added or removed whole") {
    const json after = json::parse(R"({"deployment": {"instances": [
      {"region": "us-east-1", "count": 3, "size": "large"},
      {"region": "eu-west-1", "count": 2},
      {"region": "sa-east-1", "count": 1}
    ]}})");
    const auto changes = diff(before, after);
    CHECK(summary(changes) ==
          Lines{"removed /deployment/instances/[region=ap-south-1]", "added /deployment/instances/[region=sa-east-1]"});
    CHECK(changes[0].pointer == "/deployment/instances/2");
    CHECK(changes[0].before == json::parse(R"({"region": "ap-south-1", "count": 1})"));
    CHECK(changes[1].pointer == "/deployment/instances/2");
    CHECK(changes[1].after == json::parse(R"({"region": "sa-east-1", "count": 1})"));
  }
}

TEST_CASE("identity keys are tried in order and must work on both sides", "[compile][diff]") {
  // Every item has "name" and "id": "name" wins.
  auto changes = diff(json::parse(R"([{"name": "a", "id": 1, "v": 1}, {"name": "b", "id": 2, "v": 2}])"),
                      json::parse(R"([{"name": "b", "id": 2, "v": 3}, {"name": "a", "id": 1, "v": 1}])"));
  CHECK(summary(changes) == Lines{"changed /[name=b]/v"});

  // "name" is not unique: fall through to numeric "id".
  changes = diff(json::parse(R"([{"name": "x", "id": 1, "v": 1}, {"name": "x", "id": 2, "v": 2}])"),
                 json::parse(R"([{"name": "x", "id": 2, "v": 2}, {"name": "x", "id": 1.0, "v": 9}])"));
  CHECK(summary(changes) == Lines{"changed /[id=1]/v"});

  // "type" on one side only, "key" on both.
  changes = diff(json::parse(R"([{"type": "t", "key": "k1"}, {"key": "k2"}])"),
                 json::parse(R"([{"key": "k2"}, {"type": "u", "key": "k1"}])"));
  CHECK(summary(changes) == Lines{"changed /[key=k1]/type"});

  // A string "1" and a number 1 are different items.
  changes = diff(json::parse(R"([{"id": "1"}])"), json::parse(R"([{"id": 1}])"));
  CHECK(summary(changes) == Lines{"added /[id=1]", "removed /[id=1]"});
}

TEST_CASE("lists without a usable identity key compare by index", "[compile][diff]") {
  SECTION("scalars") {
    CHECK(diff(json::parse("[1, 2, 3]"), json::parse("[1, 2, 3]")).empty());
    const auto changes = diff(json::parse(R"({"l": ["a", "b", "c"]})"), json::parse(R"({"l": ["a", "x"]})"));
    CHECK(summary(changes) == Lines{"changed /l/1", "removed /l/2"});
    CHECK(changes[1].pointer == "/l/2");
    CHECK(changes[1].before == json("c"));
    const auto grown = diff(json::parse(R"([1])"), json::parse(R"([1, 2, 3])"));
    CHECK(summary(grown) == Lines{"added /1", "added /2"});
  }
  SECTION("objects with a duplicated key fall back to index and recurse") {
    const auto changes = diff(json::parse(R"([{"name": "a", "v": 1}, {"name": "a", "v": 2}])"),
                              json::parse(R"([{"name": "a", "v": 1}, {"name": "a", "v": 3}])"));
    CHECK(summary(changes) == Lines{"changed /1/v"});
  }
  SECTION("mixed items") {
    const auto changes = diff(json::parse(R"([{"name": "a"}, 1])"), json::parse(R"([{"name": "b"}, 1])"));
    CHECK(summary(changes) == Lines{"changed /0/name"});
  }
  SECTION("indices sort as numbers") {
    json before = json::array(), after = json::array();
    for (int i = 0; i < 12; ++i) {
      before.push_back(i);
      after.push_back(i + 100);
    }
    const auto changes = diff(before, after);
    REQUIRE(changes.size() == 12);
    CHECK(changes[2].label == "/2");
    CHECK(changes[10].label == "/10");
  }
}

TEST_CASE("keys are escaped as in JSON Pointer and sorted segment by segment", "[compile][diff]") {
  const auto changes = diff(json::parse(R"({"a/b": 1, "a": {"b": 1}, "a-b": 1, "t~": 1})"),
                            json::parse(R"({"a/b": 2, "a": {"b": 2}, "a-b": 2, "t~": 2})"));
  CHECK(summary(changes) == Lines{"changed /a/b", "changed /a-b", "changed /a~1b", "changed /t~0"});
  CHECK(changes[2].pointer == "/a~1b");
}

TEST_CASE("the diff is deterministic", "[compile][diff]") {
  const json before = json::parse(R"({"z": [{"name": "b", "v": 1}, {"name": "a", "v": 1}], "a": {"x": 1, "y": [1, 2]},
                                       "m": "s"})");
  const json after =
      json::parse(R"({"a": {"y": [2], "x": "1"}, "m": {"k": 1}, "z": [{"name": "a", "v": 2}, {"name": "c"}]})");
  const auto first = diff(before, after);
  CHECK(summary(first) == Lines{"type_changed /a/x", "changed /a/y/0", "removed /a/y/1", "type_changed /m",
                                "changed /z/[name=a]/v", "removed /z/[name=b]", "added /z/[name=c]"});
  for (int i = 0; i < 5; ++i) {
    const auto again = diff(before, after);
    REQUIRE(again.size() == first.size());
    for (std::size_t k = 0; k < first.size(); ++k) {
      CHECK(again[k].pointer == first[k].pointer);
      CHECK(again[k].label == first[k].label);
      CHECK(again[k].kind == first[k].kind);
    }
  }
}

TEST_CASE("environments are compared without their environment-specific root keys", "[compile][diff]") {
  const json staging = json::parse(
      R"({"environment": "staging", "files": ["config/staging.json"], "config": {"files": 1, "level": "info"}})");
  const json production = json::parse(
      R"({"environment": "production", "files": ["config/production.json"], "config": {"files": 2, "level": "info"}})");
  // Only at the root: a nested `files` is configuration like any other.
  CHECK(summary(claudelint::compile::diff_environments(staging, production)) == Lines{"changed /config/files"});
  CHECK(summary(diff(staging, production)) ==
        Lines{"changed /config/files", "changed /environment", "changed /files/0"});
  // Not objects: nothing to leave out, the root itself differs.
  CHECK(summary(claudelint::compile::diff_environments(json::array(), staging)) == Lines{"type_changed "});
}
