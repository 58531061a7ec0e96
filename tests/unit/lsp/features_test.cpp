#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "../../e2e/process.h"
#include "in_process.h"
#include "lsp/convert.h"
#include "lsp/documents.h"
#include "lsp/protocol.h"

namespace fs = std::filesystem;
using namespace claudelint;
using claudelint::test::codes_at;
using claudelint::test::InProcessClient;
using nlohmann::json;

namespace {

struct Session {
  test::ScratchDir scratch;
  fs::path root = scratch.path / "deployment";
  InProcessClient client;
  std::map<std::string, std::string> texts; // by URI
  std::map<std::string, int> versions;

  Session() {
    fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", root, fs::copy_options::recursive);
    client.initialize({}, lsp::path_to_uri(scratch.path));
  }
  std::string open(const std::string& relative, std::optional<std::string> text = std::nullopt) {
    const std::string uri = lsp::path_to_uri(root / relative);
    texts[uri] = text ? *text : test::read_all(root / relative);
    versions[uri] = 1;
    client.notify("textDocument/didOpen",
                  {{"textDocument", {{"uri", uri}, {"languageId", "x"}, {"version", 1}, {"text", texts[uri]}}}});
    return uri;
  }
  json diagnostics(const std::string& uri) { return client.diagnostics().at(uri); }
  json first(const std::string& uri, const std::string& code) {
    for (const auto& d : diagnostics(uri))
      if (d["code"] == code) return d;
    FAIL("no " << code << " in " << uri);
    return nullptr;
  }
  json at(const std::string& uri, int line, int character) {
    return {{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", character}}}};
  }
  json actions(const std::string& uri, const json& diagnostic) {
    return client.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                      {"range", diagnostic["range"]},
                                                      {"context", {{"diagnostics", {diagnostic}}}}})["result"];
  }
  /// Applies a code action's edits as an editor does: didChange with the same ranges.
  void apply(const json& action) {
    const json& changes = action["edit"]["changes"];
    for (auto it = changes.begin(); it != changes.end(); ++it) {
      const std::string uri = it.key();
      // Later edits first, so that earlier ranges stay valid.
      std::vector<json> edits(it.value().begin(), it.value().end());
      std::sort(edits.begin(), edits.end(), [](const json& a, const json& b) {
        return std::make_pair(a["range"]["start"]["line"].get<int>(), a["range"]["start"]["character"].get<int>()) >
               std::make_pair(b["range"]["start"]["line"].get<int>(), b["range"]["start"]["character"].get<int>());
      });
      json content = json::array();
      for (const auto& edit : edits) content.push_back({{"range", edit["range"]}, {"text", edit["newText"]}});
      for (const auto& change : content) texts[uri] = lsp::apply_change(texts[uri], change, lsp::PositionEncoding::utf16);
      client.notify("textDocument/didChange",
                    {{"textDocument", {{"uri", uri}, {"version", ++versions[uri]}}}, {"contentChanges", content}});
    }
  }
};

bool has_code(const json& diagnostics, const std::string& code) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const json& d) { return d["code"] == code; });
}

std::vector<std::string> labels(const json& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item["label"]);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("lsp code actions: a suppression comment above the line, then the rule added to it", "[lsp][features]") {
  Session s;
  const std::string uri = s.open("deployment.yaml");
  const json ambiguous = s.first(uri, "CL0006"); // failover: yes
  CHECK(ambiguous["range"]["start"]["line"] == 8);
  json actions = s.actions(uri, ambiguous);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "Suppress CL0006 on this line with a claudelint comment");
  CHECK(actions[0]["kind"] == "quickfix");
  CHECK(actions[0]["edit"]["changes"][uri][0]["newText"] == "      # claudelint: disable=CL0006 -- <reason>\n");
  s.apply(actions[0]);
  auto now = s.diagnostics(uri);
  CHECK(!has_code(now, "CL0006"));
  CHECK(!has_code(now, "CL0016")); // the suppression is used
  const json mismatch = s.first(uri, "CL1001"); // the same value, moved a line down
  CHECK(mismatch["range"]["start"]["line"] == 9);
  actions = s.actions(uri, mismatch);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "Suppress CL1001 here (add it to the claudelint comment above)");
  s.apply(actions[0]);
  CHECK(s.texts[uri].find("# claudelint: disable=CL0006,CL1001 -- <reason>\n") != std::string::npos);
  now = s.diagnostics(uri);
  CHECK(!has_code(now, "CL1001"));
  CHECK(!has_code(now, "CL0016"));
  // Already suppressed there: nothing more to offer for that rule.
  CHECK(s.actions(uri, mismatch).empty());
}

