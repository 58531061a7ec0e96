#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "compile/diff.h"
#include "report/diff.h"

using claudelint::compile::diff;
using claudelint::report::DiffRenderOptions;
using claudelint::report::DiffSide;
using claudelint::report::render_diff_json;
using claudelint::report::render_diff_markdown;
using claudelint::report::render_diff_text;
using nlohmann::json;

namespace {

const DiffSide staging{"staging"}, production{"production"};

const json before_doc = json::parse(R"({
  "api": {"url": "https://staging.internal", "timeout": 30},
  "auth": {"token": "sk-staging-CANARY1"},
  "debug": "yes",
  "instances": [{"region": "us-east-1", "count": 2}, {"region": "eu-west-1", "count": 1}],
  "old": 1
})");

const json after_doc = json::parse(R"({
  "api": {"url": "https://prod.internal", "timeout": 30.0},
  "auth": {"token": "sk-prod-CANARY2"},
  "debug": true,
  "instances": [{"region": "eu-west-1", "count": 1}, {"region": "us-east-1", "count": 4}],
  "new": {"vault": {"token": "sk-new-CANARY3", "path": "kv/app"}}
})");

DiffRenderOptions options_with_hooks() {
  DiffRenderOptions options;
  options.sensitive = [](const std::string& pointer) {
    return pointer.size() >= 6 && pointer.compare(pointer.size() - 6, 6, "/token") == 0;
  };
  options.location = [](bool after_side, const std::string& pointer) -> std::optional<std::string> {
    if (pointer != "/api/url") return std::nullopt;
    return after_side ? "configs/production.json:2:11" : "configs/staging.json:2:11";
  };
  return options;
}

} // namespace

TEST_CASE("text diff: one line per change, locations, summary", "[report][diff]") {
  const auto text = render_diff_text(diff(before_doc, after_doc), staging, production, options_with_hooks());
  CHECK(text == "~ /api/url  \"https://staging.internal\" \u2192 \"https://prod.internal\"\n"
                "    staging: configs/staging.json:2:11\n"
                "    production: configs/production.json:2:11\n"
                "~ /auth/token  <redacted> \u2192 <redacted>\n"
                "! /debug  type changed: string \"yes\" \u2192 boolean true\n"
                "~ /instances/[region=us-east-1]/count  2 \u2192 4\n"
                "+ /new  {\"vault\":{\"path\":\"kv/app\",\"token\":\"<redacted>\"}}\n"
                "- /old  1\n"
                "\n"
                "6 changes between staging and production (1 added, 1 removed, 3 changed, 1 type changed)\n");
}

TEST_CASE("text diff: identical sides, colour, long values", "[report][diff]") {
  CHECK(render_diff_text({}, staging, production, {}) == "staging and production are identical\n");

  DiffRenderOptions color;
  color.color = true;
  const auto one = diff(json::parse(R"({})"), json::parse(R"({"a": 1})"));
  CHECK(render_diff_text(one, staging, production, color) ==
        "\x1b[32m+ /a  1\x1b[0m\n\n1 change between staging and production (1 added, 0 removed, 0 changed, 0 type "
        "changed)\n");
  CHECK(render_diff_text(one, staging, production, {}).find('\x1b') == std::string::npos);

  const auto long_value = diff(json::object(), json{{"k", std::string(200, 'a')}});
  const auto text = render_diff_text(long_value, staging, production, {});
  // 80 characters: the quote, 78 letters and the ellipsis.
  CHECK(text.find("+ /k  \"" + std::string(78, 'a') + "\u2026\n") == 0);

  // Multi-byte characters are never cut in half.
  std::string wide;
  for (int i = 0; i < 100; ++i) wide += "\xC3\xA9";
  const auto cut = render_diff_text(diff(json::object(), json{{"k", wide}}), staging, production, {});
  std::string expected = "+ /k  \"";
  for (int i = 0; i < 78; ++i) expected += "\xC3\xA9";
  CHECK(cut.find(expected + "\u2026\n") == 0);
}

TEST_CASE("json diff: stable keys, values, locations", "[report][diff]") {
  const auto text = render_diff_json(diff(before_doc, after_doc), staging, production, options_with_hooks());
  CHECK(text.rfind("{\n  \"version\": 1,\n  \"before\": \"staging\",\n  \"after\": \"production\",\n  \"changes\": [",
                   0) == 0);
  CHECK(text.back() == '\n');
  const json out = json::parse(text);
  REQUIRE(out["changes"].size() == 6);
  const json& url = out["changes"][0];
  CHECK(url ==
        json::parse(R"({"kind": "changed", "pointer": "/api/url", "before_pointer": "/api/url", "label": "/api/url",
                              "before": "https://staging.internal", "after": "https://prod.internal",
                              "before_location": "configs/staging.json:2:11",
                              "after_location": "configs/production.json:2:11"})"));
  CHECK(text.find("\"kind\": \"changed\",\n      \"pointer\": \"/api/url\",\n      \"before_pointer\"") !=
        std::string::npos);
  CHECK(out["changes"][1]["before"] == "<redacted>");
  CHECK(out["changes"][1]["after"] == "<redacted>");
  CHECK(out["changes"][2]["kind"] == "type_changed");
  CHECK(out["changes"][3]["pointer"] == "/instances/1/count");
  CHECK(out["changes"][3]["before_pointer"] == "/instances/0/count");
  CHECK(out["changes"][3]["label"] == "/instances/[region=us-east-1]/count");
  CHECK(out["changes"][4]["after"] == json::parse(R"({"vault": {"path": "kv/app", "token": "<redacted>"}})"));
  CHECK_FALSE(out["changes"][4].contains("before"));
  CHECK(out["changes"][4]["before_pointer"] == "");
  CHECK(out["changes"][5]["kind"] == "removed");
  CHECK_FALSE(out["changes"][5].contains("after"));

  CHECK(render_diff_json({}, staging, production, {}) ==
        "{\n  \"version\": 1,\n  \"before\": \"staging\",\n  \"after\": \"production\",\n  \"changes\": []\n}\n");
}

