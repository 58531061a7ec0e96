#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "../../e2e/process.h"
#include "in_process.h"
#include "lsp/protocol.h"

namespace fs = std::filesystem;
using namespace claudelint;
using claudelint::test::codes_at;
using claudelint::test::InProcessClient;
using nlohmann::json;

namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool has_code(const json& diagnostics, const std::string& code) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const json& d) { return d["code"] == code; });
}

/// A copy of the guide-shaped example tree in a scratch folder.
struct ExampleTree {
  test::ScratchDir scratch;
  fs::path root = scratch.path / "deployment";
  ExampleTree() {
    fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", root, fs::copy_options::recursive);
  }
  std::string uri(const std::string& relative) const { return lsp::path_to_uri(root / relative); }
  std::string text(const std::string& relative) const { return test::read_all(root / relative); }
};

json open_params(const std::string& uri, const std::string& language, const std::string& text, int version = 1) {
  return {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", version}, {"text", text}}}};
}

json edit(const std::string& uri, int version, json changes) {
  return {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", std::move(changes)}};
}

json range_change(int l1, int c1, int l2, int c2, const std::string& text) {
  return {{"range", {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}}},
          {"text", text}};
}

} // namespace

TEST_CASE("lsp lifecycle: initialize, capabilities, shutdown, exit", "[lsp][server]") {
  InProcessClient client;
  const json early = client.request("textDocument/hover", json::object());
  CHECK(early["error"]["code"] == lsp::error_code::server_not_initialized);

  SECTION("UTF-16 unless the client offers UTF-8; shutdown then exit is 0") {
    const json reply = client.initialize();
    const json& capabilities = reply["result"]["capabilities"];
    CHECK(capabilities["positionEncoding"] == "utf-16");
    CHECK(capabilities["textDocumentSync"]["change"] == 2);
    CHECK(capabilities["textDocumentSync"]["openClose"] == true);
    CHECK(capabilities.contains("codeActionProvider"));
    CHECK(capabilities["hoverProvider"] == true);
    CHECK(capabilities.contains("completionProvider"));
    CHECK(reply["result"]["serverInfo"]["name"] == "claudelint");
    CHECK(client.request("initialize", json::object())["error"]["code"] == lsp::error_code::invalid_request);
    CHECK(client.request("workspace/frobnicate")["error"]["code"] == lsp::error_code::method_not_found);
    const auto before = client.sent.size();
    client.notify("workspace/frobnicated"); // unknown notifications are ignored
    client.notify("$/setTrace", {{"value", "off"}});
    CHECK(client.sent.size() == before);
    CHECK(client.request("shutdown")["result"].is_null());
    CHECK(client.request("textDocument/hover")["error"]["code"] == lsp::error_code::invalid_request);
    CHECK(!client.server.exit_code());
    client.notify("exit");
    CHECK(client.server.exit_code() == 0);
  }
  SECTION("UTF-8 when offered; exit without shutdown is 1") {
    const json reply = client.initialize({{"general", {{"positionEncodings", {"utf-8", "utf-16"}}}}});
    CHECK(reply["result"]["capabilities"]["positionEncoding"] == "utf-8");
    client.notify("exit");
    CHECK(client.server.exit_code() == 1);
  }
}

TEST_CASE("lsp: malformed messages get JSON-RPC errors, never a crash", "[lsp][server]") {
  InProcessClient client;
  client.initialize();
  const auto last_error = [&] { return client.sent.back()["error"]["code"].get<int>(); };
  client.server.handle(lsp::Frame{lsp::Frame::Kind::error, "malformed header line 'x'"});
  CHECK(last_error() == lsp::error_code::parse_error);
  CHECK(client.sent.back()["id"].is_null());
  client.server.handle(lsp::Frame{lsp::Frame::Kind::message, "{not json"});
  CHECK(last_error() == lsp::error_code::parse_error);
  client.server.handle(lsp::Frame{lsp::Frame::Kind::message, std::string(100000, '[')});
  CHECK(last_error() == lsp::error_code::parse_error);
  client.server.handle(json::array({1, 2}));
  CHECK(last_error() == lsp::error_code::invalid_request);
  client.server.handle(json{{"jsonrpc", "2.0"}, {"id", 7}});
  CHECK(last_error() == lsp::error_code::invalid_request);
  CHECK(client.sent.back()["id"] == 7);
  client.server.handle(json{{"jsonrpc", "1.0"}, {"id", 8}, {"method", "shutdown"}});
  CHECK(last_error() == lsp::error_code::invalid_request);
  client.server.handle(json{{"jsonrpc", "2.0"}, {"id", json::object()}, {"method", "shutdown"}});
  CHECK(last_error() == lsp::error_code::invalid_request);
  // Bad notifications are logged, not answered.
  client.notify("textDocument/didOpen", {{"textDocument", 5}});
  CHECK(client.sent.back()["method"] == "window/logMessage");
  client.notify("textDocument/didChange", edit("file:///nowhere/dev.json", 2, json::array()));
  CHECK(client.sent.back()["method"] == "window/logMessage");
  client.notify("textDocument/didOpen", open_params("untitled:1", "json", "{}"));
  CHECK(client.sent.back()["method"] == "window/logMessage");
  // The server still works.
  CHECK(client.request("shutdown")["result"].is_null());
}

