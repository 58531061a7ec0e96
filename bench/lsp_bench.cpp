// The language server's latency and memory, in process (lsp::Server with
// no I/O): a one-character didChange on a 2,000-line deployment.yaml of the
// guide-shaped example tree, to the publishDiagnostics for it. A real
// session adds the 50 ms debounce that waits for typing to pause.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <malloc.h>
#include <unistd.h>

#include "lsp/protocol.h"
#include "lsp/server.h"
#include "model/source_file.h"
#include "source/loader.h"
#include "source/syntax_cache.h"
#include "source/tree_sitter.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
namespace lsp = claudelint::lsp;

/// The example tree in a temporary folder, with a 2,000-line deployment.yaml.
struct Tree {
  fs::path root = fs::temp_directory_path() / fmt::format("claudelint-lsp-bench-{}", ::getpid());
  std::string yaml;
  Tree() {
    fs::remove_all(root);
    fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", root, fs::copy_options::recursive);
    yaml = "production:\n  instances:\n";
    for (int i = 0; yaml.size() < 10 || std::count(yaml.begin(), yaml.end(), '\n') < 1994; ++i)
      yaml += fmt::format("    - region: us-east-{}\n      count: {}\n      load_balancer: true\n", i % 9 + 1, i % 7 + 1);
    yaml += "staging:\n  instances:\n    - region: us-east-1\n      count: 1\n";
    std::ofstream(root / "deployment.yaml") << yaml;
  }
  ~Tree() { fs::remove_all(root); }
};

/// A server with deployment.yaml open; `edit(i)` flips one digit and
/// returns the time until its diagnostics were published.
struct Session {
  Tree tree;
  std::string uri = lsp::path_to_uri(tree.root / "deployment.yaml");
  bool published = false;
  lsp::Server server{{}, [this](const json& message) {
                       if (message.value("method", "") == "textDocument/publishDiagnostics" &&
                           message["params"]["uri"] == uri)
                         published = true;
                     }};
  int version = 1;
  Session() {
    server.handle(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {{"capabilities", json::object()}}}});
    server.handle(json{{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}});
    server.handle(json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/didOpen"},
                       {"params", {{"textDocument", {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", tree.yaml}}}}}});
    server.run_checks();
  }
  std::chrono::nanoseconds edit(int i) {
    // Line 4 is "      count: 1": its digit cycles through 1..9.
    const json range = {{"start", {{"line", 3}, {"character", 13}}}, {"end", {{"line", 3}, {"character", 14}}}};
    const auto start = std::chrono::steady_clock::now();
    published = false;
    json change = {{"range", range}, {"text", std::to_string(i % 9 + 1)}};
    json params = {{"textDocument", {{"uri", uri}, {"version", ++version}}}, {"contentChanges", json::array({change})}};
    server.handle(json{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"}, {"params", std::move(params)}});
    server.run_checks();
    if (!published) throw std::runtime_error("no diagnostics published");
    return std::chrono::steady_clock::now() - start;
  }
};

/// Resident set size of this process, in KiB, once the allocator has
/// returned the pages it keeps free: what is measured is memory in use, not
/// glibc's cache of freed blocks (which varies with the order of frees).
long rss_kib() {
  ::malloc_trim(0);
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

void BM_lsp_edit_to_diagnostics(benchmark::State& state) {
  Session session;
  std::vector<double> ms;
  int i = 0;
  for (auto _ : state) {
    const auto elapsed = session.edit(i++);
    ms.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
    state.SetIterationTime(std::chrono::duration<double>(elapsed).count());
  }
  std::sort(ms.begin(), ms.end());
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  state.counters["lines"] = 2000;
}
BENCHMARK(BM_lsp_edit_to_diagnostics)->Iterations(200)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_lsp_memory_over_edits(benchmark::State& state) {
  for (auto _ : state) {
    Session session;
    for (int i = 0; i < 100; ++i) session.edit(i);
    const long after_100 = rss_kib();
    for (int i = 100; i < 1000; ++i) session.edit(i);
    const long after_1000 = rss_kib();
    state.counters["rss_after_100_edits_kib"] = static_cast<double>(after_100);
    state.counters["rss_after_1000_edits_kib"] = static_cast<double>(after_1000);
    state.counters["growth_kib"] = static_cast<double>(after_1000 - after_100);
  }
}
BENCHMARK(BM_lsp_memory_over_edits)->Iterations(1)->Unit(benchmark::kSecond);

/// The 2,000-line YAML after `i` one-digit edits on line 4, as the editor has it.
std::string edited_yaml(const std::string& yaml, int i) {
  std::string text = yaml;
  const std::size_t digit = text.find("count: ") + 7;
  text[digit] = static_cast<char>('1' + i % 9);
  return text;
}

/// Parsing the 2,000-line YAML after a one-digit edit: tree-sitter alone,
/// from scratch (arg 0) or reusing the previous tree (arg 1).
void BM_lsp_reparse_yaml_syntax(benchmark::State& state) {
  const Tree tree;
  claudelint::source::SyntaxCache cache;
  const bool incremental = state.range(0) == 1;
  int i = 0;
  if (incremental) claudelint::source::ts::parse(tree_sitter_yaml(), tree.yaml, &cache);
  for (auto _ : state) {
    const std::string text = edited_yaml(tree.yaml, i++);
    auto parsed = claudelint::source::ts::parse(tree_sitter_yaml(), text, incremental ? &cache : nullptr);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_lsp_reparse_yaml_syntax)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

/// The whole YAML loader on the same edit (tree-sitter, then yaml-cpp for
/// the values and the source map), without and with the buffer's cache.
void BM_lsp_reload_yaml(benchmark::State& state) {
  const Tree tree;
  claudelint::source::SyntaxCache cache;
  const bool incremental = state.range(0) == 1;
  int i = 0;
  for (auto _ : state) {
    const claudelint::model::SourceFile file("deployment.yaml", edited_yaml(tree.yaml, i++));
    auto loaded = claudelint::source::load(file, 0, claudelint::source::FileKind::yaml, {},
                                           incremental ? &cache : nullptr);
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_lsp_reload_yaml)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace
