// The language server reports the same findings as `claudelint check` for
// the same content: the editor's unsaved buffers in one copy of a tree, the
// same text saved to disk in another, checked by the real binary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../unit/lsp/in_process.h"
#include "lsp/protocol.h"
#include "process.h"

namespace fs = std::filesystem;
using namespace claudelint;
using nlohmann::json;

namespace {

/// Replaces the first `from` in `text` by `to` (which must be there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string location(const std::string& file, int line, int column, int end_line, int end_column) {
  return fmt::format("{}:{}:{}-{}:{}", file, line, column, end_line, end_column);
}

} // namespace

TEST_CASE("lsp: the same findings as the CLI for the same content", "[lsp][e2e]") {
  test::ScratchDir scratch;
  const fs::path example = fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment";
  const fs::path editor = scratch.path / "editor" / "deployment"; // disk as committed, edits in buffers
  const fs::path saved = scratch.path / "saved" / "deployment";   // the same edits saved
  fs::create_directories(editor.parent_path());
  fs::create_directories(saved.parent_path());
  fs::copy(example, editor, fs::copy_options::recursive);
  fs::copy(example, saved, fs::copy_options::recursive);

  // Edits that add policy, schema, parity and syntax findings across files.
  std::map<std::string, std::string> buffers;
  const auto production = test::read_all(example / "configs/production.json");
  // production.json is in the middle of being typed (a key half written):
  // the parts that parse still get their findings.
  buffers["configs/production.json"] =
      replaced(replaced(replaced(production, "\"version\": \"1.3\"", "\"version\": \"1.0\""), "\"warn\"", "\"debug\""),
               "\"caching\": {\n", "\"caching\": {\n      \"ena\n");
  buffers["deployment.yaml"] = replaced(test::read_all(example / "deployment.yaml"), "      count: 1\n",
                                        "      count: 1\n      count: \"two\" # é\n");
  buffers["configs/dev.json"] = test::read_all(example / "configs/dev.json");
  for (const auto& [relative, text] : buffers) test::write_file(saved / relative, text);

  const auto cli = test::run_process(CLAUDELINT_BINARY, {"check", "--format", "json", "."}, saved);
  REQUIRE(cli.exit_code == 1);
  std::multiset<std::string> expected;
  const json report = json::parse(cli.out);
  for (const auto& d : report["diagnostics"]) {
    std::string line = location(d["file"], d["line"], d["column"], d["end_line"], d["end_column"]) + " " +
                       d["severity"].get<std::string>() + " " + d["rule"].get<std::string>() + " " +
                       d["message"].get<std::string>();
    if (!d["help"].is_null()) line += "\nhelp: " + d["help"].get<std::string>();
    for (const auto& r : d["related"])
      line += "\n  " + location(r["file"], r["line"], r["column"], r["end_line"], r["end_column"]) + " " +
              r["message"].get<std::string>();
    expected.insert(line);
  }

  // UTF-8 positions: characters are the CLI's byte columns, 0-based.
  test::InProcessClient client;
  client.initialize({{"general", {{"positionEncodings", {"utf-8"}}}}}, lsp::path_to_uri(scratch.path));
  for (const auto& [relative, text] : buffers)
    client.notify("textDocument/didOpen",
                  {{"textDocument",
                    {{"uri", lsp::path_to_uri(editor / relative)}, {"languageId", "json"}, {"version", 1}, {"text", text}}}});
  const auto relative_of = [&](const std::string& uri) {
    return lsp::uri_to_path(uri)->lexically_relative(editor).generic_string();
  };
  const auto where = [&](const std::string& uri, const json& range) {
    return location(relative_of(uri), range["start"]["line"].get<int>() + 1, range["start"]["character"].get<int>() + 1,
                    range["end"]["line"].get<int>() + 1, range["end"]["character"].get<int>() + 1);
  };
  const char* severities[] = {"", "error", "warning", "info"};
  std::multiset<std::string> actual;
  std::size_t published_files = 0;
  for (const auto& [uri, diagnostics] : client.diagnostics()) {
    published_files += diagnostics.empty() ? 0 : 1;
    for (const auto& d : diagnostics) {
      std::string line = where(uri, d["range"]) + " " + severities[d["severity"].get<int>()] + " " +
                         d["code"].get<std::string>() + " " + d["message"].get<std::string>();
      for (const auto& r : d.value("relatedInformation", json::array()))
        line += "\n  " + where(r["location"]["uri"], r["location"]["range"]) + " " + r["message"].get<std::string>();
      actual.insert(line);
    }
  }
  CHECK(published_files >= 4);
  CHECK(expected.size() >= 15);
  CHECK(actual == expected);
  // The edits are what was checked.
  const auto mentions = [&](const std::string& file, const std::string& rule) {
    for (const auto& line : actual)
      if (line.starts_with(file + ":") && line.find(" " + rule + " ") != std::string::npos) return true;
    return false;
  };
  CHECK(mentions("deployment.yaml", "CL0002"));
  CHECK(mentions("configs/production.json", "CL1002"));
  CHECK(mentions("configs/production.json", "CL7001"));
  CHECK(mentions("configs/production.json", "CL0001"));
}
