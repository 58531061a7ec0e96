// A tree full of real-shaped (fake) secrets of every kind the detector knows,
// in every file kind claudelint reads, pushed through every command and
// output format, and through the language server (diagnostics, hover,
// completion, code actions): no output, artifact, written file or server
// message may contain a secret's value. What may be shown is a redacted
// form: a fixed public prefix (`sk-ant-`), the last four characters, the
// length.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lsp/protocol.h"
#include "lsp_client.h"
#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;
using nlohmann::json;

namespace {

/// A secret as written, and the part of it no output may contain (the
/// value without its public prefix and without the last four characters a
/// redacted form may show).
struct Secret {
  std::string value;
  std::string hidden;
};

class Secrets {
public:
  std::string make(std::string_view prefix, std::size_t length,
                   std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") {
    std::string random;
    for (std::size_t i = 0; i < length; ++i) random += alphabet[engine_() % alphabet.size()];
    const std::string value = std::string(prefix) + random;
    all.push_back({value, random.substr(0, random.size() - 4)});
    return value;
  }
  std::vector<Secret> all;

private:
  std::mt19937 engine_{20261126};
};

void check_clean(const std::string& what, const std::string& text, const Secrets& secrets) {
  for (const auto& secret : secrets.all) {
    INFO(what << " leaks a secret (…" << secret.value.substr(secret.value.size() - 4) << "):\n" << text);
    CHECK(text.find(secret.hidden) == std::string::npos);
  }
}

/// Writes a tree under `root` with a secret of every kind the detector
/// knows, in every file kind claudelint reads; `s` holds them all.
void plant_secrets(const fs::path& root, Secrets& s) {
  const std::string anthropic = s.make("sk-ant-api03-", 93) + "AA";
  const std::string admin = s.make("sk-ant-admin01-", 93) + "AA";
  const std::string prod_key = s.make("sk-prod-", 40);
  const std::string staging_key = s.make("sk-test-", 40);
  const std::string slack = s.make("https://hooks.slack.com/services/T0123ABCD/B0456EFGH/", 24);
  const std::string pagerduty = s.make("", 32, "0123456789abcdef");
  const std::string aws = s.make("AKIA", 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  const std::string github = s.make("ghp_", 36);
  const std::string proxy_password = s.make("", 20);
  const std::string gcp = s.make("AIza", 35);
  const std::string rsa_body = s.make("", 64);

  write_file(root / "configs/production.json",
             "{\n  \"security\": {\n    \"tls\": {\"version\": \"1.3\"},\n"
             "    \"api_key\": \"" + anthropic + "\",\n"
             "    \"api_endpoint\": \"https://svc:" + proxy_password + "@api.example.com\",\n"
             "    \"certificate_validation\": true\n  }\n}\n");
  write_file(root / "configs/staging.json",
             "{\n  \"security\": {\n    \"tls\": {\"version\": \"1.2\"},\n"
             "    \"api_key\": \"" + admin + "\",\n"
             "    \"api_endpoint\": \"https://api.anthropic.com\",\n"
             "    \"certificate_validation\": true\n  }\n}\n");
  write_file(root / "notifications.yaml",
             "notifications:\n  channels:\n"
             "    - type: slack\n      webhook: \"" + slack + "\"\n      severity: [ERROR, CRITICAL]\n"
             "    - type: pagerduty\n      service_key: \"" + pagerduty + "\"\n      severity: [CRITICAL]\n"
             "# old GitHub token for the release bot: " + github + "\n");
  write_file(root / "deployment.yaml",
             "# AWS key used by the backup job: " + aws + "\n"
             "production:\n  instances: [{region: us-east-1, count: 2}]\n"
             "staging:\n  instances: [{region: us-east-1, count: 1, gcp_api_key: \"" + gcp + "\"}]\n");
  write_file(root / ".env.production", "CLAUDE_API_TOKEN_PROD=\"" + prod_key + "\"\n");
  write_file(root / ".env.staging", "CLAUDE_API_TOKEN_TEST=\"" + prod_key + "\"\nOTHER_TOKEN=" + staging_key + "\n");
  write_file(root / "deploy.sh", "#!/bin/bash\nset -euo pipefail\nexport GITHUB_TOKEN=" + github +
                                     "\necho \"$CLAUDE_API_TOKEN_PROD\"\ncurl -H \"x-api-key: " + anthropic +
                                     "\" https://api.anthropic.com/v1/models\n");
  write_file(root / "keys/server.key", "-----BEGIN RSA PRIVATE KEY-----\n" + rsa_body + "\n-----END RSA PRIVATE KEY-----\n");
  write_file(root / "monitoring.yaml", "database:\n  password: \"" + proxy_password + "\"\n");
}

} // namespace

TEST_CASE("secrets: no command or output format prints a secret's value", "[e2e][secrets]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  Secrets s;
  plant_secrets(root, s);

  std::vector<std::vector<std::string>> commands;
  // Every output format `check` has; add new ones here as they land.
  for (const std::string format : {"text", "json", "sarif", "junit", "github", "gitlab", "html"}) {
    commands.push_back({"check", "--format", format, "--color", "always", "tree"});
    commands.push_back({"check", "--format", format, "tree/configs/production.json", "tree/.env.staging", "tree/deploy.sh"});
    commands.push_back({"validate", "--format", format, "tree"});
    commands.push_back({"envs", "--format", format, "tree"});
  }
  for (const std::string format : {"text", "json", "markdown"})
    commands.push_back({"diff", "staging", "production", "tree", "--format", format, "--color", "never"});
  for (const std::string pointer : {"/", "/config", "/config/security/api_key", "/config/security/api_endpoint",
                                    "/notifications", "/deployment", "/secrets", "/files"})
    commands.push_back({"explain-value", "production", pointer, "tree"});
  commands.push_back({"explain-value", "staging", "/deployment/instances/0", "tree"});
  commands.push_back({"build", "tree", "--out", "dist", "--format", "json"});
  commands.push_back({"init", "tree", "--force"});

  std::size_t findings = 0;
  for (const auto& command : commands) {
    const auto result = run_process(CLAUDELINT_BINARY, command, scratch.path);
    std::string line;
    for (const auto& a : command) line += a + " ";
    INFO("claudelint " << line);
    REQUIRE(result.signal == 0);
    check_clean("claudelint " + line, result.out + result.err, s);
    if (command.front() == "check") findings += result.out.size();
  }
  CHECK(findings > 0);
  // Everything written to disk: artifacts (if any), the manifest init wrote.
  for (const auto& entry : fs::recursive_directory_iterator(scratch.path)) {
    if (!entry.is_regular_file()) continue;
    const auto relative = entry.path().lexically_relative(root).generic_string();
    if (relative.starts_with("dist/") || relative == "claudelint.yaml" || relative.starts_with("../dist"))
      check_clean(relative, read_all(entry.path()), s);
  }

  // Each kind is found, by name, at its place.
  const auto check = run_process(CLAUDELINT_BINARY, {"check", "--color", "never", "tree"}, scratch.path);
  for (const std::string expected :
       {"Anthropic API key written literally as the value of `api_key`", "Anthropic admin key",
        "Slack webhook URL", "PagerDuty", "AWS access key", "GitHub token", "password in a URL", "GCP API key",
        "CLAUDE_API_TOKEN_PROD in production has the same value as CLAUDE_API_TOKEN_TEST in staging",
        "CLAUDE_API_TOKEN_TEST in staging holds a key issued for environment \"production\"",
        "error[CL3010]", "error[CL3024]"}) {
    INFO(expected << "\n" << check.out);
    CHECK(check.out.find(expected) != std::string::npos);
  }
}

TEST_CASE("secrets: the language server never sends a secret's value", "[e2e][secrets][lsp]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  Secrets s;
  plant_secrets(root, s);
  const std::string typed = s.make("sk-ant-api03-", 93) + "AA"; // pasted into an open buffer below

  claudelint::test::StdioClient client(scratch.path);
  client.reply(client.request("initialize", claudelint::test::initialize_params(scratch.path)));
  client.notify("initialized", json::object());

  // Every file of the tree that holds a secret, opened as an editor would.
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string text = read_all(entry.path());
    if (std::any_of(s.all.begin(), s.all.end(), [&text](const Secret& secret) {
          return text.find(secret.value) != std::string::npos;
        }))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 9);

