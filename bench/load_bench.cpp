// Throughput of source::load (bytes -> Document + source map + diagnostics)
// for JSON and YAML client configs of about 1 KB, 100 KB and 10 MB, with
// nlohmann::json::parse on the same JSON as a baseline. The inputs are
// generated in-process and deterministically, so every run measures the same
// bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/diagnostic.h"
#include "model/source_file.h"
#include "source/loader.h"
#include "support/limits.h"

namespace {

using nlohmann::ordered_json;
using claudelint::source::FileKind;

constexpr std::size_t kilobyte = 1024;
constexpr std::size_t megabyte = 1024 * 1024;

/// The settings every client config has: TLS, endpoint, context, performance.
ordered_json client_base() {
  return {
      {"version", 3},
      {"environment", "production"},
      {"security",
       {{"tls",
         {{"enabled", true},
          {"min_version", "1.2"},
          {"ciphers",
           {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "ECDHE-RSA-AES128-GCM-SHA256"}},
          {"verify_peer", true},
          {"ca_bundle", "/etc/ssl/certs/ca-certificates.crt"}}},
        {"api_endpoint", "https://api.claude.example.com/v1"},
        {"api_key_ref", "vault://secret/claude/production/api-key"},
        {"allowed_origins", {"https://app.example.com", "https://admin.example.com"}}}},
      {"context", {{"max_tokens", 200000}, {"compaction", "auto"}, {"retention_days", 30}}},
      {"performance",
       {{"timeout_ms", 30000},
        {"retries", 3},
        {"backoff_multiplier", 1.5},
        {"max_concurrent_requests", 64},
        {"rate_limit", {{"requests_per_minute", 4000}, {"burst", 200}}}}},
      {"monitoring",
       {{"metrics_endpoint", "https://metrics.example.com/ingest"},
        {"log_level", "info"},
        {"alerts", {{"error_rate_threshold", 0.05}, {"latency_p99_ms", 2500}}}}},
      {"instances", ordered_json::array()}};
}

/// Instance `i` of the fleet; regions, zones and sizes cycle deterministically.
ordered_json instance(std::size_t i) {
  static constexpr std::string_view regions[] = {"us-east-1", "us-west-2", "eu-west-1",
                                                 "eu-central-1", "ap-northeast-1", "ap-southeast-2"};
  static constexpr std::string_view sizes[] = {"small", "medium", "large", "xlarge"};
  const std::string_view region = regions[i % std::size(regions)];
  return {{"name", fmt::format("claude-gw-{:06}", i)},
          {"region", region},
          {"zone", fmt::format("{}{}", region, static_cast<char>('a' + i % 3))},
          {"size", sizes[(i / 7) % std::size(sizes)]},
          {"replicas", 2 + i % 4},
          {"weight", static_cast<double>(i % 10) / 10.0},
          {"endpoint", fmt::format("https://gw-{:06}.{}.example.com:8443", i, region)},
          {"health_check", {{"path", "/health"}, {"interval_s", 10}, {"unhealthy_threshold", 3}}},
          {"labels", {{"team", fmt::format("team-{}", i % 17)}, {"tier", i % 5 == 0 ? "canary" : "stable"}}}};
}

/// A client config with the first `count` instances of the fleet.
ordered_json client_config(std::size_t count) {
  ordered_json config = client_base();
  auto& instances = config["instances"];
  for (std::size_t i = 0; i < count; ++i) instances.push_back(instance(i));
  return config;
}

/// True when `s` can be written as a plain YAML scalar and still read back
/// as the same string under both YAML 1.1 and 1.2.
bool plain_yaml_safe(std::string_view s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '/'))
    return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '/' || c == ':';
    if (!ok) return false;
  }
  static constexpr std::string_view reserved[] = {"y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No",
                                                  "NO", "on", "On", "ON", "off", "Off", "OFF",
                                                  "true", "True", "TRUE", "false", "False", "FALSE",
                                                  "null", "Null", "NULL"};
  for (const auto word : reserved)
    if (s == word) return false;
  return s.back() != ':';
}

std::string yaml_scalar(const ordered_json& value) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    return plain_yaml_safe(s) ? s : value.dump(); // a JSON string is a valid double-quoted YAML scalar
  }
  return value.dump();
}