TEST_CASE("lsp code actions: a finding's own fix; nothing to comment in strict JSON", "[lsp][features]") {
  Session s;
  const std::string uri = s.open("configs/pre-prod.json");
  const json comma = s.first(uri, "CL0010");
  const json actions = s.actions(uri, comma);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "remove the trailing comma");
  CHECK(actions[0]["isPreferred"] == true);
  s.apply(actions[0]);
  CHECK(!has_code(s.diagnostics(uri), "CL0010"));
  // A policy finding in strict JSON: its rule's rewrite, not preferred
  // (it changes what the deployment does); no comment can hold a suppression.
  const std::string dev = s.open("configs/dev.json");
  const json validation = s.actions(dev, s.first(dev, "CL2006"));
  REQUIRE(validation.size() == 1);
  CHECK(validation[0]["title"] == "set it to true");
  CHECK(!validation[0].contains("isPreferred"));
  s.apply(validation[0]);
  CHECK(!has_code(s.diagnostics(dev), "CL2006"));
}

TEST_CASE("lsp code actions: a policy rule's rewrite, https:// and TLS 1.3, and the finding goes", "[lsp][features]") {
  Session s;
  const std::string original = test::read_all(s.root / "configs/production.json");
  std::string text = original;
  text.replace(text.find("\"1.3\""), 5, "\"1.2\"");
  text.replace(text.find("https://api"), 8, "http://");
  const std::string production = s.open("configs/production.json", text);

  const json tls = s.first(production, "CL2003");
  json actions = s.actions(production, tls);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "set it to \"1.3\"");
  CHECK(!actions[0].contains("isPreferred"));
  CHECK(actions[0]["diagnostics"][0]["code"] == "CL2003");
  s.apply(actions[0]);
  CHECK(!has_code(s.diagnostics(production), "CL2003"));
  CHECK(!has_code(s.diagnostics(production), "CL2008")); // no longer older than pre-prod's

  const json http = s.first(production, "CL2001");
  actions = s.actions(production, http);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["title"] == "replace \"http://\" with \"https://\"");
  const json& edit = actions[0]["edit"]["changes"][production][0];
  CHECK(edit["newText"] == "https://");
  // Only the scheme, inside the quotes: the finding's range starts at the quote.
  CHECK(edit["range"]["start"]["character"] == http["range"]["start"]["character"].get<int>() + 1);
  CHECK(edit["range"]["end"]["character"] == http["range"]["start"]["character"].get<int>() + 8);
  s.apply(actions[0]);
  CHECK(!has_code(s.diagnostics(production), "CL2001"));
  CHECK(s.texts[production] == original);
}

TEST_CASE("lsp code actions: a misspelt key or value is rewritten as suggested", "[lsp][features]") {
  Session s;
  const std::string production = s.open("configs/production.json");
  std::string text = s.texts[production];
  text.replace(text.find("\"version\""), 9, "\"versoin\"");
  s.open("configs/production.json", text);
  const json typo = s.first(production, "CL1003");
  json actions = s.actions(production, typo);
  REQUIRE(actions.size() == 1); // strict JSON: no suppression comment
  CHECK(actions[0]["title"] == "rename it to \"version\"");
  CHECK(!actions[0].contains("isPreferred")); // a guess, not a safe fix
  s.apply(actions[0]);
  CHECK(!has_code(s.diagnostics(production), "CL1003"));

  const std::string deployment = s.open("deployment.yaml");
  std::string yaml = s.texts[deployment];
  yaml.replace(yaml.find("frequency: daily"), 16, "frequency: dialy");
  s.open("deployment.yaml", yaml);
  const json value = s.first(deployment, "CL1002");
  actions = s.actions(deployment, value);
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["title"] == "replace it with \"daily\"");
  CHECK(actions[1]["title"] == "Suppress CL1002 on this line with a claudelint comment");
  s.apply(actions[0]);
  CHECK(!has_code(s.diagnostics(deployment), "CL1002"));
}

