// Throughput of the secret detector (compiler/secrets/) on a generated,
// in-memory config tree of about 50 MB: mostly the deployment guide's
// non-secret configs (client JSON, HA and notification YAML, .env files of
// references, deploy scripts) with a few planted secrets.
//
//   BM_secrets_scan_text   scan_text over every file's bytes (the distinctive shapes)
//   BM_secrets_scan_file   scan_file over every file: each string value judged
//                          with its key, plus scan_text, merged (documents are
//                          loaded once, before timing)
//
// The tree is the same on every run (fixed seed). Before timing, the hits
// are counted and must equal the planted secrets, so that a detector that
// finds nothing cannot pass for a fast one.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "model/document.h"
#include "model/source_file.h"
#include "secrets/detector.h"
#include "secrets/scan.h"
#include "source/loader.h"
#include "support/limits.h"

namespace {

using claudelint::model::Document;
using claudelint::model::SourceFile;
using claudelint::source::FileKind;
namespace secrets = claudelint::secrets;

constexpr std::size_t target_bytes = 50 * 1000 * 1000;

class Generator {
public:
  std::string random(std::size_t n, std::string_view alphabet) {
    std::string s(n, ' ');
    for (auto& c : s) c = alphabet[rng_() % alphabet.size()];
    return s;
  }
  std::string alnum(std::size_t n) {
    return random(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
  }
  std::string hex(std::size_t n) { return random(n, "0123456789abcdef"); }
  std::string uuid() { return fmt::format("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12)); }
  std::size_t pick(std::size_t n) { return rng_() % n; }

private:
  std::mt19937_64 rng_{20261126};
};

constexpr std::string_view regions[] = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"};

/// A client config like the guide's production.json, with `instances` gateways.
std::string client_json(Generator& g, std::size_t n, std::string_view environment, std::string_view planted) {
  std::string out = fmt::format(R"({{
  "environment": "{}",
  "security": {{
    "tls": {{"version": "1.3", "ciphers": ["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"],
            "certificate": "/etc/ssl/certs/claude-{}.pem", "private_key": "/etc/ssl/private/claude-{}.key"}},
    "api_endpoint": "https://api.anthropic.com",
    "api_key": "{}",
    "api_key_header": "x-api-key",
    "certificate_validation": true
  }},
  "context": {{"window_size": 12000, "compression": true, "caching": {{"enabled": true, "ttl": 3600, "max_size": "1GB"}},
              "compression_algorithm": "zstd"}},
  "performance": {{"max_concurrent_requests": 10, "request_queue_size": 100, "timeout": 60000,
                  "retry_policy": {{"max_attempts": 3, "backoff_factor": 2, "jitter": true}}}},
  "deployment": {{"commit": "{}", "image": "ghcr.io/acme/claude-gateway@sha256:{}", "release_id": "{}"}},
  "instances": [
)",
                                environment, environment, environment,
                                planted.empty() ? "${CLAUDE_API_TOKEN_PROD}" : planted, g.hex(40), g.hex(64), g.uuid());
  for (std::size_t i = 0; i < n; ++i) {
    const auto region = regions[g.pick(std::size(regions))];
    out += fmt::format(R"(    {{"name": "claude-gw-{:06}", "region": "{}", "zone": "{}a", "replicas": {}, "weight": 0.{},
     "endpoint": "https://gw-{:06}.{}.example.com:8443", "id": "{}",
     "health_check": {{"path": "/health", "interval_s": 10, "unhealthy_threshold": 3}},
     "labels": {{"team": "team-{}", "tier": "{}"}}}}{}
)",
                       i, region, region, 2 + i % 4, i % 10, i, region, g.uuid(), i % 17, i % 5 ? "stable" : "canary",
                       i + 1 < n ? "," : "");
  }
  out += "  ]\n}\n";
  return out;
}

constexpr std::string_view referenced_webhook = "https://hooks.slack.com/services/${SLACK_WEBHOOK_PATH}";

std::string notifications_yaml(Generator& g, std::string_view planted_webhook, std::string_view planted_pd) {
  return fmt::format(R"(# alert routing
notifications:
  channels:
    - type: email
      recipients: ["ops@company.com", "dev@company.com"]
      severity: [ERROR, CRITICAL]
    - type: slack
      webhook: "{}"
      channel: "#alerts"
      severity: [WARNING, ERROR, CRITICAL]
    - type: pagerduty
      service_key: {}
      severity: [CRITICAL]
  dedup_key: {}
  runbook: https://runbooks.example.com/claude/{}
)",
                     planted_webhook.empty() ? referenced_webhook : planted_webhook,
                     planted_pd.empty() ? "${PAGERDUTY_SERVICE_KEY}" : planted_pd, g.uuid(), g.hex(12));
}

std::string deployment_yaml(Generator& g, std::size_t n) {
  std::string out = fmt::format("# high availability\nproduction:\n  image: ghcr.io/acme/claude@sha256:{}\n"
                                "  backup: {{frequency: daily, retention: 30_days, cross_region: true}}\n"
                                "  monitoring: {{health_checks: true, auto_recovery: true, alerting: true}}\n"
                                "  instances:\n",
                                g.hex(64));
  for (std::size_t i = 0; i < n; ++i)
    out += fmt::format("    - region: {}\n      count: {}\n      load_balancer: true\n      id: {}\n"
                       "      subnet: 10.{}.{}.0/24\n      schedule: \"{} 3 * * *\"\n",
                       regions[g.pick(std::size(regions))], 1 + i % 3, g.uuid(), i % 250, (i * 7) % 250, i % 60);
  return out;
}