/// Block-style YAML, the way people write these files by hand.
void emit_yaml(const ordered_json& value, std::size_t indent, std::string& out) {
  const std::string pad(indent, ' ');
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      out += pad;
      out += key;
      out += ':';
      if ((item.is_object() || item.is_array()) && !item.empty()) {
        out += '\n';
        emit_yaml(item, item.is_array() ? indent : indent + 2, out);
      } else {
        out += ' ';
        out += item.is_object() ? "{}" : item.is_array() ? "[]" : yaml_scalar(item);
        out += '\n';
      }
    }
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_object() && !item.empty()) {
        // "- " then the first key on the same line, the rest aligned under it.
        std::string nested;
        emit_yaml(item, indent + 2, nested);
        out += pad;
        out += "- ";
        out += std::string_view(nested).substr(indent + 2);
      } else {
        out += pad;
        out += "- ";
        out += item.is_array() ? item.dump() : yaml_scalar(item);
        out += '\n';
      }
    }
  }
}

std::string to_json(const ordered_json& config) { return config.dump(2) + "\n"; }

std::string to_yaml(const ordered_json& config) {
  std::string out = "# claudelint benchmark: generated client config\n";
  emit_yaml(config, 0, out);
  return out;
}

/// The config rendered by `render` whose size is closest to `target` bytes,
/// with at least one instance. Size grows linearly with the instance count,
/// so two samples give the count.
template <typename Render> std::string sized_document(std::size_t target, Render render) {
  const std::size_t base = render(client_config(0)).size();
  const std::size_t per_instance = render(client_config(2)).size() / 2 - base / 2;
  const std::size_t count = target > base ? (target - base + per_instance / 2) / per_instance : 0;
  return render(client_config(std::max<std::size_t>(count, 1)));
}

struct Inputs {
  std::string json;
  std::string yaml;
};

/// The generated documents for `target` bytes, built once per size.
const Inputs& inputs(std::size_t target) {
  static std::map<std::size_t, Inputs> cache;
  auto it = cache.find(target);
  if (it == cache.end())
    it = cache.emplace(target, Inputs{sized_document(target, to_json), sized_document(target, to_yaml)}).first;
  return it->second;
}

std::string size_label(std::size_t bytes) {
  if (bytes >= megabyte) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / megabyte);
  if (bytes >= kilobyte) return fmt::format("{:.1f} KB", static_cast<double>(bytes) / kilobyte);
  return fmt::format("{} B", bytes);
}

void bench_load(benchmark::State& state, FileKind kind) {
  const auto target = static_cast<std::size_t>(state.range(0));
  const Inputs& in = inputs(target);
  const bool is_json = kind == FileKind::json;
  const claudelint::model::SourceFile file(is_json ? "client.json" : "client.yaml", is_json ? in.json : in.yaml);
  const claudelint::support::Limits limits{};

  // Benchmark the happy path only: the input must load without errors.
  const auto check = claudelint::source::load(file, 0, kind, limits);
  for (const auto& d : check.diagnostics) {
    if (d.severity == claudelint::model::Severity::error) {
      state.SkipWithError(fmt::format("input does not load cleanly: {} {}", d.rule.code, d.message).c_str());
      return;
    }
  }
  if (check.documents.empty()) {
    state.SkipWithError("loader produced no document");
    return;
  }

  for (auto _ : state) {
    auto result = claudelint::source::load(file, 0, kind, limits);
    benchmark::DoNotOptimize(result);
  }
  const auto bytes = static_cast<std::int64_t>(file.text().size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * bytes);
  state.SetLabel(size_label(file.text().size()));
}

void BM_load_json(benchmark::State& state) { bench_load(state, FileKind::json); }
void BM_load_yaml(benchmark::State& state) { bench_load(state, FileKind::yaml); }

/// Baseline: nlohmann/json's own parser on the same bytes (no source map,
/// no diagnostics).
void BM_nlohmann_parse(benchmark::State& state) {
  const std::string& json = inputs(static_cast<std::size_t>(state.range(0))).json;
  for (auto _ : state) {
    auto value = nlohmann::json::parse(json);
    benchmark::DoNotOptimize(value);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(json.size()));
  state.SetLabel(size_label(json.size()));
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(static_cast<std::int64_t>(kilobyte))
      ->Arg(static_cast<std::int64_t>(100 * kilobyte))
      ->Arg(static_cast<std::int64_t>(10 * megabyte))
      ->Unit(benchmark::kMicrosecond);
}

} // namespace

BENCHMARK(BM_load_json)->Apply(sizes);
BENCHMARK(BM_load_yaml)->Apply(sizes);
BENCHMARK(BM_nlohmann_parse)->Apply(sizes);