TEST_CASE("lsp diagnostics: open, edit, close", "[lsp][server]") {
  ExampleTree tree;
  InProcessClient client;
  client.initialize({}, lsp::path_to_uri(tree.scratch.path));
  const std::string staging = tree.uri("configs/staging.json");
  client.notify("textDocument/didOpen", open_params(staging, "json", tree.text("configs/staging.json")));
  auto published = client.diagnostics();

  // The open document, and every other file of the tree with findings.
  const auto codes = codes_at(published.at(staging));
  CHECK(has(codes, "CL0002@31:4")); // the second "timeout"
  CHECK(has_code(published.at(tree.uri("configs/pre-prod.json")), "CL0010"));
  CHECK(has_code(published.at(tree.uri("deployment.yaml")), "CL0006"));
  const json duplicate = *std::find_if(published.at(staging).begin(), published.at(staging).end(),
                                       [](const json& d) { return d["code"] == "CL0002"; });
  CHECK(duplicate["severity"] == 1);
  CHECK(duplicate["source"] == "claudelint");
  CHECK(duplicate["codeDescription"]["href"] == "https://claudelint.dev/diagnostics#cl0002");
  CHECK(duplicate["message"] == "duplicate key \"timeout\"; the last value wins and the first is silently lost\n"
                                "help: remove one of the two, or merge their values");
  CHECK(duplicate["range"] == json{{"start", {{"line", 31}, {"character", 4}}}, {"end", {{"line", 31}, {"character", 13}}}});
  REQUIRE(duplicate["relatedInformation"].size() == 1);
  CHECK(duplicate["relatedInformation"][0]["location"]["uri"] == staging);
  CHECK(duplicate["relatedInformation"][0]["location"]["range"]["start"] == json{{"line", 25}, {"character", 4}});
  for (const auto& message : client.sent)
    if (message.value("method", "") == "textDocument/publishDiagnostics" && message["params"]["uri"] == staging)
      CHECK(message["params"]["version"] == 1);

  // One edit removes the duplicate; another breaks the syntax further up.
  const auto from = client.sent.size();
  client.notify("textDocument/didChange",
                edit(staging, 2,
                     {range_change(30, 5, 31, 20, ""),            // "},\n    \"timeout\": 30000" -> "}"
                      range_change(24, 29, 24, 30, "")})); // the comma after 100
  published = client.diagnostics();
  const auto now = codes_at(published.at(staging));
  CHECK(!has_code(published.at(staging), "CL0002"));
  CHECK(now == std::vector<std::string>{"CL0001@24:29"}); // where the comma is missing
  CHECK(client.published_since(from).size() >= 1);
  CHECK(tree.text("configs/staging.json").find("\"timeout\": 30000") != std::string::npos); // disk untouched
  // The edited buffer was reparsed from its previous tree, not from scratch.
  const auto parses = client.server.documents().find(staging)->syntax->stats();
  CHECK(parses.parses == 2);
  CHECK(parses.incremental == 1);

  // Closing the only open document clears its diagnostics and the tree's.
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", staging}}}});
  published = client.diagnostics();
  for (const auto& [uri, diagnostics] : published) CHECK(diagnostics.empty());
}

TEST_CASE("lsp diagnostics: --select publishes only the selected rules", "[lsp][server][select]") {
  ExampleTree tree;
  driver::Options options;
  options.selection.emplace(std::vector<std::string>{"duplicate-key"});
  InProcessClient client(options);
  client.initialize({}, lsp::path_to_uri(tree.scratch.path));
  const std::string staging = tree.uri("configs/staging.json");
  client.notify("textDocument/didOpen", open_params(staging, "json", tree.text("configs/staging.json")));
  const auto published = client.diagnostics();
  // The duplicate key, and nothing of the other rules that fire on this
  // tree (a trailing comma in pre-prod.json, an ambiguous YAML scalar).
  CHECK(codes_at(published.at(staging)) == std::vector<std::string>{"CL0002@31:4"});
  for (const auto& [uri, diagnostics] : published)
    for (const auto& d : diagnostics) CHECK(d["code"] == "CL0002");
}

TEST_CASE("lsp diagnostics: a file in no tree, and one not on disk", "[lsp][server]") {
  test::ScratchDir scratch;
  test::write_file(scratch.path / "lone" / "settings.json", "{\"a\": 1, \"a\": 2}\n");
  InProcessClient client;
  client.initialize({{"general", {{"positionEncodings", {"utf-8"}}}}});
  const std::string lone = lsp::path_to_uri(scratch.path / "lone" / "settings.json");
  client.notify("textDocument/didOpen", open_params(lone, "json", "{\"é\": 1, \"é\": 2}\n"));
  auto published = client.diagnostics();
  CHECK(codes_at(published.at(lone)) == std::vector<std::string>{"CL0002@0:10"}); // UTF-8: bytes
  const std::string unsaved = lsp::path_to_uri(scratch.path / "lone" / "new.yaml");
  client.notify("textDocument/didOpen", open_params(unsaved, "yaml", "a: 1\na: 2\n"));
  published = client.diagnostics();
  CHECK(codes_at(published.at(unsaved)) == std::vector<std::string>{"CL0002@1:0"});
  const std::string readme = lsp::path_to_uri(scratch.path / "lone" / "README.md");
  client.notify("textDocument/didOpen", open_params(readme, "markdown", "# hi\n"));
  published = client.diagnostics();
  CHECK(published.at(readme).empty());
}

TEST_CASE("lsp diagnostics: a URI that names a folder checks nothing beside it", "[lsp][server]") {
  // A fuzzer opened a folder as a document: its tree was looked for beside
  // it, and the folder's parent, a tree because of a file named `ci.log`,
  // was checked whole (all of /tmp).
  test::ScratchDir scratch;
  test::write_file(scratch.path / "ci.log", "not a config\n");
  test::write_file(scratch.path / "production.json", "{\"a\": 1, \"a\": 2}\n");
  test::write_file(scratch.path / "folder.json" / "inside.json", "{}\n");
  InProcessClient client;
  client.initialize({}, lsp::path_to_uri(scratch.path));
  const std::string folder = lsp::path_to_uri(scratch.path / "folder.json");
  client.notify("textDocument/didOpen", open_params(folder, "json", "{\"b\": 1, \"b\": 2}\n"));
  const auto published = client.diagnostics();
  CHECK_FALSE(published.contains(lsp::path_to_uri(scratch.path / "production.json")));
}

TEST_CASE("lsp diagnostics: another file of the environment changes on disk", "[lsp][server]") {
  ExampleTree tree;
  InProcessClient client;
  client.initialize({}, lsp::path_to_uri(tree.scratch.path));
  const std::string staging = tree.uri("configs/staging.json");
  client.notify("textDocument/didOpen", open_params(staging, "json", tree.text("configs/staging.json")));
  CHECK(has(codes_at(client.diagnostics().at(staging)), "CL6004@31:15")); // 30000 against production's 60000
  // Production catches up on disk; the editor reports the watched file.
  test::write_file(tree.root / "configs/production.json",
                   tree.text("configs/production.json").replace(tree.text("configs/production.json").find("60000"), 5, "30000"));
  client.notify("workspace/didChangeWatchedFiles",
                {{"changes", {{{"uri", tree.uri("configs/production.json")}, {"type", 2}}}}});
  CHECK(!has(codes_at(client.diagnostics().at(staging)), "CL6004@31:15"));
}

TEST_CASE("lsp: file watchers are registered with a client that can watch", "[lsp][server]") {
  const auto registrations = [](json capabilities) {
    InProcessClient client;
    client.initialize(std::move(capabilities));
    std::vector<json> out;
    for (const auto& message : client.sent)
      if (message.value("method", "") == "client/registerCapability") out.push_back(message);
    // The client's answer is a response, not a request: no reply to it.
    const auto before = client.sent.size();
    client.server.handle(json{{"jsonrpc", "2.0"}, {"id", "claudelint/watch-files"}, {"result", nullptr}});
    CHECK(client.sent.size() == before);
    return out;
  };
  CHECK(registrations(json::object()).empty());
  const auto sent = registrations({{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles");
}
