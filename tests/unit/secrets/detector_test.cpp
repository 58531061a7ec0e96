#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "secrets/detector.h"

using namespace claudelint::secrets;

namespace {

// Made-up values with the real shapes (random, never issued by anyone).
constexpr std::string_view anthropic_key =
    "sk-ant-api03-84ekLPCLn0SFqZYVVA_jEnTYGUHe1Ldw6RxrrBR7RZ53l3a_rfzk1J_o82PYnILGwQGvBSBBXKd5t5T33JnbYfPrYs5ClAA";
constexpr std::string_view admin_key =
    "sk-ant-admin01-nrIehe6bhqHxzui_4HOIhdTNc4SKjGmTY8unPk9ybaMd6u1jF8x6MFqMX7JySvFMKuBK42tOE0FCfRQ7QvYugk3fa9vo6AA";
constexpr std::string_view prod_key = "sk-prod-etUPPDABkRQlOh2f5QjRJDRZUmaS35YK";
constexpr std::string_view test_key = "sk-test-FUVeYwL4IQ9FMVWMk0OzWDKQ";
constexpr std::string_view slack_url = "https://hooks.slack.com/services/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";
constexpr std::string_view aws_key_id = "AKIAGS8654XHYBLD7NMR";
constexpr std::string_view aws_secret = "9ujjnk8hUJQQ/u+R3r4dv1ohf+crVQ3S8UH5Nmkn";
constexpr std::string_view gcp_key = "AIza-SOFFfI_D-_3l6BadJ7lMTi7yrNz63Rb-RI";
constexpr std::string_view github_classic = "ghp_CNg0jzs8jaDkjQWL3Ecs0HniBxXUGfzeJMH8";
constexpr std::string_view github_fine =
    "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";
constexpr std::string_view pagerduty = "14700461e0808759b99653fa9f6ebf66";
constexpr std::string_view random_token = "3V2Q87w9Er1A6dXoy9cswU74ZpGdv5fXSMKpPoTP";
constexpr std::string_view private_key_block = "-----BEGIN RSA PRIVATE KEY-----\n"
                                               "UvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaGglfIPk5VlDPk4C47bIkpr\n"
                                               "JIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxlB3lex0XEw/yy6yxz4Uk0yGfuBX\n"
                                               "unJJm/oSHoNrKsFXJu59awr2qxPDjpLK4NFQV7FZmH+UzHQR1xfxRXmyqhAPu7NP\n"
                                               "-----END RSA PRIVATE KEY-----";

/// Every match as "kind begin-end".
std::vector<std::string> found(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& m : scan_text(text)) out.push_back(fmt::format("{} {}-{}", kind_name(m.kind), m.begin, m.end));
  return out;
}

std::string at(std::string_view text, std::string_view secret, SecretKind kind) {
  const auto begin = text.find(secret);
  REQUIRE(begin != std::string_view::npos);
  return fmt::format("{} {}-{}", kind_name(kind), begin, begin + secret.size());
}

/// "kind begin-end" of classify_value, or "none".
std::string judged(std::string_view key, std::string_view value) {
  const auto m = classify_value(key, value);
  return m ? fmt::format("{} {}-{}", kind_name(m->kind), m->begin, m->end) : "none";
}

/// The redaction keeps no run of 5 characters of the secret between its
/// public `prefix` and `suffix` (a private key's header and footer lines).
void require_no_leak(std::string_view secret, std::string_view prefix, const std::string& redacted,
                     std::string_view suffix = {}) {
  INFO("redacted: " << redacted);
  REQUIRE(secret.starts_with(prefix));
  REQUIRE(secret.ends_with(suffix));
  const std::string_view rest = secret.substr(prefix.size(), secret.size() - prefix.size() - suffix.size());
  for (std::size_t i = 0; i + 5 <= rest.size(); ++i) {
    INFO("substring at " << i);
    REQUIRE(redacted.find(rest.substr(i, 5)) == std::string::npos);
  }
}

} // namespace

