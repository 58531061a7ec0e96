// The whole path from a config file to schema diagnostics, with the real
// engine: every finding of a varied JSON and YAML document lands on the
// exact line:column range of the offending key or value.
#include <catch2/catch.hpp>

#include "../test_support.h"
#include "schema/explain.h"
#include "schema/registry.h"

using namespace claudelint;
using claudelint::source::FileKind;
using claudelint::test::Loaded;

namespace {

std::vector<std::string> check(const Loaded& l) {
  const schema::Registry registry;
  const auto id = registry.builtin_for(l.file.path());
  REQUIRE(id);
  schema::SchemaCache cache(registry);
  const auto& compiled = cache.get(*id);
  REQUIRE(compiled.schema);
  std::vector<std::string> out;
  for (const auto& doc : l.result.documents)
    for (const auto& d : schema::explain(doc, *compiled.schema, compiled.schema->validate(doc.value), {})) {
      const auto b = l.file.position(d.range.begin), e = l.file.position(d.range.end);
      out.push_back(fmt::format("{} {}:{}-{}:{} {}", d.rule.code, b.line, b.column, e.line, e.column,
                                d.pointer.value_or("")));
    }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("schema findings of a JSON client config land on exact ranges", "[schema][positions]") {
  const Loaded l("configs/production.json", R"({
  "security": {
    "tls": {
      "version": "1.0",
      "ciphers": ["TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"]
    },
    "api_endpoint": "https://api.anthropic.com",
    "certifcate_validation": true
  },
  "performance": {
    "max_concurrent_requests": 0,
    "timeout": "60000"
  },
  "logging": {"level": "verbose"}
}
)",
                 FileKind::json);
  REQUIRE(l.result.diagnostics.empty());
  CHECK(check(l) == std::vector<std::string>{
                        "CL1001 12:16-12:23 /performance/timeout",
                        "CL1002 14:24-14:33 /logging/level",
                        "CL1002 4:18-4:23 /security/tls/version",
                        "CL1003 8:5-8:28 /security/certifcate_validation",
                        "CL1004 2:3-2:13 /security",
                        "CL1005 11:32-11:33 /performance/max_concurrent_requests",
                        "CL1005 5:18-5:70 /security/tls/ciphers",
                    });
}

TEST_CASE("schema findings of a YAML deployment file land on exact ranges", "[schema][positions]") {
  const Loaded l("deployment.yaml",
                 "defaults: &region\n"
                 "  region: us_east_1\n"
                 "production:\n"
                 "  instances:\n"
                 "    - <<: *region\n"
                 "      count: -1\n"
                 "      load_balancer: \"true\"\n"
                 "  backup:\n"
                 "    frequency: nightly\n"
                 "    retention: 30_days\n"
                 "stagin:\n"
                 "  instances: []\n",
                 FileKind::yaml);
  const auto findings = check(l);
  // Merged values point where the anchor defined them.
  CHECK(std::count(findings.begin(), findings.end(), "CL1006 2:11-2:20 /production/instances/0/region") == 1);
  CHECK(std::count(findings.begin(), findings.end(), "CL1005 6:14-6:16 /production/instances/0/count") == 1);
  CHECK(std::count(findings.begin(), findings.end(), "CL1001 7:22-7:28 /production/instances/0/load_balancer") == 1);
  CHECK(std::count(findings.begin(), findings.end(), "CL1002 9:16-9:23 /production/backup/frequency") == 1);
  CHECK(std::count(findings.begin(), findings.end(), "CL1003 11:1-11:7 /stagin") == 1);
}

TEST_CASE("anyOf reports the alternative that came closest", "[schema][positions]") {
  const Loaded l("x.json", R"({"type": "strnig"})", FileKind::json);
  const nlohmann::json root = nlohmann::json::parse(R"({
    "properties": {"type": {"anyOf": [{"enum": ["string", "number"]}, {"type": "array"}]}}})");
  const auto compiled = schema::compile(root, "file:///t.json", [](const std::string&) { return std::nullopt; });
  REQUIRE(compiled.schema);
  const auto ds = schema::explain(l.doc(), *compiled.schema, compiled.schema->validate(l.doc().value), {});
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].rule.code == "CL1002");
  CHECK(ds[0].help == std::optional<std::string>("did you mean \"string\"?"));
  REQUIRE(ds[0].related.size() == 1); // the other alternative, as related information
  CHECK(ds[0].related[0].message.find("alternative 2") != std::string::npos);
}
