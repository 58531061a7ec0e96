// `claudelint lsp` driven over real pipes, the way an editor runs it.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/protocol.h"
#include "lsp_client.h"
#include "process.h"

namespace fs = std::filesystem;
using namespace claudelint;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> codes(const json& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics)
    out.push_back(d["code"].get<std::string>() + "@" + std::to_string(d["range"]["start"]["line"].get<int>()) + ":" +
                  std::to_string(d["range"]["start"]["character"].get<int>()));
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

TEST_CASE("lsp over stdio: open, edit, close, shutdown, exit", "[lsp][e2e]") {
  test::ScratchDir scratch;
  const fs::path tree = scratch.path / "deployment";
  fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", tree, fs::copy_options::recursive);
  test::StdioClient client(scratch.path);
  const json init = client.reply(client.request("initialize", test::initialize_params(scratch.path)));
  CHECK(init["result"]["capabilities"]["positionEncoding"] == "utf-16");
  CHECK(init["result"]["capabilities"]["textDocumentSync"]["change"] == 2);
  client.notify("initialized", json::object());

  // Open: the document's findings, and its tree's.
  const std::string staging = client.open(tree / "configs/staging.json");
  const json first = client.diagnostics(staging);
  CHECK(first["version"] == 1);
  CHECK(has(codes(first["diagnostics"]), "CL0002@31:4"));
  CHECK(has(codes(first["diagnostics"]), "CL6004@31:15")); // staging's timeout against production's

  // One edit fixes the duplicate key; the other breaks the syntax above it.
  const auto change = [](int l1, int c1, int l2, int c2, const char* text) {
    return json{{"range", {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}}},
                {"text", text}};
  };
  client.notify("textDocument/didChange",
                {{"textDocument", {{"uri", staging}, {"version", 2}}},
                 {"contentChanges", {change(30, 5, 31, 20, ""), change(24, 29, 24, 30, "")}}});
  const json second = client.diagnostics(staging);
  CHECK(second["version"] == 2);
  CHECK(codes(second["diagnostics"]) == std::vector<std::string>{"CL0001@24:29"});

  // Unknown requests get an error; the server goes on.
  const json unknown = client.reply(client.request("textDocument/frobnicate", json::object()));
  CHECK(unknown["error"]["code"] == lsp::error_code::method_not_found);

  client.notify("textDocument/didClose", {{"textDocument", {{"uri", staging}}}});
  CHECK(client.diagnostics(staging)["diagnostics"].empty());

  const json down = client.reply(client.request("shutdown", nullptr));
  CHECK(down["result"].is_null());
  client.notify("exit", nullptr);
  const auto result = client.finish();
  CHECK(!result.timed_out);
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 0);
}

TEST_CASE("lsp over stdio: --select and --rule apply to every check", "[lsp][e2e][select]") {
  test::ScratchDir scratch;
  const fs::path tree = scratch.path / "deployment";
  fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", tree, fs::copy_options::recursive);
  // TEAM001 is a rule of no pack this tree has: one server serves trees
  // with different packs, so an unknown name is no error for it.
  test::StdioClient client(scratch.path, {"--select", "duplicate-key,env-parity", "--rule", "TEAM001=off", "--rule",
                                          "env-parity=info"});
  client.reply(client.request("initialize", test::initialize_params(scratch.path)));
  client.notify("initialized", json::object());
  const std::string staging = client.open(tree / "configs/staging.json");
  const json published = client.diagnostics(staging)["diagnostics"];
  CHECK(codes(published) == std::vector<std::string>{"CL0002@31:4", "CL6004@31:15"});
  for (const auto& d : published)
    if (d["code"] == "CL6004") CHECK(d["severity"] == 3); // information
  client.reply(client.request("shutdown", nullptr));
  client.notify("exit", nullptr);
  CHECK(client.finish().exit_code == 0);
}