  std::size_t findings = 0, hovers = 0, completions = 0, actions = 0;
  for (const auto& file : files) {
    INFO(file.string());
    const std::string uri = claudelint::lsp::path_to_uri(file);
    const std::string text = read_all(file);
    client.notify("textDocument/didOpen",
                  {{"textDocument", {{"uri", uri}, {"languageId", "plaintext"}, {"version", 1}, {"text", text}}}});
    const json published = client.diagnostics(uri);
    findings += published["diagnostics"].size();

    // Hover and completion at the first, a middle and the last character of
    // each secret (the texts are ASCII: byte columns are UTF-16 columns).
    for (const auto& secret : s.all)
      for (auto at = text.find(secret.value); at != std::string::npos; at = text.find(secret.value, at + 1))
        for (const std::size_t offset : {at, at + secret.value.size() / 2, at + secret.value.size() - 1}) {
          const std::string_view before = std::string_view(text).substr(0, offset);
          const auto line = std::count(before.begin(), before.end(), '\n');
          const auto newline = before.rfind('\n');
          const std::size_t character = newline == std::string_view::npos ? offset : offset - newline - 1;
          const json where = {{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", character}}}};
          const json hover = client.reply(client.request("textDocument/hover", where));
          CHECK_FALSE(hover.contains("error"));
          hovers += hover["result"].is_null() ? 0 : 1;
          const json completion = client.reply(client.request("textDocument/completion", where));
          CHECK_FALSE(completion.contains("error"));
          completions += completion["result"].is_array() ? completion["result"].size() : 0;
        }

    // Code actions for each finding, and for all of them over the whole file.
    const json all = published["diagnostics"];
    for (const auto& diagnostic : all) {
      const json reply = client.reply(client.request(
          "textDocument/codeAction",
          {{"textDocument", {{"uri", uri}}}, {"range", diagnostic["range"]}, {"context", {{"diagnostics", {diagnostic}}}}}));
      CHECK_FALSE(reply.contains("error"));
      actions += reply["result"].size();
    }
    const json whole = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 10000}, {"character", 0}}}};
    client.reply(client.request("textDocument/codeAction",
                                {{"textDocument", {{"uri", uri}}}, {"range", whole}, {"context", {{"diagnostics", all}}}}));
  }

  // A key pasted into an open buffer: findings on the unsaved text.
  const std::string env = claudelint::lsp::path_to_uri(root / ".env.staging");
  client.notify("textDocument/didChange",
                {{"textDocument", {{"uri", env}, {"version", 2}}},
                 {"contentChanges", json::array({json{{"text", read_all(root / ".env.staging") + "PASTED_KEY=" + typed + "\n"}}})}});
  const json changed = client.wait_for([&env](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == env &&
           m["params"].value("version", 0) == 2;
  });
  CHECK(changed["params"]["diagnostics"].size() > 0);

  client.reply(client.request("shutdown", nullptr));
  client.notify("exit", nullptr);
  const auto result = client.finish();
  CHECK(result.exit_code == 0);
  CHECK(findings > 0);
  CHECK(hovers > 0);
  CHECK(actions > 0);
  INFO(findings << " findings, " << hovers << " hovers, " << completions << " completion items, " << actions
                << " code actions");
  check_clean("the language server's messages", client.transcript(), s);
  check_clean("the language server's stderr", result.err, s);
}
