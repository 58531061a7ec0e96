// The VS Code extension packages: `vsce package` over editors/vscode (with
// its pinned vscode-languageclient) yields a .vsix holding the client and
// its dependencies. Skipped with a message where node or the extension's
// packages (scripts/bootstrap deps installs them) are missing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "process.h"

namespace fs = std::filesystem;
using namespace claudelint;

TEST_CASE("the VS Code extension packages with vsce", "[lsp][e2e][node][vscode]") {
  const fs::path extension = fs::path(CLAUDELINT_SOURCE_DIR) / "editors/vscode";
  const fs::path vsce = extension / "node_modules/@vscode/vsce/vsce";
  fs::path node;
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "");
  for (std::string folder; std::getline(folders, folder, ':');) {
    std::error_code ec;
    if (!folder.empty() && fs::is_regular_file(fs::path(folder) / "node", ec)) {
      node = fs::path(folder) / "node";
      break;
    }
  }
  if (node.empty() || !fs::exists(vsce)) {
    WARN("skipped: needs node and `npm ci --ignore-scripts` in editors/vscode");
    return;
  }
  const auto syntax = test::run_process(node.string(), {"--check", (extension / "extension.js").string()}, extension);
  CHECK(syntax.exit_code == 0);

  test::ScratchDir scratch;
  const fs::path vsix = scratch.path / "claudelint.vsix";
  const auto result = test::run_process(
      node.string(), {vsce.string(), "package", "--skip-license", "--allow-missing-repository", "--out", vsix.string()},
      extension, std::chrono::seconds(120));
  INFO(result.out);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  REQUIRE(fs::exists(vsix));
  // A .vsix is a zip: its entry names are stored as they are.
  const std::string bytes = test::read_all(vsix);
  CHECK(bytes.find("extension/extension.js") != std::string::npos);
  CHECK(bytes.find("extension/package.json") != std::string::npos);
  CHECK(bytes.find("extension/node_modules/vscode-languageclient/package.json") != std::string::npos);
  CHECK(bytes.find("extension/node_modules/@vscode/vsce") == std::string::npos); // dev only
}