TEST_CASE("lsp over stdio: a policy rule's quick fix, applied, makes its finding go", "[lsp][e2e]") {
  test::ScratchDir scratch;
  const fs::path tree = scratch.path / "deployment";
  fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", tree, fs::copy_options::recursive);
  // Production on TLS 1.2 (CL2003) behind a plain-http endpoint (CL2001).
  std::string text = test::read_all(tree / "configs/production.json");
  text.replace(text.find("\"1.3\""), 5, "\"1.2\"");
  text.replace(text.find("https://api"), 8, "http://");
  test::StdioClient client(scratch.path);
  client.reply(client.request("initialize", test::initialize_params(scratch.path)));
  client.notify("initialized", json::object());
  const std::string uri = lsp::path_to_uri(tree / "configs/production.json");
  client.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", uri}, {"languageId", "json"}, {"version", 1}, {"text", text}}}});
  json published = client.diagnostics(uri);
  int version = 1;
  for (const std::string code : {"CL2003", "CL2001"}) {
    INFO(code);
    const json& found = published["diagnostics"];
    const auto it = std::find_if(found.begin(), found.end(), [&code](const json& d) { return d["code"] == code; });
    REQUIRE(it != found.end());
    const json finding = *it;
    const json actions = client.reply(client.request(
        "textDocument/codeAction",
        {{"textDocument", {{"uri", uri}}}, {"range", finding["range"]}, {"context", {{"diagnostics", {finding}}}}}))["result"];
    REQUIRE(actions.size() == 1); // strict JSON: the fix, no suppression comment
    CHECK(actions[0]["kind"] == "quickfix");
    json changes = json::array();
    for (const auto& edit : actions[0]["edit"]["changes"][uri])
      changes.push_back({{"range", edit["range"]}, {"text", edit["newText"]}});
    ++version;
    client.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", changes}});
    published = client.wait_for([&uri, version](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
             m["params"].value("version", 0) == version;
    })["params"];
    const auto now = codes(published["diagnostics"]);
    CHECK(std::none_of(now.begin(), now.end(), [&code](const std::string& c) { return c.starts_with(code + "@"); }));
  }
  client.reply(client.request("shutdown", nullptr));
  client.notify("exit", nullptr);
  CHECK(client.finish().exit_code == 0);
}

TEST_CASE("lsp over stdio: garbage gets error replies, never a crash", "[lsp][e2e]") {
  test::ScratchDir scratch;
  test::StdioClient client(scratch.path);
  const auto error_reply = [&] { return client.wait_for([](const json& m) { return m.contains("error"); }); };

  client.send_raw("this is not a header\r\n\r\n");
  json error = error_reply();
  CHECK(error["error"]["code"] == lsp::error_code::parse_error);
  CHECK(error["id"].is_null());

  client.send_raw("Content-Length: 11\r\n\r\n{\"id\": 1, }");
  CHECK(error_reply()["error"]["code"] == lsp::error_code::parse_error);

  client.send_raw("Content-Length: nine\r\n\r\n");
  CHECK(error_reply()["error"]["code"] == lsp::error_code::parse_error);

  client.send(json{{"jsonrpc", "2.0"}, {"id", 9}, {"method", "textDocument/hover"}, {"params", json::object()}});
  error = error_reply();
  CHECK(error["id"] == 9);
  CHECK(error["error"]["code"] == lsp::error_code::server_not_initialized);

  client.send_raw(std::string(300, '\xff') + "\r\n\r\n");
  CHECK(error_reply()["error"]["code"] == lsp::error_code::parse_error);

  // Still in step: a real request is answered.
  const json init = client.reply(client.request("initialize", test::initialize_params(scratch.path)));
  CHECK(init["result"]["capabilities"].is_object());

  // A request and its cancel that arrive together: the request is cancelled.
  const std::string hover =
      lsp::frame(R"({"jsonrpc":"2.0","id":"h1","method":"textDocument/hover","params":{}})") +
      lsp::frame(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"h1"}})");
  client.send_raw(hover);
  CHECK(client.reply("h1")["error"]["code"] == lsp::error_code::request_cancelled);

  // The input ends without shutdown and exit: exit code 1, no crash.
  const auto result = client.finish();
  CHECK(!result.timed_out);
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 1);
}

TEST_CASE("lsp over stdio: exit without shutdown is 1", "[lsp][e2e]") {
  test::ScratchDir scratch;
  test::StdioClient client(scratch.path);
  client.reply(client.request("initialize", test::initialize_params(scratch.path)));
  client.notify("exit", nullptr);
  const auto result = client.finish();
  CHECK(!result.timed_out);
  CHECK(result.exit_code == 1);
}
