// libFuzzer target: the language server as a client's byte stream reaches
// it. The input is the stream itself (Content-Length framed JSON-RPC):
// framing must not depend on how the bytes are cut into reads, and every
// message goes through lsp::Server — lifecycle, document sync with full and
// incremental changes, checks of the open documents, hover, completion and
// code actions — whose replies must frame and parse again.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_harness.h"
#include "fuzz_tree.h"
#include "lsp/framing.h"
#include "lsp/protocol.h"
#include "lsp/server.h"

namespace {

using namespace claudelint;
using nlohmann::json;

std::vector<lsp::Frame> read_frames(std::string_view stream, std::size_t chunk) {
  lsp::FrameReader reader(1u << 20);
  std::vector<lsp::Frame> frames;
  for (std::size_t at = 0; at < stream.size(); at += chunk) {
    reader.feed(stream.substr(at, chunk));
    while (auto frame = reader.next()) frames.push_back(std::move(*frame));
  }
  if (auto last = reader.finish()) frames.push_back(std::move(*last));
  return frames;
}

bool same(const std::vector<lsp::Frame>& a, const std::vector<lsp::Frame>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].text != b[i].text) return false;
  return true;
}

/// The folder the fuzzed client's documents live in: `file:///workspace/…`
/// in the input stands for it. It holds a manifest on disk (so a document's
/// tree is found there, never above it) and nothing else.
const std::string& workspace_root() {
  static const std::string root = [] {
    const std::string folder = fuzz::scratch_root().string() + "-lsp";
    std::filesystem::create_directories(folder);
    std::ofstream(folder + "/claudelint.yaml") << "version: 1\n"
                                                  "environments:\n"
                                                  "  - {name: staging, files: [configs/staging.json]}\n"
                                                  "  - {name: production, files: [configs/production.json]}\n"
                                                  "shared: [deployment.yaml]\n";
    return folder;
  }();
  return root;
}

/// Rewrites `file:///workspace` in a URI to the real workspace folder;
/// false when the URI then names a file outside it, which the server would
/// go and read (a document or workspace folder elsewhere on this machine).
bool sandbox(std::string& text) {
  constexpr std::string_view placeholder = "file:///workspace";
  if (text.starts_with(placeholder)) text = "file://" + workspace_root() + text.substr(placeholder.size());
  const auto path = lsp::uri_to_path(text);
  if (!path) return true; // not a file URI: the server follows none
  const std::string name = path->string();
  return name == workspace_root() || name.starts_with(workspace_root() + "/");
}

/// `sandbox` applied to every string and key of a message.
bool sandbox(json& value) {
  if (value.is_string()) return sandbox(value.get_ref<std::string&>());
  if (value.is_array()) {
    for (auto& item : value)
      if (!sandbox(item)) return false;
  } else if (value.is_object()) {
    json rewritten = json::object();
    for (auto& [key, item] : value.items()) {
      std::string name = key;
      if (!sandbox(name) || !sandbox(item)) return false; // URIs as keys: workspace edits
      rewritten[name] = std::move(item);
    }
    value = std::move(rewritten);
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view stream(reinterpret_cast<const char*>(data), size);

  // Framing: one read, byte by byte, and reads of a size the input picks.
  const auto whole = read_frames(stream, stream.size() + 1);
  if (!same(whole, read_frames(stream, 1))) fuzz::violated("framing depends on how the stream is cut into reads");
  const std::size_t chunk = 2 + (size > 0 ? data[size - 1] % 61 : 0);
  if (!same(whole, read_frames(stream, chunk))) fuzz::violated("framing depends on how the stream is cut into reads");

  // The server: what it sends must be a JSON-RPC message that frames and
  // reads back (serve writes with invalid UTF-8 replaced, so do we).
  driver::Options options;
  options.jobs = 1;
  options.cwd = workspace_root();
  lsp::Server server(options, [](const json& message) {
    if (!message.is_object() || message.value("jsonrpc", "") != "2.0") fuzz::violated("server sent a non-JSON-RPC message");
    const std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
    if (std::getenv("CLAUDELINT_FUZZ_PRINT") != nullptr) std::fprintf(stderr, "%s\n", body.c_str());
    const auto back = read_frames(lsp::frame(body), 7);
    if (back.size() != 1 || back[0].kind != lsp::Frame::Kind::message || back[0].text != body)
      fuzz::violated("a message the server sent does not frame and read back");
  });
  for (const auto& frame : whole) {
    std::string error;
    auto message = frame.kind == lsp::Frame::Kind::message ? lsp::parse_message(frame.text, error) : std::nullopt;
    if (!message) {
      server.handle(frame); // answered with a parse error
    } else if (sandbox(*message)) {
      server.handle(*message);
    }
    if (server.exit_code()) break;
    if (server.check_pending()) server.run_checks();
  }
  return 0;
}
