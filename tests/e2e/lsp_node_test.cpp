// The server against a real LSP client implementation: tests/lsp-client/
// client_test.js uses vscode-languageserver-protocol (pinned in
// package.json). Skipped with a message where node or the package is missing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "process.h"

namespace fs = std::filesystem;
using namespace claudelint;

namespace {

/// `name` on PATH, or empty.
fs::path find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    std::error_code ec;
    if (!folder.empty() && fs::is_regular_file(fs::path(folder) / name, ec)) return fs::path(folder) / name;
  }
  return {};
}

} // namespace

TEST_CASE("lsp with a real client: vscode-languageserver-protocol over stdio", "[lsp][e2e][node]") {
  const fs::path source = CLAUDELINT_SOURCE_DIR;
  const fs::path node = find_on_path("node");
  if (node.empty() || !fs::exists(source / "node_modules/vscode-languageserver-protocol/package.json")) {
    WARN("skipped: needs node and `npm ci` (vscode-languageserver-protocol)");
    return;
  }
  test::ScratchDir scratch;
  const fs::path tree = scratch.path / "deployment";
  fs::copy(source / "fixtures/examples/deployment", tree, fs::copy_options::recursive);
  const auto result = test::run_process(node.string(),
                                        {(source / "tests/lsp-client/client_test.js").string(), CLAUDELINT_BINARY,
                                         tree.string()},
                                        source, std::chrono::seconds(120));
  INFO(result.out);
  INFO(result.err);
  CHECK(!result.timed_out);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("ok - shutdown and exit: exit code 0") != std::string::npos);
  CHECK(result.out.find("ok - code action: the suppression is inserted and the finding disappears") != std::string::npos);
  CHECK(result.out.find("ok - garbage on stdin") != std::string::npos);
}