TEST_CASE("scan_text finds every distinctive shape at its exact bytes", "[secrets][detector]") {
  SECTION("one of each, in .env-like text") {
    const std::string text = fmt::format("ANTHROPIC_API_KEY={}\nADMIN={}\nCLAUDE_API_TOKEN_PROD=\"{}\"\n"
                                         "CLAUDE_API_TOKEN_TEST='{}'\nSLACK={}\nAWS_ACCESS_KEY_ID={}\n"
                                         "GOOGLE_API_KEY={}\nGH={} GH2={}\n",
                                         anthropic_key, admin_key, prod_key, test_key, slack_url, aws_key_id, gcp_key,
                                         github_classic, github_fine);
    CHECK(found(text) == std::vector<std::string>{
                             at(text, anthropic_key, SecretKind::anthropic_api_key),
                             at(text, admin_key, SecretKind::anthropic_admin_key),
                             at(text, prod_key, SecretKind::environment_api_key),
                             at(text, test_key, SecretKind::environment_api_key),
                             at(text, slack_url, SecretKind::slack_webhook),
                             at(text, aws_key_id, SecretKind::aws_access_key_id),
                             at(text, gcp_key, SecretKind::gcp_api_key),
                             at(text, github_classic, SecretKind::github_token),
                             at(text, github_fine, SecretKind::github_token),
                         });
    CHECK(found(text).front() == "anthropic-api-key 18-126");
  }
  SECTION("the environment scheme is reported") {
    const auto m = scan_text(fmt::format("a {} b {}", prod_key, test_key));
    REQUIRE(m.size() == 2);
    CHECK(m[0].scheme == "prod");
    CHECK(m[1].scheme == "test");
    CHECK(scan_text(fmt::format("x {}", anthropic_key)).at(0).scheme.empty());
  }
  SECTION("Slack workflow and scheme-less webhooks") {
    CHECK(found("url: https://hooks.slack.com/workflows/T02ABCD1EF/A05KXM2PQ7R/482910375510398271/"
                "q8ZrT2mWx4LpV9sKd3NbHc7Y") == std::vector<std::string>{"slack-webhook 5-105"});
    CHECK(found("hooks.slack.com/services/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") ==
          std::vector<std::string>{"slack-webhook 0-71"});
  }
  SECTION("private key blocks, terminated or not") {
    const std::string text = fmt::format("key: |\n  {}\nnext: 1\n", private_key_block);
    CHECK(found(text) == std::vector<std::string>{at(text, private_key_block, SecretKind::private_key)});
    const std::string cut = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
                            "QyNTUxOQAAACBvX2sV6q7s1Xz";
    CHECK(found(cut) == std::vector<std::string>{fmt::format("private-key 0-{}", cut.size())});
    // JSON-escaped newlines, PGP's BLOCK suffix, an EC key.
    const std::string json = "{\"pk\": \"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBv3x9Lk2mQ8rT4wZpY7nJd0s"
                             "F1aHcE6uVgK5oXiR2bNoAoGCCqGSM49AwEHoUQDQgAE\\n-----END EC PRIVATE KEY-----\\n\"}";
    CHECK(found(json) == std::vector<std::string>{fmt::format("private-key 8-{}", json.size() - 4)});
    const std::string pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQVYBGV3k9ABDADm4x8Kq2Lr7TzW0pN5vYc3HsJ6dE1fGuA9"
                            "bQiXoR2mKt8LwZyP4nVe7Ds0FhJc5gUa1MxNqO3rBiTlY6kWp\n-----END PGP PRIVATE KEY BLOCK-----\n";
    CHECK(found(pgp) == std::vector<std::string>{fmt::format("private-key 0-{}", pgp.size() - 1)});
  }
  SECTION("a legacy encrypted key's RFC 1421 headers") {
    const std::string text = std::string("-----BEGIN RSA PRIVATE KEY-----\n"
                                         "Proc-Type: 4,ENCRYPTED\n"
                                         "DEK-Info: AES-128-CBC,9F2C41E07B3A5D6E8F1029384756ABCD\n\n") +
                             std::string(private_key_block.substr(32));
    CHECK(found(text) == std::vector<std::string>{fmt::format("private-key 0-{}", text.size())});
  }
  SECTION("credentials in URLs: the password only") {
    const std::string text = "DATABASE_URL=postgres://claude:Tr0ub4dor-x9Q@db.internal:5432/app";
    CHECK(found(text) == std::vector<std::string>{"url-credentials 31-44"});
    CHECK(text.substr(31, 13) == "Tr0ub4dor-x9Q");
    CHECK(found("redis://:s3cr3tRedisPw@cache:6379") == std::vector<std::string>{"url-credentials 9-22"});
    // A distinctive token used as the password is reported as that token.
    const std::string token_pw = fmt::format("https://x-access-token:{}@github.com/org/repo.git", github_classic);
    CHECK(found(token_pw) == std::vector<std::string>{at(token_pw, github_classic, SecretKind::github_token)});
  }
  SECTION("results are sorted and never overlap") {
    // An AWS key id inside a private key body is part of the block.
    const std::string text = fmt::format("{}\n-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----\n{}",
                                         github_classic, std::string(private_key_block.substr(32, 64)), aws_key_id,
                                         gcp_key);
    const auto matches = scan_text(text);
    REQUIRE(matches.size() == 3);
    CHECK(matches[0].kind == SecretKind::github_token);
    CHECK(matches[1].kind == SecretKind::private_key);
    CHECK(matches[2].kind == SecretKind::gcp_api_key);
    for (std::size_t i = 1; i < matches.size(); ++i) CHECK(matches[i - 1].end <= matches[i].begin);
  }
}