TEST_CASE("lsp hover: the schema's description of a key, and the rule behind a finding", "[lsp][features]") {
  Session s;
  const std::string production = s.open("configs/production.json");
  s.client.diagnostics();
  const json key = s.client.request("textDocument/hover", s.at(production, 3, 8))["result"]; // "version"
  const std::string text = key["contents"]["value"];
  CHECK(key["contents"]["kind"] == "markdown");
  CHECK(text.starts_with("**TLS version** `/security/tls/version`"));
  CHECK(text.find("Type: `string`") != std::string::npos);
  CHECK(text.find("Allowed: `\"1.2\"`, `\"1.3\"`") != std::string::npos);
  CHECK(key["range"] == json{{"start", {{"line", 3}, {"character", 6}}}, {"end", {{"line", 3}, {"character", 15}}}});

  const std::string dev = s.open("configs/dev.json");
  s.client.diagnostics();
  const json flagged = s.client.request("textDocument/hover", s.at(dev, 11, 32))["result"]; // certificate_validation: false
  const std::string explained = flagged["contents"]["value"];
  CHECK(explained.find("**CL2006** `certificate-validation-disabled`") != std::string::npos);
  CHECK(explained.find("https://claudelint.dev/rules/CL2006") != std::string::npos);
  CHECK(explained.find("`/security/certificate_validation`") != std::string::npos);
  // Between keys there is nothing to say.
  CHECK(s.client.request("textDocument/hover", s.at(dev, 0, 0))["result"].is_null());
}

TEST_CASE("lsp completion: keys the schema allows, less those present, and enum values", "[lsp][features]") {
  Session s;
  SECTION("YAML keys by indentation, and a key's enum values") {
    const std::string uri = s.open("deployment.yaml", "production:\n  monitoring:\n    health_checks: true\n    \n"
                                                      "  backup:\n    frequency: \n");
    const json keys = s.client.request("textDocument/completion", s.at(uri, 3, 4))["result"];
    CHECK(labels(keys) == std::vector<std::string>{"alerting", "auto_recovery"});
    CHECK(keys[0]["insertText"] == keys[0]["label"].get<std::string>() + ": ");
    CHECK(keys[0]["kind"] == 10);
    const json top = s.client.request("textDocument/completion", s.at(uri, 3, 2))["result"];
    CHECK(labels(top) == std::vector<std::string>{"instances", "load_balancing"});
    const json values = s.client.request("textDocument/completion", s.at(uri, 5, 15))["result"];
    CHECK(labels(values) == std::vector<std::string>{"daily", "hourly", "monthly", "weekly"});
  }
  SECTION("JSON keys inside an object, and string enum values") {
    const std::string uri = s.open("configs/production.json",
                                   "{\n  \"security\": {\n    \"tls\": {\n      \n    }\n  }\n}\n");
    const json keys = s.client.request("textDocument/completion", s.at(uri, 3, 6))["result"];
    CHECK(labels(keys) == std::vector<std::string>{"ciphers", "version"});
    CHECK(keys[0]["insertText"] == "\"ciphers\": ");
    CHECK(keys[0]["detail"] == "array");
    const std::string typed = "{\n  \"security\": {\n    \"tls\": {\n      \"version\": \n    }\n  }\n}\n";
    s.open("configs/production.json", typed);
    const json values = s.client.request("textDocument/completion", s.at(uri, 3, 17))["result"];
    REQUIRE(labels(values) == std::vector<std::string>{"1.2", "1.3"});
    CHECK(values[0]["insertText"] == "\"1.2\"");
  }
}
