#pragma once
// An LSP client for tests that drives lsp::Server in the same process,
// message by message, and keeps everything the server sent.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/driver.h"
#include "lsp/server.h"

namespace claudelint::test {

struct InProcessClient {
  using json = nlohmann::json;
  std::vector<json> sent;
  lsp::Server server;
  int next_id = 1;

  explicit InProcessClient(driver::Options options = {})
      : server(std::move(options), [this](const json& message) { sent.push_back(message); }) {}

  /// Sends a request; returns the server's reply to it (null when none).
  json request(const std::string& method, json params = json::object()) {
    const int id = next_id++;
    server.handle(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    for (const auto& message : sent)
      if (message.contains("id") && message["id"] == id) return message;
    return nullptr;
  }
  void notify(const std::string& method, json params = json::object()) {
    server.handle(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  json initialize(json capabilities = json::object(), const std::string& root_uri = "") {
    json params = {{"processId", nullptr}, {"capabilities", std::move(capabilities)}};
    params["rootUri"] = root_uri.empty() ? json(nullptr) : json(root_uri);
    const json reply = request("initialize", std::move(params));
    notify("initialized");
    return reply;
  }
  /// Runs the pending checks, then returns the latest diagnostics published
  /// for each URI during this session (cleared ones as empty arrays).
  std::map<std::string, json> diagnostics() {
    server.run_checks();
    std::map<std::string, json> out;
    for (const auto& message : sent)
      if (message.value("method", "") == "textDocument/publishDiagnostics")
        out[message["params"]["uri"].get<std::string>()] = message["params"]["diagnostics"];
    return out;
  }
  /// The publications sent since `from` (an index into `sent`).
  std::vector<json> published_since(std::size_t from) const {
    std::vector<json> out;
    for (std::size_t i = from; i < sent.size(); ++i)
      if (sent[i].value("method", "") == "textDocument/publishDiagnostics") out.push_back(sent[i]["params"]);
    return out;
  }
};

/// "CODE@line:character" for each diagnostic of a publication, in order.
inline std::vector<std::string> codes_at(const nlohmann::json& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics)
    out.push_back(d["code"].get<std::string>() + "@" + std::to_string(d["range"]["start"]["line"].get<int>()) + ":" +
                  std::to_string(d["range"]["start"]["character"].get<int>()));
  return out;
}

} // namespace claudelint::test