TEST_CASE("markdown diff: heading, summary and table", "[report][diff]") {
  const auto md = render_diff_markdown(diff(before_doc, after_doc), staging, production, options_with_hooks());
  CHECK(md == "### staging \u2192 production\n"
              "\n"
              "6 changes between staging and production (1 added, 1 removed, 3 changed, 1 type changed).\n"
              "\n"
              "| | path | staging | production |\n"
              "|---|---|---|---|\n"
              "| ~ | `/api/url` | `\"https://staging.internal\"` | `\"https://prod.internal\"` |\n"
              "| ~ | `/auth/token` | `<redacted>` | `<redacted>` |\n"
              "| ! | `/debug` | `\"yes\"` (string) | `true` (boolean) |\n"
              "| ~ | `/instances/[region=us-east-1]/count` | `2` | `4` |\n"
              "| + | `/new` | _(absent)_ | `{\"vault\":{\"path\":\"kv/app\",\"token\":\"<redacted>\"}}` |\n"
              "| - | `/old` | `1` | _(absent)_ |\n");
  CHECK(render_diff_markdown({}, staging, production, {}) == "### staging \u2192 production\n\nNo differences.\n");
}

TEST_CASE("markdown diff escapes pipes and backticks for GFM tables", "[report][diff]") {
  const auto changes = diff(json::parse(R"({"x|y": "a|b`c", "k`": "``", "s": "p"})"),
                            json::parse(R"({"x|y": "d", "k`": "e", "s": " q "})"));
  const auto md = render_diff_markdown(changes, DiffSide{"pre|prod"}, DiffSide{"prod_eu"}, {});
  CHECK(md.find("### pre\\|prod \u2192 prod\\_eu\n") == 0);
  CHECK(md.find("| | path | pre\\|prod | prod\\_eu |\n") != std::string::npos);
  // A pipe is escaped even inside a code span; the fence outgrows inner backticks.
  CHECK(md.find("| ~ | `/x\\|y` | ``\"a\\|b`c\"`` | `\"d\"` |\n") != std::string::npos);
  // Content ending in a backtick is padded so the fence stays closed.
  CHECK(md.find("| ~ | `` /k` `` | ```\"``\"``` | `\"e\"` |\n") != std::string::npos);
  CHECK(md.find("| ~ | `/s` | `\"p\"` | `\" q \"` |\n") != std::string::npos);
  // No raw (unescaped) pipe inside any cell: every row has exactly 5 unescaped pipes.
  std::size_t start = md.find("| ~");
  while (start != std::string::npos) {
    const std::size_t end = md.find('\n', start);
    int pipes = 0;
    for (std::size_t i = start; i < end; ++i)
      if (md[i] == '|' && (i == 0 || md[i - 1] != '\\')) ++pipes;
    CHECK(pipes == 5);
    start = md.find("| ~", end);
  }
}

TEST_CASE("sensitive values never appear in any output", "[report][diff]") {
  auto options = options_with_hooks();
  const auto ends_with = [](const std::string& s, std::string_view end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
  };
  options.sensitive = [ends_with](const std::string& pointer) {
    return ends_with(pointer, "/token") || pointer == "/vault" ||
           (pointer.rfind("/api_keys/", 0) == 0 && ends_with(pointer, "/key"));
  };
  // Also a secret whose type changes, one inside a removed list item, one
  // under a sensitive object, and one that is the identity of list items.
  json before = before_doc, after = after_doc;
  before["db"] = {{"token", "CANARY4"}};
  after["db"] = {{"token", 12345678}};
  before["instances"].push_back({{"region", "ap-1"}, {"token", "CANARY5"}});
  before["vault"] = {{"password", "CANARY6"}};
  after["vault"] = {{"password", "CANARY7"}};
  before["api_keys"] = json::parse(R"([{"key": "CANARY8", "enabled": true}, {"key": "CANARY9"}])");
  after["api_keys"] = json::parse(R"([{"key": "CANARY8", "enabled": false}])");
  const auto changes = diff(before, after);
  REQUIRE(changes.size() == 11);
  const auto text = render_diff_text(changes, staging, production, options);
  CHECK(text.find("\n~ /api_keys/[key=<redacted>]/enabled  true \u2192 false\n") != std::string::npos);
  CHECK(text.find("\n- /api_keys/[key=<redacted>]  {\"key\":\"<redacted>\"}\n") != std::string::npos);
  CHECK(text.find("\n~ /vault/password  <redacted> \u2192 <redacted>\n") != std::string::npos);
  CHECK(text.find("\n! /db/token  type changed: string <redacted> \u2192 number <redacted>\n") != std::string::npos);
  const std::string outputs[] = {render_diff_text(changes, staging, production, options),
                                 render_diff_json(changes, staging, production, options),
                                 render_diff_markdown(changes, staging, production, options)};
  for (const auto& out : outputs) {
    INFO(out);
    CHECK(out.find("CANARY") == std::string::npos);
    CHECK(out.find("12345678") == std::string::npos);
    CHECK(out.find("<redacted>") != std::string::npos);
  }
  // Without the hook the values are printed (the test above is not vacuous).
  CHECK(render_diff_text(changes, staging, production, {}).find("CANARY1") != std::string::npos);
}