std::string dotenv(Generator& g, std::string_view planted) {
  return fmt::format("# keys come from the vault\nCLAUDE_API_TOKEN_PROD={}\nCLAUDE_API_TOKEN_TEST=\"sk-test-...\"\n"
                     "SLACK_WEBHOOK_URL=https://hooks.slack.com/...\nPAGERDUTY_SERVICE_KEY=your-pagerduty-key\n"
                     "DATABASE_URL=postgres://claude:${{DB_PASSWORD}}@db.internal:5432/claude\nLOG_LEVEL=info\n"
                     "BUILD_SHA={}\nRELEASE_ID={}\n",
                     planted.empty() ? "${VAULT_CLAUDE_PROD}" : planted, g.hex(40), g.uuid());
}

std::string deploy_sh(Generator& g) {
  return fmt::format(R"(#!/bin/bash
# deploy.sh - production deployment
set -e
check_requirements() {{
    command -v claude >/dev/null 2>&1 || {{ echo "claude missing"; exit 1; }}
    [ -n "$CLAUDE_API_TOKEN" ] || {{ echo "API token not set"; exit 1; }}
}}
deploy_configs() {{
    cp configs/production.json ~/.claude/config.json
    cp templates/production/.env ~/.claude/.env
    chmod 600 ~/.claude/.env
}}
export RELEASE_ID={}
git -C /opt/configs checkout {}
curl -fsS -H "Authorization: Bearer ${{CLAUDE_API_TOKEN}}" https://api.anthropic.com/v1/models >/dev/null
check_requirements
deploy_configs
)",
                     g.uuid(), g.hex(40));
}

struct Tree {
  std::vector<SourceFile> files;
  std::vector<FileKind> kinds;
  std::vector<std::vector<Document>> documents;
  std::size_t bytes = 0;
  std::size_t planted = 0;
  std::string error;
};

/// The ~50 MB tree, generated and loaded once. One file group in 40 holds
/// planted secrets (an API key, a webhook, a PagerDuty key, a .env key).
const Tree& tree() {
  static const Tree built = [] {
    Tree t;
    Generator g;
    const auto add = [&](std::string path, std::string text, FileKind kind) {
      t.bytes += text.size();
      t.files.emplace_back(std::move(path), std::move(text));
      t.kinds.push_back(kind);
    };
    for (std::size_t group = 0; t.bytes < target_bytes; ++group) {
      const bool plant = group % 40 == 7;
      const auto key = [&](std::string_view scheme) {
        return plant ? fmt::format("sk-{}-{}", scheme, g.alnum(40)) : std::string();
      };
      const std::string dir = fmt::format("services/svc-{:04}/", group);
      const std::string api_key = key("prod"), env_key = key("test");
      constexpr std::string_view slack_ids = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
      const std::string webhook = plant ? fmt::format("https://hooks.slack.com/services/T{}/B{}/{}",
                                                      g.random(8, slack_ids), g.random(10, slack_ids), g.alnum(24))
                                        : std::string();
      const std::string pagerduty = plant ? g.hex(32) : "";
      t.planted += plant ? 4 : 0;
      add(dir + "configs/production.json", client_json(g, 40, "production", api_key), FileKind::json);
      add(dir + "notifications.yaml", notifications_yaml(g, webhook, pagerduty), FileKind::yaml);
      add(dir + "deployment.yaml", deployment_yaml(g, 30), FileKind::yaml);
      add(dir + ".env.staging", dotenv(g, env_key), FileKind::dotenv);
      add(dir + "deploy.sh", deploy_sh(g), FileKind::shell);
    }
    const claudelint::support::Limits limits{};
    std::size_t found = 0;
    for (std::size_t i = 0; i < t.files.size(); ++i) {
      auto loaded = claudelint::source::load(t.files[i], 0, t.kinds[i], limits);
      for (const auto& d : loaded.diagnostics)
        if (d.severity == claudelint::model::Severity::error && t.error.empty())
          t.error = fmt::format("{} does not load cleanly: {}", t.files[i].path(), d.message);
      found += secrets::scan_file(t.files[i], t.kinds[i], loaded.documents).size();
      t.documents.push_back(std::move(loaded.documents));
    }
    if (t.error.empty() && found != t.planted)
      t.error = fmt::format("scan_file found {} secrets, {} planted", found, t.planted);
    return t;
  }();
  return built;
}

void BM_secrets_scan_text(benchmark::State& state) {
  const Tree& t = tree();
  if (!t.error.empty()) return state.SkipWithError(t.error.c_str());
  std::size_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const auto& file : t.files) hits += secrets::scan_text(file.text()).size();
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * t.bytes));
  state.SetLabel(fmt::format("{} files, {:.1f} MB, {} hits", t.files.size(), static_cast<double>(t.bytes) / 1e6, hits));
}

void BM_secrets_scan_file(benchmark::State& state) {
  const Tree& t = tree();
  if (!t.error.empty()) return state.SkipWithError(t.error.c_str());
  std::size_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (std::size_t i = 0; i < t.files.size(); ++i)
      hits += secrets::scan_file(t.files[i], t.kinds[i], t.documents[i]).size();
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * t.bytes));
  state.SetLabel(fmt::format("{} files, {:.1f} MB, {} hits", t.files.size(), static_cast<double>(t.bytes) / 1e6, hits));
}

} // namespace

BENCHMARK(BM_secrets_scan_text)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_secrets_scan_file)->Unit(benchmark::kMillisecond)->MinTime(2.0);
