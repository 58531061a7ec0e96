// The /secrets section's facts: which environment a key's name and value
// are for, templates, external and implicitly used names, references from
// configs and scripts, and the value fingerprints kept beside the document.
#include <catch2/catch.hpp>

#include "compile_fixture.h"

using claudelint::test::environment;
using claudelint::test::TreeFixture;
using nlohmann::json;

namespace {

const char* prod_config = R"({"security": {"tls": {"version": "1.3"}, "api_key": "${CLAUDE_API_TOKEN_DEV}",
  "api_endpoint": "https://api.anthropic.com", "certificate_validation": true}})";
const char* dev_config = R"({"security": {"tls": {"version": "1.2"}, "api_key": "${CLAUDE_API_TOKEN_DEV}",
  "api_endpoint": "https://api.anthropic.com", "certificate_validation": true}})";

} // namespace

TEST_CASE("secrets facts: key_of, foreign and value_of name the environments a key is for", "[compile][secrets]") {
  TreeFixture f;
  f.add("configs/production.json", prod_config)
      .add("configs/dev.json", dev_config)
      .add(".env.dev", "CLAUDE_API_TOKEN_DEV=sk-prod-Zx81kQ0aP3nB7tLm2Yc5Vw9Hd4Rf6Gj1\nCLAUDE_API_TOKEN_PROD=sk-prod-a\n");
  const auto envs = f.compile();
  const json& dev = environment(envs, "dev").document["secrets"];
  INFO(dev.dump());
  CHECK(dev["CLAUDE_API_TOKEN_DEV"]["key_of"] == "dev");
  CHECK_FALSE(dev["CLAUDE_API_TOKEN_DEV"].contains("foreign"));
  CHECK(dev["CLAUDE_API_TOKEN_DEV"]["value_of"] == "production");
  // An environment's own .env file keeps another environment's key, to be flagged.
  CHECK(dev["CLAUDE_API_TOKEN_PROD"]["key_of"] == "production");
  CHECK(dev["CLAUDE_API_TOKEN_PROD"]["foreign"] == true);
  CHECK(dev["CLAUDE_API_TOKEN_DEV"]["implicit"] == true);
  // A reference to another environment's key is foreign and undefined there.
  const json& prod = environment(envs, "production").document["secrets"];
  INFO(prod.dump());
  CHECK(prod["CLAUDE_API_TOKEN_DEV"]["defined"] == false);
  CHECK(prod["CLAUDE_API_TOKEN_DEV"]["key_of"] == "dev");
  CHECK(prod["CLAUDE_API_TOKEN_DEV"]["foreign"] == true);
  CHECK(prod["CLAUDE_API_TOKEN_DEV"]["referenced_from"] == json::array({"/config/security/api_key"}));
}

TEST_CASE("secrets facts: values never enter the document; fingerprints compare them", "[compile][secrets]") {
  TreeFixture f;
  f.add("configs/staging.json", "{}")
      .add("configs/production.json", "{}")
      .add(".env.staging", "CLAUDE_API_TOKEN_TEST=same-value-0123456789\nA_TOKEN=\"sk-test-...\"\n")
      .add(".env.production", "CLAUDE_API_TOKEN_PROD=same-value-0123456789\n");
  const auto envs = f.compile();
  const auto& staging = environment(envs, "staging");
  const auto& production = environment(envs, "production");
  CHECK(staging.document.dump().find("same-value") == std::string::npos);
  REQUIRE(staging.secret_values.contains("CLAUDE_API_TOKEN_TEST"));
  REQUIRE(production.secret_values.contains("CLAUDE_API_TOKEN_PROD"));
  CHECK(staging.secret_values.at("CLAUDE_API_TOKEN_TEST").fingerprint ==
        production.secret_values.at("CLAUDE_API_TOKEN_PROD").fingerprint);
  CHECK(staging.secret_values.at("CLAUDE_API_TOKEN_TEST").fingerprint.find("same") == std::string::npos);
  // A placeholder is not a value to compare.
  CHECK_FALSE(staging.secret_values.contains("A_TOKEN"));
  CHECK(staging.document["secrets"]["A_TOKEN"]["placeholder"] == true);
}

TEST_CASE("secrets facts: templates, external names and script uses", "[compile][secrets]") {
  TreeFixture f;
  f.add("claudelint.yaml", R"(version: 1
environments: [production]
shared: [.env.example, notifications.yaml, deploy.sh, .env.production]
secrets:
  external: [PAGERDUTY_SERVICE_KEY]
  implicit_use: ["DATADOG_*"]
)")
      .add(".env.example", "SLACK_WEBHOOK_PATH=\"T0/B0/...\"\n")
      .add(".env.production", "DEPLOY_TOKEN=abc\nDATADOG_API_KEY=x\nUNUSED_TOKEN=y\n")
      .add("notifications.yaml", "notifications:\n  channels:\n"
                                 "    - {type: slack, webhook: \"https://hooks.slack.com/services/${SLACK_WEBHOOK_PATH}\"}\n"
                                 "    - {type: pagerduty, service_key: \"${PAGERDUTY_SERVICE_KEY}\"}\n")
      .add("deploy.sh", "#!/bin/bash\ncurl -H \"Authorization: $DEPLOY_TOKEN\" \"$HOME/x\"\n");
  const auto envs = f.compile();
  const json& secrets = environment(envs, "production").document["secrets"];
  INFO(secrets.dump());
  CHECK(secrets["SLACK_WEBHOOK_PATH"]["template"] == true);
  CHECK(secrets["SLACK_WEBHOOK_PATH"]["defined"] == true);
  CHECK(secrets["PAGERDUTY_SERVICE_KEY"]["external"] == true);
  CHECK(secrets["PAGERDUTY_SERVICE_KEY"]["defined"] == true);
  CHECK(secrets["DATADOG_API_KEY"]["implicit"] == true);
  CHECK(secrets["DEPLOY_TOKEN"].value("referenced_from", json()) == json::array({"/files/deploy.sh"}));
  CHECK_FALSE(secrets["UNUSED_TOKEN"].contains("referenced_from"));
  // A script's $HOME is not a secret.
  CHECK_FALSE(secrets.contains("HOME"));
}