TEST_CASE("scan_text skips placeholders, references and look-alikes", "[secrets][detector]") {
  const std::vector<std::string> clean = {
      // The deployment guide's own placeholders.
      "CLAUDE_API_TOKEN_PROD=\"sk-prod-...\"",
      "CLAUDE_API_TOKEN_CI=\"sk-ci-...\"",
      "webhook: \"https://hooks.slack.com/...\"",
      "service_key: \"your-pagerduty-key\"",
      "CLAUDE_API_TOKEN_PROD=${CLAUDE_API_TOKEN_PROD}",
      // Documentation examples.
      "AKIAIOSFODNN7EXAMPLE",
      "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
      "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "sk-prod-XXXXXXXXXXXXXXXXXXXXXXXX",
      "sk-prod-your-key-goes-here-1234",
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC…\n-----END PRIVATE KEY-----",
      "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UEChMJ"
      "QmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYDVQQDExlCYWx0aW1vcmUgQ3liZXJUcnVzdCBSb290MB4XDTAwMDUx\n"
      "-----END CERTIFICATE-----",
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEb3x9Lk2mQ8rT4wZpY7nJd0sF1aHcE6uVgK5oXiR2bN"
      "oAoGCCqGSM49AwEHoUQDQgAEzz\n-----END PUBLIC KEY-----",
      // Shapes glued into something larger.
      "mask-prod-a8Fk2LmQ9xZr4TbWc7Yp",
      "task-test-runner-2024-11-26-nightly",
      "integrity: sha512-AKIAGS8654XHYBLD7NMRq3+abc/AIza-SOFFfI_D-_3l6BadJ7lMTi7yrNz63Rb-RIx==",
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkAKIAAAKIAGS8654XHYBLD7NMRz",
      "s3://bucket/AKIAGS8654XHYBLD7NMR/backup.tar",
      "xghp_CNg0jzs8jaDkjQWL3Ecs0HniBxXUGfzeJMH8",
      "ghp_CNg0jzs8jaDkjQWL3Ecs0HniBxXUG",  // too short
      "AKIAGS8654XHYBLD7NM",                // 19
      "AKIAGS8654XHYBLD7NMRX",              // 21
      // URLs whose password is a reference, a placeholder or absent.
      "postgres://claude:${DB_PASSWORD}@db:5432/app",
      "postgres://claude:$DB_PASSWORD@db:5432/app",
      "postgres://user:password@localhost/db",
      "amqp://user:<password>@mq",
      "https://user:@example.com",
      "https://user@example.com/path?x=a:b@c",
      "https://example.com:8443/v1?redirect=a@b",
      "ssh://git@github.com:22/org/repo.git",
      "registry.example.com:5000/app@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
      "oci://registry:5000@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
      "http://localhost:8080@proxy",
      // Identifiers that happen to start like a token.
      "550e8400-e29b-41d4-a716-446655440000",
      "skill-dev-environment-bootstrap",
      "sk-dev-short",
      "sk-dev-environment-setup-guide",        // a lowercase slug, not a random body
      "see sk-test-runner-v2-nightly-build",
      // Default accounts of local services, and RFC example credentials.
      "postgres://postgres:postgres@localhost:5432/claude_dev",
      "amqp://guest:guest@127.0.0.1:5672/",
      "uri://foo:bar@example.com:1/path?query#fragment",
  };
  for (const auto& text : clean) {
    INFO(text);
    CHECK(found(text).empty());
  }
}

