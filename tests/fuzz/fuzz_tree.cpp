#include "fuzz_tree.h"

#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "compile/artifacts.h"
#include "compile/compiler.h"
#include "compile/diff.h"
#include "compile/parity.h"
#include "driver/run_report.h"
#include "fuzz_harness.h"
#include "report/diff.h"
#include "report/render.h"

namespace claudelint::fuzz {

std::vector<std::pair<std::string, std::string>> split_tree(std::string_view input,
                                                            const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::string>> files;
  std::size_t begin = 0;
  while (files.size() < names.size()) {
    const std::size_t at = input.find(file_separator, begin);
    const bool last = at == std::string_view::npos || files.size() + 1 == names.size();
    const std::size_t end = last ? input.size() : at;
    files.emplace_back(names[files.size()], std::string(input.substr(begin, end - begin)));
    if (last) break;
    begin = at + file_separator.size();
  }
  // An empty part is a file the tree does not have.
  std::erase_if(files, [](const auto& file) { return file.second.empty(); });
  return files;
}

const std::vector<std::pair<std::string, std::string>>& sample_tree() {
  static const std::vector<std::pair<std::string, std::string>> files = {
      {"configs/production.json",
       R"({"security": {"tls": {"version": "1.2", "ciphers": ["TLS_AES_256_GCM_SHA384"]},
  "api_endpoint": "http://api.example.com", "certificate_validation": true,
  "api_key": "${CLAUDE_API_TOKEN_PROD}"},
 "performance": {"max_concurrent_requests": 10, "timeout": 60000,
  "retry_policy": {"max_attempts": 3, "backoff_factor": 2}},
 "context": {"caching": {"enabled": true, "ttl": 3600, "max_size": "1GB"}},
 "logging": {"level": "debug"}}
)"},
      {"configs/staging.json",
       R"({"security": {"tls": {"version": "1.3"}, "api_endpoint": "https://api.anthropic.com",
  "certificate_validation": false, "api_key": "${CLAUDE_API_TOKEN_TEST}"},
 "performance": {"max_concurrent_requests": 5, "timeout": 30000}}
)"},
      {"deployment.yaml", R"(production:
  instances:
    - {region: us-east-1, count: 2, load_balancer: true}
  backup: {frequency: daily, retention: 30_days, cross_region: false}
staging:
  instances:
    - {region: us-east-1, count: 1}
)"},
      {"monitoring.yaml", R"(metrics:
  response_time: {warning: 2000ms, critical: 1000ms}
  error_rate: {warning: 5%, critical: 10%}
alerts:
  - {severity: CRITICAL, channels: [email]}
)"},
      {".env.production", "CLAUDE_API_TOKEN_PROD=sk-prod-0123456789abcdef0123456789abcdef\n"},
      {"deploy.sh", "#!/bin/bash\ncurl -k http://api.example.com\nchmod 777 .env.production\n"},
  };
  return files;
}

const std::filesystem::path& scratch_root() {
  static const std::filesystem::path root = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "claudelint-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) violated("mkdtemp failed");
    return std::filesystem::path(pattern);
  }();
  return root;
}

namespace {

void check_ranges(const driver::RunResult& result, const std::vector<model::Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    const auto& file = result.sources.file(d.range.file);
    check_range(d.range.begin, d.range.end, file.text().size(), "diagnostic range outside its file");
    for (const auto& related : d.related) {
      const auto& other = result.sources.file(related.range.file);
      check_range(related.range.begin, related.range.end, other.text().size(), "related range outside its file");
    }
  }
}

void must_parse(const std::string& text, const char* what) {
  if (!nlohmann::json::accept(text)) violated(what);
}

/// Every format `check` can print, as cli::render_run feeds them.
void render_every_format(const driver::RunResult& result) {
  const driver::RunReport run_report(result, /*with_fingerprints=*/true);
  const report::RenderInput input = run_report.input(result.diagnostics.empty() ? 0 : 1);

  const std::string text = report::render_text(input, report::TextOptions{});
  if (text.empty()) violated("text report is empty");
  // To see what an input does: CLAUDELINT_FUZZ_PRINT=1 fuzz_pipeline FILE.
  if (std::getenv("CLAUDELINT_FUZZ_PRINT") != nullptr) std::fwrite(text.data(), 1, text.size(), stderr);
  (void)report::render_text(input, report::TextOptions{.color = true, .quiet = true});
  must_parse(report::render_json(input), "JSON report does not parse");
  must_parse(report::render_sarif(input), "SARIF report does not parse");
  must_parse(report::render_gitlab(input), "GitLab report does not parse");
  if (report::render_junit(input).find("<testsuites") == std::string::npos) violated("JUnit report has no testsuites");
  (void)report::render_github(input);
  if (report::render_html(input).find("</html>") == std::string::npos) violated("HTML report is cut short");
}

/// What `build` writes and what `diff` prints, for every tree.
void build_and_diff(const driver::RunResult& result) {
  for (const auto& artifact : compile::render_artifacts(result.workspace.trees, result.environments, result.sources))
    if (artifact.path.ends_with(".json")) must_parse(artifact.bytes, "an artifact is not JSON");
  for (const auto& environments : result.environments) {
    for (std::size_t i = 1; i < environments.size(); ++i) {
      const auto& before = environments[i - 1];
      const auto& after = environments[i];
      const auto changes =
          compile::diff_environments(before.document, after.document);
      report::DiffRenderOptions options;
      options.sensitive = [](const std::string& pointer) { return compile::is_sensitive_pointer(pointer); };
      (void)report::render_diff_text(changes, {before.name}, {after.name}, options);
      (void)report::render_diff_markdown(changes, {before.name}, {after.name}, options);
      must_parse(report::render_diff_json(changes, {before.name}, {after.name}, options), "diff JSON does not parse");
    }
  }
}

} // namespace

void check_tree(const std::vector<std::pair<std::string, std::string>>& files,
                const std::vector<std::filesystem::path>& rule_packs) {
  const auto& root = scratch_root();
  driver::Options options;
  options.paths = {root.string()};
  options.cwd = root;
  options.jobs = 1;
  options.rule_packs = rule_packs;
  for (const auto& [name, text] : files) options.buffers.push_back({(root / name).string(), text, nullptr});

  driver::RunResult result;
  try {
    result = driver::run(options);
  } catch (const driver::SchemaError&) {
    return; // an unusable --schema: none is given here
  } catch (const UsageError&) {
    return; // an unusable --rule-pack: reported as a usage error, exit code 2
  }
  check_ranges(result, result.diagnostics);
  check_ranges(result, result.suppressed);
  check_ranges(result, result.ignored);
  render_every_format(result);
  build_and_diff(result);
}

} // namespace claudelint::fuzz
