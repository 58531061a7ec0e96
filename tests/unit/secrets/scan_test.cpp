#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "../test_support.h"
#include "secrets/scan.h"

using namespace claudelint;
using claudelint::source::FileKind;
using claudelint::test::Loaded;

namespace {

/// Every hit as "line:col-line:col kind key pointer", key and pointer "-"
/// when absent.
std::vector<std::string> hits(const Loaded& loaded, FileKind kind) {
  std::vector<std::string> out;
  for (const auto& h : secrets::scan_file(loaded.file, kind, loaded.result.documents)) {
    const auto b = loaded.file.position(h.range.begin), e = loaded.file.position(h.range.end);
    out.push_back(fmt::format("{}:{}-{}:{} {} {} {}", b.line, b.column, e.line, e.column, secrets::kind_name(h.kind),
                              h.key.value_or("-"), h.pointer.value_or("-")));
  }
  return out;
}

std::vector<secrets::SecretHit> scan(const Loaded& loaded, FileKind kind) {
  return secrets::scan_file(loaded.file, kind, loaded.result.documents);
}

// Made-up values with the real shapes.
constexpr std::string_view slack = "https://hooks.slack.com/services/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";
constexpr std::string_view prod_key = "sk-prod-Hq7Zr2Lm9XwT4pVc8KyB3nDf";
constexpr std::string_view github = "ghp_Rk8mZq2Lw7XvT4pN9cYb3HdF6gJs1QeA5uWo";

} // namespace

TEST_CASE("scan_file: JSON values judged with their keys, at exact ranges", "[secrets][scan]") {
  const Loaded l("notifications.json",
                 fmt::format(R"({{
  "notifications": {{
    "channels": [
      {{"type": "slack", "webhook": "{}", "channel": "#alerts"}},
      {{"type": "pagerduty", "service_key": "5f0c9e2ab71d4c83a6e1b49d27f8c03e"}},
      {{"type": "email", "recipients": ["ops@company.com"]}}
    ]
  }},
  "database": {{"url": "postgres://claude:Vx9-pQ2mZt7w@db.internal:5432/app", "password": "Tr0ub\u0034dor!x"}},
  "api_keys": ["{}", "${{CLAUDE_API_TOKEN_PROD}}"],
  "uuid": "550e8400-e29b-41d4-a716-446655440000"
}}
)",
                             slack, prod_key),
                 FileKind::json);
  REQUIRE(l.result.diagnostics.empty());
  CHECK(hits(l, FileKind::json) == std::vector<std::string>{
                                       "4:37-4:116 slack-webhook webhook /notifications/channels/0/webhook",
                                       "5:45-5:77 pagerduty-key service_key /notifications/channels/1/service_key",
                                       "9:42-9:54 url-credentials url /database/url",
                                       // Escaped in the source: the whole value, quotes included.
                                       "9:90-9:108 password password /database/password",
                                       "10:17-10:49 environment-api-key api_keys /api_keys/0",
                                   });
  const auto found = scan(l, FileKind::json);
  CHECK(found[0].redacted == "https://hooks.slack.com/services/\u2026" "Nd1F (79 chars)");
  CHECK(found[1].redacted == "\u2026" "c03e (32 chars)");
  CHECK(found[3].redacted == "\u2026 (11 chars)");
  CHECK(found[4].scheme == "prod");
}

TEST_CASE("scan_file: a JSON value written with escapes is found as a whole", "[secrets][scan]") {
  const Loaded l("c.json",
                 R"({"webhook": "https:\/\/hooks.slack.com\/services\/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"})",
                 FileKind::json);
  CHECK(hits(l, FileKind::json) == std::vector<std::string>{"1:13-1:100 slack-webhook webhook /webhook"});
}

TEST_CASE("scan_file: JSONC comments are scanned as text", "[secrets][scan]") {
  const Loaded l("c.jsonc", fmt::format("{{\n  // old token: {}\n  \"token\": \"${{GH_TOKEN}}\"\n}}\n", github),
                 FileKind::jsonc);
  CHECK(hits(l, FileKind::jsonc) == std::vector<std::string>{"2:17-2:57 github-token - -"});
}

