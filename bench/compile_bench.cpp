// Cost of compiling environments: a tree of 4 environments × 50 files
// (shared base files plus per-environment overlays, the shape the manifest
// issue describes), and one 10 MB client config. Each input is measured
// twice: the compile stage alone (plan trees, layer with provenance,
// normalize, parity) over already-loaded documents, and the whole pipeline
// (driver::run: discover, load, schema validation, compile) from disk. The
// trees are generated deterministically into a temporary folder.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compile/compiler.h"
#include "compile/parity.h"
#include "compile/workspace.h"
#include "driver/driver.h"
#include "schema/registry.h"
#include "source/loader.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
namespace compile = claudelint::compile;

const char* const environments[] = {"dev", "staging", "pre-prod", "production"};

json service(int index, int environment) {
  return {{fmt::format("service_{:02}", index),
           {{"replicas", 1 + environment},
            {"timeout", "30s"},
            {"memory", fmt::format("{}MiB", 256 * (1 + environment))},
            {"endpoints",
             json::array({{{"name", "primary"}, {"url", fmt::format("https://svc{}.example.com", index)}},
                          {{"name", "backup"}, {"url", fmt::format("https://svc{}-b.example.com", index)}}})},
            {"labels", {{"team", "platform"}, {"tier", index % 3}}}}}};
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// 4 environments × 50 files: 25 shared base files and 25 overlays per
/// environment, all feeding one `services` section through the manifest.
fs::path make_tree() {
  const fs::path root = fs::temp_directory_path() / "claudelint-bench-compile-tree";
  fs::remove_all(root);
  std::string manifest = "version: 1\nenvironments:\n";
  for (int e = 0; e < 4; ++e)
    manifest += fmt::format("  - name: {}\n    files: [\"{}/*.json\"]\n", environments[e], environments[e]);
  manifest += "shared: [\"base/*.json\"]\nsections:\n  - files: [\"**/*.json\"]\n    section: services\n"
              "parity:\n  - between: [staging, production]\n    allow: [\"/services/*/replicas\", \"/services/*/memory\"]\n";
  write(root / "claudelint.yaml", manifest);
  for (int i = 0; i < 25; ++i) write(root / fmt::format("base/svc-{:02}.json", i), service(i, 0).dump(2));
  for (int e = 0; e < 4; ++e)
    for (int i = 0; i < 25; ++i)
      write(root / fmt::format("{}/svc-{:02}.json", environments[e], i), service(i, e).dump(2));
  return root;
}

/// One 10 MB production.json: the guide's client config padded with a large
/// `access.ip_allowlist`, so the built-in schema applies to every byte.
fs::path make_big_file() {
  const fs::path root = fs::temp_directory_path() / "claudelint-bench-compile-big";
  fs::remove_all(root);
  json config = {{"security",
                  {{"tls", {{"version", "1.3"}, {"ciphers", {"TLS_AES_256_GCM_SHA384"}}}},
                   {"api_endpoint", "https://api.anthropic.com"},
                   {"certificate_validation", true}}},
                 {"context", {{"window_size", 12000}, {"caching", {{"enabled", true}, {"ttl", 3600}, {"max_size", "1GB"}}}}},
                 {"access", {{"ip_allowlist", json::array()}}}};
  auto& list = config["access"]["ip_allowlist"];
  std::size_t size = 0;
  for (int i = 0; size < 10 * 1000 * 1000; ++i) {
    list.push_back(fmt::format("10.{}.{}.{}/32", (i >> 16) & 255, (i >> 8) & 255, i & 255));
    size += list.back().get_ref<const std::string&>().size() + 9; // quotes, comma, indentation
  }
  const std::string text = config.dump(2);
  write(root / "configs/production.json", text);
  write(root / "configs/staging.json", R"({"security": {"api_endpoint": "https://api.anthropic.com"}})");
  return root;
}

const fs::path& tree() {
  static const fs::path root = make_tree();
  return root;
}
const fs::path& big() {
  static const fs::path root = make_big_file();
  return root;
}

std::size_t bytes_under(const fs::path& root) {
  std::size_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) total += entry.file_size();
  return total;
}

claudelint::driver::RunResult run(const fs::path& root) {
  claudelint::driver::Options options;
  options.paths = {root.string()};
  options.cwd = root.parent_path();
  return claudelint::driver::run(options);
}

/// Only the compile stage, over documents the driver already loaded.
void compile_only(benchmark::State& state, const fs::path& root) {
  const auto loaded = run(root);
  const claudelint::schema::Registry registry;
  const std::set<std::pair<claudelint::model::FileId, std::string>> findings;
  std::vector<std::string> roots = {root.filename().string()};
  for (auto _ : state) {
    auto inputs = loaded.inputs;
    const auto workspace = compile::plan_workspace(inputs, roots, root.parent_path());
    std::vector<claudelint::model::Diagnostic> diagnostics;
    const compile::CompileInput input{inputs, loaded.sources, registry, findings};
    for (const auto& t : workspace.trees) {
      auto compiled = compile::compile_tree(t, input, diagnostics);
      compile::check_parity(t, compiled, diagnostics);
      benchmark::DoNotOptimize(compiled);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_under(root)));
}

void whole_pipeline(benchmark::State& state, const fs::path& root) {
  for (auto _ : state) {
    auto result = run(root);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_under(root)));
}

void BM_Compile_4Envs50Files(benchmark::State& state) { compile_only(state, tree()); }
void BM_Pipeline_4Envs50Files(benchmark::State& state) { whole_pipeline(state, tree()); }
void BM_Compile_10MBFile(benchmark::State& state) { compile_only(state, big()); }
void BM_Pipeline_10MBFile(benchmark::State& state) { whole_pipeline(state, big()); }

BENCHMARK(BM_Compile_4Envs50Files)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pipeline_4Envs50Files)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Compile_10MBFile)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pipeline_10MBFile)->Unit(benchmark::kMillisecond);

} // namespace