TEST_CASE("classify_value: distinctive shapes win, then the key's context", "[secrets][detector]") {
  SECTION("a distinctive shape inside any value") {
    CHECK(judged("description", fmt::format("rotate {} monthly", prod_key)) == "environment-api-key 7-47");
    CHECK(judged("url", slack_url) == fmt::format("slack-webhook 0-{}", slack_url.size()));
  }
  SECTION("PagerDuty keys") {
    CHECK(judged("service_key", pagerduty) == "pagerduty-key 0-32");
    CHECK(judged("routing_key", "R02B7H4KX9QW1MZP5VNC3TYD8FJL6GSE") == "pagerduty-key 0-32");
    CHECK(judged("integrationKey", pagerduty) == "pagerduty-key 0-32");
    CHECK(judged("PAGERDUTY_ROUTING_KEY_PROD", pagerduty) == "pagerduty-key 0-32");
    CHECK(judged("service_key", "your-pagerduty-key") == "none");
    CHECK(judged("service_key", "${PAGERDUTY_SERVICE_KEY}") == "none");
    CHECK(judged("service_key", "00000000000000000000000000000000") == "none");
    // 32 hex characters under a key that says nothing is a hash.
    CHECK(judged("checksum", pagerduty) == "none");
    CHECK(judged("commit", pagerduty) == "none");
  }
  SECTION("AWS secret access keys") {
    CHECK(judged("aws_secret_access_key", aws_secret) == "aws-secret-key 0-40");
    CHECK(judged("AWS_SECRET_ACCESS_KEY", aws_secret) == "aws-secret-key 0-40");
    CHECK(judged("secretAccessKey", aws_secret) == "aws-secret-key 0-40");
    CHECK(judged("aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == "none");
    CHECK(judged("region", aws_secret) == "none");
  }
  SECTION("passwords are literals of 6 or more under a password key") {
    CHECK(judged("password", "hunter22") == "password 0-8");
    CHECK(judged("DB_PASSWORD", "Winter2024!") == "password 0-11");
    CHECK(judged("dbPassword", "correcthorse") == "password 0-12");
    CHECK(judged("REDIS_PASS", "redis-pw-77") == "password 0-11");
    CHECK(judged("admin_password_prod", "  sw0rdfish  ") == "password 2-11");
    CHECK(judged("password", "short") == "none");
    CHECK(judged("password", "${DB_PASSWORD}") == "none");
    CHECK(judged("password", "$DB_PASSWORD") == "none");
    CHECK(judged("password", "DB_PASSWORD") == "none");
    CHECK(judged("password", "changeme") == "none");
    CHECK(judged("password", "********") == "none");
    CHECK(judged("password", "required") == "none");
    CHECK(judged("password", "/run/secrets/db_password") == "none");
    CHECK(judged("password", "see the vault") == "none");
    CHECK(judged("password_file", "db-password.txt") == "none");
    CHECK(judged("password_policy", "strict-mode") == "none");
    CHECK(judged("password_min_length", "12") == "none");
    CHECK(judged("bypass", "everything") == "none");
    CHECK(judged("pass_rate", "0.995") == "none");
    CHECK(judged("pass", "200-299") == "none");
    CHECK(judged("password", "not-set") == "none");
  }
  SECTION("high-entropy strings under secret-looking keys") {
    CHECK(judged("api_key", random_token) == "high-entropy 0-40");
    CHECK(judged("CLAUDE_API_TOKEN_STAGING", random_token) == "high-entropy 0-40");
    CHECK(judged("client_secret", "Zq8vN3xK7mT2pR9wL4yB6cJ1") == "high-entropy 0-24");
    CHECK(judged("token", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == "high-entropy 0-64");
    CHECK(judged("webhook_secret", "whsec_9fK2mQ7xL4pZ8rT1vB6nC3yH") == "high-entropy 0-30");
  }
  SECTION("not secrets, even under secret-looking keys") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"api_key", "550e8400-e29b-41d4-a716-446655440000"},          // UUID
        {"api_key_header", "x-api-key"},                              // a header name
        {"api_key_ref", "vault://secret/claude/production/api-key"},  // a reference
        {"api_key", "vault:secret/data/claude#api_key"},
        {"token", "${CLAUDE_API_TOKEN_PROD}"},
        {"token", "CLAUDE_API_TOKEN_PROD"},                           // a variable's name
        {"private_key", "/etc/ssl/private/key.pem"},                  // paths
        {"token_file", "~/.claude/.env"},
        {"secret", "secret/data/claude/prod/api-token"},
        {"webhook", "https://hooks.slack.com/..."},
        {"webhook_url", "https://events.pagerduty.com/v2/enqueue"},
        {"token", "true"},
        {"secret_key", "1234567890123456789"},
        {"token_ttl", "3600s-rolling-window"},
        {"api_key", "sk-prod-..."},
        {"token", "claude-gw-prod-eu-west-1-primary"},                // an identifier
        {"secret_name", "ClaudeProdApiKeyV2Rotation"},
        {"key", "ProductionDeploymentKey"},
        {"public_key", "MCowBQYDK2VwAyEAq8Zr2mWx4LpV9sKd3NbHc7Yt1Fj6Gv0Ru5Ei"},
        {"ssh_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq8Zr2mWx4LpV9sKd3NbHc7Yt1Fj6Gv0Ru5Ei deploy"},
        {"token", "integrity-check-enabled"},
        {"secret", "sha512-q8ZrT2mWx4LpV9sKd3NbHc7Yt1Fj6Gv0Ru5EiA3oDpXlB9wQnMkZ=="},
        {"api_key", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAE"},
        {"token", "xxxxxxxxxxxxxxxxxxxxxxxx"},
        {"key", "TLS_AES_256_GCM_SHA384"},
        {"sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"api_key", "short-Key1"},
        {"private_subnets", "subnet-0a1b2c3d4e5f67890"},               // cloud resource ids
        {"private_route_table", "rtb-0f1e2d3c4b5a69788"},
        {"key", "ctrl+shift+alt+pagedown"},                            // editor key bindings
        {"vaultKey", "inf-vsqt-01-secret-id"},
        {"tokenizationId", "f865288c97ca4913887373728b8dfc4c"},
        {"client_secret", "_env:SALESFORCE_CLIENT_SECRET:REDACTED"},
        {"clientSecret", "xxxxxxxxxxxxxxxxxxxxxxxx"},
        {"token", "${{ secrets.GITHUB_TOKEN }}"},
        {"existingSecret", "claude-gateway-secrets"},
    };
    for (const auto& [key, value] : cases) {
      INFO(key << ": " << value);
      CHECK(judged(key, value) == "none");
    }
  }
}

TEST_CASE("environment_scheme reads the guide's key scheme", "[secrets][detector]") {
  CHECK(environment_scheme(prod_key) == "prod");
  CHECK(environment_scheme(test_key) == "test");
  CHECK(environment_scheme("sk-dev-abc123") == "dev");
  CHECK(environment_scheme("sk-ci-9Fk2LmQ") == "ci");
  CHECK_FALSE(environment_scheme("sk-prod-..."));
  CHECK_FALSE(environment_scheme("sk-prod-"));
  CHECK_FALSE(environment_scheme("sk-staging-abc123"));
  CHECK_FALSE(environment_scheme(anthropic_key));
  CHECK_FALSE(environment_scheme("ask-prod-abc123"));
}

TEST_CASE("redact shows the fixed prefix, the last four and the length", "[secrets][detector]") {
  CHECK(redact(anthropic_key, SecretKind::anthropic_api_key) == "sk-ant-\u2026ClAA (108 chars)");
  CHECK(redact(prod_key, SecretKind::environment_api_key) == "sk-prod-\u2026" "35YK (40 chars)");
  CHECK(redact("sk-ci-9Fk2LmQa8Zr4TbWc", SecretKind::environment_api_key) == "sk-ci-\u2026 (22 chars)");
  CHECK(redact(aws_key_id, SecretKind::aws_access_key_id) == "AKIA\u2026 (20 chars)");
  CHECK(redact(github_classic, SecretKind::github_token) == "ghp_\u2026JMH8 (40 chars)");
  CHECK(redact(slack_url, SecretKind::slack_webhook) ==
        "https://hooks.slack.com/services/\u20262fwc (79 chars)");
  CHECK(redact(private_key_block, SecretKind::private_key) ==
        fmt::format("-----BEGIN RSA PRIVATE KEY-----\u2026 ({} chars)", private_key_block.size()));
  CHECK(redact("hunter22", SecretKind::password) == "\u2026 (8 chars)");
  CHECK(redact(random_token, SecretKind::high_entropy) == "\u2026PoTP (40 chars)");
  // A prefix the secret does not have is not shown.
  CHECK(redact("Tr0ub4dor-x9Q", SecretKind::url_credentials) == "\u2026 (13 chars)");

  SECTION("never more than four characters past the prefix") {
    const std::vector<std::tuple<std::string_view, SecretKind, std::string_view>> secrets = {
        {anthropic_key, SecretKind::anthropic_api_key, "sk-ant-"},
        {admin_key, SecretKind::anthropic_admin_key, "sk-ant-"},
        {prod_key, SecretKind::environment_api_key, "sk-prod-"},
        {test_key, SecretKind::environment_api_key, "sk-test-"},
        {slack_url, SecretKind::slack_webhook, "https://hooks.slack.com/services/"},
        {private_key_block, SecretKind::private_key, "-----BEGIN RSA PRIVATE KEY-----"},
        {aws_key_id, SecretKind::aws_access_key_id, "AKIA"},
        {aws_secret, SecretKind::aws_secret_key, ""},
        {gcp_key, SecretKind::gcp_api_key, "AIza"},
        {github_classic, SecretKind::github_token, "ghp_"},
        {github_fine, SecretKind::github_token, "github_pat_"},
        {pagerduty, SecretKind::pagerduty_key, ""},
        {random_token, SecretKind::high_entropy, ""},
        {"Tr0ub4dor-x9Q", SecretKind::url_credentials, ""},
        {"hunter22", SecretKind::password, ""},
        {"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBv3x9Lk2mQ8rT4wZp", SecretKind::private_key,
         "-----BEGIN EC PRIVATE KEY-----"},
    };
    for (const auto& [secret, kind, prefix] : secrets) {
      INFO(kind_name(kind));
      const auto footer = secret.find("\n-----END");
      require_no_leak(secret, prefix, redact(secret, kind),
                      footer == std::string_view::npos ? std::string_view{} : secret.substr(footer));
    }
  }
}

TEST_CASE("kind names are stable and round-trip", "[secrets][detector]") {
  CHECK(kind_name(SecretKind::anthropic_api_key) == "anthropic-api-key");
  CHECK(describe(SecretKind::slack_webhook) == "Slack webhook URL");
  for (int k = 0; k <= static_cast<int>(SecretKind::password); ++k) {
    const auto kind = static_cast<SecretKind>(k);
    CHECK(kind_from_name(kind_name(kind)) == kind);
  }
  CHECK_FALSE(kind_from_name("nope"));
}

TEST_CASE("shannon_entropy is in bits per byte", "[secrets][detector]") {
  CHECK(shannon_entropy("") == 0.0);
  CHECK(shannon_entropy("aaaa") == 0.0);
  CHECK(shannon_entropy("abab") == Approx(1.0));
  CHECK(shannon_entropy("abcdefgh") == Approx(3.0));
  CHECK(shannon_entropy(random_token) > 4.0);
}

TEST_CASE("scan_text stays linear and in bounds on hostile input", "[secrets][detector]") {
  SECTION("many anchors that never complete") {
    std::string text;
    for (int i = 0; i < 20000; ++i)
      text += "-----BEGIN PRIVATE KEY-----a://b:c sk-prod- AKIA ghp_ hooks.slack.com/services/T";
    // Quadratic scanning would take minutes here; linear takes milliseconds.
    CHECK(scan_text(text).empty());
    std::string authority = "x://";
    authority.append(2'000'000, 'a');
    authority += "a://b:c@d";
    CHECK(found(authority).empty());
  }
  SECTION("random bytes around real anchors") {
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    const auto next = [&state] {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      return state;
    };
    const std::string_view pieces[] = {"sk-",     "sk-ant-api03-", "sk-prod-", "-----BEGIN ", " PRIVATE KEY-----",
                                       "-----END ", "://",         ":",        "@",           "AKIA",
                                       "AIza",    "ghp_",          "github_pat_", "hooks.slack.com/services/T",
                                       "/",       "\n",           "\xE2\x80\xA6"};
    for (int round = 0; round < 200; ++round) {
      std::string text;
      while (text.size() < 2000) {
        if (next() % 3 == 0) text += pieces[next() % std::size(pieces)];
        else text += static_cast<char>(next() % 256);
      }
      const auto matches = scan_text(text);
      for (std::size_t i = 0; i < matches.size(); ++i) {
        REQUIRE(matches[i].begin < matches[i].end);
        REQUIRE(matches[i].end <= text.size());
        if (i > 0) REQUIRE(matches[i - 1].end <= matches[i].begin);
      }
      for (const auto& m : matches) {
        const std::string redacted = redact(std::string_view(text).substr(m.begin, m.end - m.begin), m.kind);
        CHECK(redacted.find(" chars)") != std::string::npos);
      }
    }
  }
}

TEST_CASE("looks_like_placeholder: the guide's placeholders, in any ASCII case", "[secrets][detector]") {
  using claudelint::secrets::looks_like_placeholder;
  for (const char* yes : {"sk-prod-...", "https://hooks.slack.com/\u2026", "your-api-key", "YOUR_TOKEN", "<Your key>",
                          "<api-key>", "changeme", "CHANGE-ME", "change_me-later", "Replace_Me", "replaceme_1",
                          "TODO", "todo-fill", "FixMe", "tbd_", "placeholder", "PLACEHOLDER-value", "xxx", "XxXxX", "<your"})
    CHECK(looks_like_placeholder(yes));
  for (const char* no : {"", "x", "xx", "xxy", "sk-prod-abc", "yours", "your", "todos", "tbdx", "placeholders",
                         "changemenow", "us-west-2", "https://api.anthropic.com", ">api<", "ok...fine", "<"})
    CHECK_FALSE(looks_like_placeholder(no));
}