TEST_CASE("scan_file: YAML plain, quoted and block values, aliases and comments", "[secrets][scan]") {
  const Loaded l("notifications.yaml",
                 fmt::format("notifications:\n"                                    // 1
                             "  channels:\n"                                       // 2
                             "    - type: slack\n"                                 // 3
                             "      webhook: \"{}\"\n"                             // 4
                             "    - type: pagerduty\n"                             // 5
                             "      service_key: &pd 5f0c9e2ab71d4c83a6e1b49d27f8c03e\n" // 6
                             "      fallback_key: *pd\n"                           // 7
                             "tls:\n"                                              // 8
                             "  private_key: |\n"                                  // 9
                             "    -----BEGIN EC PRIVATE KEY-----\n"                // 10
                             "    MHcCAQEEIBv3x9Lk2mQ8rT4wZpY7nJd0sF1aHcE6uVgK5oXiR2bNoAoGCCqGSM49\n" // 11
                             "    AwEHoUQDQgAEq8Zr2mWx4LpV9sKd3NbHc7Yt1Fj6Gv0Ru5EiA3oDpXlB9wQnMkZ\n"  // 12
                             "    -----END EC PRIVATE KEY-----\n"                  // 13
                             "  cert_path: /etc/ssl/private/key.pem\n"             // 14
                             "# rotated: {}\n"                                     // 15
                             "admin:\n"                                            // 16
                             "  password: 'hunter22x'\n"                           // 17
                             "checks:\n"                                           // 18
                             "  pass: [valid-config.json, good-tree.yaml]\n",      // 19
                             slack, prod_key),
                 FileKind::yaml);
  REQUIRE(l.result.diagnostics.empty());
  CHECK(hits(l, FileKind::yaml) ==
        std::vector<std::string>{
            "4:17-4:96 slack-webhook webhook /notifications/channels/0/webhook",
            "6:24-6:56 pagerduty-key service_key /notifications/channels/1/service_key",
            // Folded out of the source by the block scalar; the file's bytes place it.
            "10:5-13:33 private-key private_key /tls/private_key",
            "15:12-15:44 environment-api-key - -",
            "17:14-17:23 password password /admin/password",
        });
}

TEST_CASE("scan_file: .env values under their variable names, comments as text", "[secrets][scan]") {
  const Loaded l("secrets.env",
                 fmt::format("# Claude deployment\n"
                             "CLAUDE_API_TOKEN_PROD=\"{}\"\n"
                             "export PAGERDUTY_ROUTING_KEY=R02B7H4KX9QW1MZP5VNC3TYD8FJL6GSE\n"
                             "DB_PASSWORD='s3cr3t-Pa55'  # from the vault\n"
                             "CLAUDE_API_TOKEN_TEST=${{CLAUDE_API_TOKEN_PROD}}\n"
                             "CLAUDE_API_TOKEN_DEV=\"sk-dev-...\"\n"
                             "LOG_LEVEL=info\n"
                             "# {}\n",
                             prod_key, github),
                 FileKind::dotenv);
  REQUIRE(l.result.diagnostics.empty());
  CHECK(hits(l, FileKind::dotenv) == std::vector<std::string>{
                                         "2:24-2:56 environment-api-key CLAUDE_API_TOKEN_PROD /CLAUDE_API_TOKEN_PROD",
                                         "3:30-3:62 pagerduty-key PAGERDUTY_ROUTING_KEY /PAGERDUTY_ROUTING_KEY",
                                         "4:14-4:25 password DB_PASSWORD /DB_PASSWORD",
                                         "8:3-8:43 github-token - -",
                                     });
}

TEST_CASE("scan_file: shell commands, comments and assignments", "[secrets][scan]") {
  const Loaded l("deploy.sh",
                 fmt::format("#!/bin/bash\n"
                             "set -e\n"
                             "curl -X POST -d '{{\"text\":\"deployed\"}}' \"{}\"\n"
                             "# token: {}\n"
                             "export CLAUDE_API_TOKEN=\"{}\"\n"
                             "cp templates/production/.env ~/.claude/.env\n",
                             slack, github, prod_key),
                 FileKind::shell);
  REQUIRE(l.result.documents.size() == 1);
  const auto found = hits(l, FileKind::shell);
  REQUIRE(found.size() == 3);
  CHECK(found[0] == "3:40-3:119 slack-webhook args /commands/1/args/4");
  CHECK(found[1] == "4:10-4:50 github-token - -");
  // With the loader's assignments, the value is judged under its name.
  if (l.doc().value.contains("assignments"))
    CHECK(found[2] == "5:26-5:58 environment-api-key CLAUDE_API_TOKEN /assignments/0/value");
  else
    CHECK(found[2] == "5:26-5:58 environment-api-key - -");
}

TEST_CASE("scan_file: files without documents are scanned as text", "[secrets][scan]") {
  const model::SourceFile file("notes.txt", fmt::format("see {} and {}\n", github, prod_key));
  const auto found = secrets::scan_file(file, FileKind::unknown, {});
  REQUIRE(found.size() == 2);
  CHECK(found[0].range == model::ByteRange{4, 44});
  CHECK(found[1].range == model::ByteRange{49, 81});
  CHECK_FALSE(found[0].key);
  CHECK(found[0].redacted == "ghp_\u2026" "5uWo (40 chars)");
}
