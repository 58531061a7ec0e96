#include <catch2/catch.hpp>

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include "../../e2e/process.h"
#include "lsp/framing.h"
#include "lsp/protocol.h"
#include "lsp/server.h"

namespace fs = std::filesystem;
using namespace claudelint;
using nlohmann::json;

namespace {

/// `lsp::serve` on a thread of its own, talked to over two pipes.
class PipedServer {
public:
  explicit PipedServer(lsp::ServeOptions options) {
    REQUIRE(::pipe(to_server_) == 0);
    REQUIRE(::pipe(from_server_) == 0);
    thread_ = std::thread([this, options] {
      exit_code_ = lsp::serve(to_server_[0], from_server_[1], {}, options);
      ::close(from_server_[1]);
    });
  }
  ~PipedServer() {
    if (to_server_[1] >= 0) ::close(to_server_[1]); // the end of input is an exit
    thread_.join();
    ::close(to_server_[0]);
    ::close(from_server_[0]);
  }
  void send(const json& message) {
    const std::string bytes = lsp::frame(message.dump());
    REQUIRE(::write(to_server_[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  /// The next message from the server; null after 30 s without one (a hang
  /// fails the test instead of blocking it).
  json receive() {
    for (;;) {
      if (auto frame = reader_.next()) return json::parse(frame->text);
      pollfd descriptor{from_server_[0], POLLIN, 0};
      if (::poll(&descriptor, 1, 30000) <= 0) return nullptr;
      char buffer[65536];
      const ssize_t got = ::read(from_server_[0], buffer, sizeof buffer);
      if (got <= 0) return nullptr;
      reader_.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
    }
  }
  int finish() {
    ::close(to_server_[1]);
    to_server_[1] = -1;
    thread_.join();
    thread_ = std::thread([] {});
    return exit_code_;
  }

private:
  int to_server_[2] = {-1, -1};
  int from_server_[2] = {-1, -1};
  std::thread thread_;
  int exit_code_ = -1;
  lsp::FrameReader reader_;
};

json request(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}
json notification(const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

} // namespace

TEST_CASE("lsp serve: a check that takes long holds up no reply", "[lsp][serve]") {
  test::ScratchDir scratch;
  const fs::path root = scratch.path / "deployment";
  fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", root, fs::copy_options::recursive);
  const std::string uri = lsp::path_to_uri(root / "configs/staging.json");

  // The check waits until the test lets it go.
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  bool started_once = false;
  lsp::ServeOptions options;
  options.debounce = std::chrono::milliseconds(1);
  options.run_check = [&](const lsp::CheckJob& job) {
    if (!started_once) {
      started_once = true;
      started.set_value();
      released.wait();
    }
    return lsp::run_check(job);
  };
  PipedServer server(options);
  // A failing REQUIRE must not leave the check held and the server unjoinable.
  struct Releaser {
    std::promise<void>& release;
    bool done = false;
    void now() {
      if (!done) release.set_value();
      done = true;
    }
    ~Releaser() { now(); }
  } releaser{release};
  server.send(request(1, "initialize", {{"processId", nullptr}, {"capabilities", json::object()},
                                        {"rootUri", lsp::path_to_uri(scratch.path)}}));
  REQUIRE(server.receive()["id"] == 1);
  server.send(notification("initialized", json::object()));
  server.send(notification("textDocument/didOpen",
                           {{"textDocument", {{"uri", uri}, {"languageId", "json"}, {"version", 1},
                                              {"text", test::read_all(root / "configs/staging.json")}}}}));
  REQUIRE(started.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready);

  // While the check is held: a hover is answered, and nothing is published yet.
  server.send(request(2, "textDocument/hover",
                      {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 4}}}}));
  const json reply = server.receive();
  REQUIRE(reply.is_object());
  CHECK(reply["id"] == 2);
  CHECK(reply.contains("result"));

  // Let the check finish: its diagnostics arrive.
  releaser.now();
  json published = server.receive();
  while (published.is_object() && published.value("method", "") != "textDocument/publishDiagnostics")
    published = server.receive();
  REQUIRE(published.is_object());
  CHECK_FALSE(published["params"]["diagnostics"].empty());

  server.send(request(3, "shutdown", nullptr));
  json shutdown = server.receive();
  while (shutdown.is_object() && shutdown.value("id", json()) != 3) shutdown = server.receive();
  CHECK(shutdown["result"].is_null());
  server.send(notification("exit", nullptr));
  CHECK(server.finish() == 0);
}
