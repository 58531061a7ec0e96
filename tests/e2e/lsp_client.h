#pragma once
// A client speaking the LSP base protocol to a `claudelint lsp` child over
// real pipes, the way an editor runs it. Shared by the LSP e2e tests.
#include <catch2/catch.hpp>

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lsp/framing.h"
#include "lsp/protocol.h"
#include "process.h"

namespace claudelint::test {

/// `initialize` parameters for a workspace at `root`, with no client capabilities.
inline nlohmann::json initialize_params(const std::filesystem::path& root) {
  return {{"processId", nullptr},
          {"rootUri", lsp::path_to_uri(root)},
          {"capabilities", nlohmann::json::object()},
          {"workspaceFolders", {{{"uri", lsp::path_to_uri(root)}, {"name", "root"}}}}};
}

/// A client speaking the base protocol to a `claudelint lsp` child.
class StdioClient {
public:
  /// `options`: what follows `claudelint lsp` on its command line.
  explicit StdioClient(const std::filesystem::path& cwd, const std::vector<std::string>& options = {})
      : process_(CLAUDELINT_BINARY, with_lsp(options), cwd) {}

  static std::vector<std::string> with_lsp(std::vector<std::string> options) {
    options.insert(options.begin(), "lsp");
    return options;
  }

  void send_raw(std::string_view bytes) { REQUIRE(process_.write(bytes)); }
  /// Opens `file` with its text on disk as version 1; returns its URI.
  std::string open(const std::filesystem::path& file, const std::string& language = "json") {
    const std::string uri = lsp::path_to_uri(file);
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", 1}, {"text", read_all(file)}}}});
    return uri;
  }
  void send(const nlohmann::json& message) { send_raw(lsp::frame(message.dump())); }
  void notify(const std::string& method, nlohmann::json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  int request(const std::string& method, nlohmann::json params) {
    const int id = next_id_++;
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    return id;
  }
  /// The first message from the server (in order) that `match` accepts,
  /// dropping those before it; fails the test after `timeout`.
  nlohmann::json wait_for(const std::function<bool(const nlohmann::json&)>& match,
                          std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      while (!received_.empty()) {
        nlohmann::json message = std::move(received_.front());
        received_.pop_front();
        if (match(message)) return message;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= std::chrono::milliseconds(0)) FAIL("no matching message from the server in time");
      std::string bytes;
      if (process_.read_some(bytes, left)) {
        reader_.feed(bytes);
        while (auto frame = reader_.next()) {
          REQUIRE(frame->kind == lsp::Frame::Kind::message);
          transcript_ += frame->text;
          transcript_ += '\n';
          received_.push_back(nlohmann::json::parse(frame->text));
        }
      } else if (std::chrono::steady_clock::now() < deadline) {
        FAIL("the server closed its output");
      }
    }
  }
  nlohmann::json reply(const nlohmann::json& id) {
    return wait_for(
        [id](const nlohmann::json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
  }
  /// The next publishDiagnostics for `uri`.
  nlohmann::json diagnostics(const std::string& uri) {
    return wait_for([&](const nlohmann::json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
    })["params"];
  }
  /// Every message the server has sent so far, as sent (one per line).
  const std::string& transcript() const { return transcript_; }
  ProcessResult finish(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return process_.wait(timeout);
  }

private:
  PipedProcess process_;
  lsp::FrameReader reader_;
  std::deque<nlohmann::json> received_;
  std::string transcript_;
  int next_id_ = 1;
};

} // namespace claudelint::test
