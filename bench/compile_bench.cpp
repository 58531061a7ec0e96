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
#include "rules/engine.h"
#include "rules/rule_pack.h"
#include "schema/registry.h"
#include "source/loader.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
namespace compile = claudelint::compile;

const char* const environment_names[] = {"dev", "staging", "pre-prod", "production"};

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
    manifest += fmt::format("  - name: {}\n    files: [\"{}/*.json\"]\n", environment_names[e], environment_names[e]);
  manifest += "shared: [\"base/*.json\"]\nsections:\n  - files: [\"**/*.json\"]\n    section: services\n"
              "parity:\n  - between: [staging, production]\n    allow: [\"/services/*/replicas\", \"/services/*/memory\"]\n";
  write(root / "claudelint.yaml", manifest);
  for (int i = 0; i < 25; ++i) write(root / fmt::format("base/svc-{:02}.json", i), service(i, 0).dump(2));
  for (int e = 0; e < 4; ++e)
    for (int i = 0; i < 25; ++i)
      write(root / fmt::format("{}/svc-{:02}.json", environment_names[e], i), service(i, e).dump(2));
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

/// A tree shaped like the deployment guide: the four client configs, the HA
/// layout, monitoring thresholds and alert routing.
fs::path make_guide_tree() {
  const fs::path root = fs::temp_directory_path() / "claudelint-bench-guide-tree";
  fs::remove_all(root);
  for (const char* name : environment_names) {
    const bool strict = std::string_view(name) == "production" || std::string_view(name) == "pre-prod";
    write(root / fmt::format("configs/{}.json", name),
          json({{"security",
                 {{"tls", {{"version", strict ? "1.3" : "1.2"}, {"ciphers", {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}}}},
                  {"api_endpoint", "https://api.anthropic.com"},
                  {"certificate_validation", true}}},
                {"context", {{"window_size", 12000}, {"compression", true}, {"caching", {{"enabled", true}, {"ttl", 3600}, {"max_size", "1GB"}}}}},
                {"performance", {{"max_concurrent_requests", 10}, {"request_queue_size", 100}, {"timeout", 60000},
                                 {"retry_policy", {{"max_attempts", 3}, {"backoff_factor", 2}, {"jitter", true}}}}},
                {"logging", {{"level", strict ? "warn" : "info"}}}})
              .dump(2));
  }
  write(root / "deployment.yaml", "production:\n  instances:\n    - {region: us-east-1, count: 2, load_balancer: true}\n"
                                  "    - {region: us-west-2, count: 1, failover: true}\n"
                                  "  monitoring: {health_checks: true, auto_recovery: true, alerting: true}\n"
                                  "  backup: {frequency: daily, retention: 30_days, cross_region: true}\n");
  write(root / "monitoring.json", R"({"metrics": {
    "response_time": {"unit": "seconds", "normal": {"below": 5}, "warning": {"from": 5, "to": 10}, "critical": {"above": 10}},
    "success_rate": {"unit": "percent", "normal": {"above": 99}, "warning": {"from": 95, "to": 99}, "critical": {"below": 95}},
    "concurrency": {"unit": "percent_of_capacity", "normal": {"below": 80}, "warning": {"from": 80, "to": 90}, "critical": {"above": 90}},
    "error_rate": {"unit": "percent", "normal": {"below": 1}, "warning": {"from": 1, "to": 5}, "critical": {"above": 5}}}})");
  write(root / "notifications.yaml", "notifications:\n  channels:\n"
                                     "    - {type: email, recipients: [ops@company.com], severity: [ERROR, CRITICAL]}\n"
                                     "    - {type: pagerduty, service_key: \"${PD_KEY}\", severity: [CRITICAL]}\n");
  return root;
}

/// The full built-in rule pack over one environment, and over 1,000
/// environments (copies of the guide tree's four, in a chain).
void rules_over(benchmark::State& state, std::size_t count) {
  static const fs::path root = make_guide_tree();
  static const auto loaded = run(root);
  const auto& pack = claudelint::rules::builtin_pack();
  const auto& tree = loaded.workspace.trees.at(0);
  std::vector<compile::CompiledEnvironment> environments;
  compile::Tree chain = tree;
  chain.environments.clear();
  for (std::size_t i = 0; i < count; ++i) {
    environments.push_back(loaded.environments.at(0).at(i % loaded.environments.at(0).size()));
    chain.environments.push_back(tree.environments.at(i % tree.environments.size()));
  }
  std::size_t findings = 0;
  for (auto _ : state) {
    std::vector<claudelint::model::Diagnostic> diagnostics;
    claudelint::rules::evaluate(pack, {}, chain, environments, loaded.sources, diagnostics);
    findings = diagnostics.size();
    benchmark::DoNotOptimize(diagnostics);
  }
  state.counters["rules"] = static_cast<double>(pack.rules.size());
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["environments/s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Rules_OneEnvironment(benchmark::State& state) { rules_over(state, 1); }
void BM_Rules_1000Environments(benchmark::State& state) { rules_over(state, 1000); }
BENCHMARK(BM_Rules_OneEnvironment)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Rules_1000Environments)->Unit(benchmark::kMillisecond);

void BM_Compile_4Envs50Files(benchmark::State& state) { compile_only(state, tree()); }
void BM_Pipeline_4Envs50Files(benchmark::State& state) { whole_pipeline(state, tree()); }
void BM_Compile_10MBFile(benchmark::State& state) { compile_only(state, big()); }
void BM_Pipeline_10MBFile(benchmark::State& state) { whole_pipeline(state, big()); }

BENCHMARK(BM_Compile_4Envs50Files)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pipeline_4Envs50Files)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Compile_10MBFile)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pipeline_10MBFile)->Unit(benchmark::kMillisecond);

} // namespace
