// The environment compiler's subcommands run as a user runs them: the real
// binary (CLAUDELINT_BINARY) on copies of the example trees in temporary
// directories, so builds, edits and `init` never touch the repository.
//
// - build: artifacts byte-identical to fixtures/golden/layered/*.expected,
//   --check, staleness after an edit, idempotence, all-or-nothing on errors,
//   manifest hashes. Independence from the working directory is in
//   determinism_test.cpp, interrupted builds in kill_test.cpp.
// - init: the written manifest describes the tree exactly as inferred.
// - secrets: canary values never reach any output or artifact.
//
// CLAUDELINT_UPDATE_GOLDEN=1 rewrites fixtures/golden/layered/; review the diff.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "process.h"
#include "support/sha256.h"

namespace fs = std::filesystem;
using claudelint::test::ProcessResult;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;

namespace {

const fs::path source_dir = CLAUDELINT_SOURCE_DIR;

/// A uniquely named directory under the system temp folder, removed at the
/// end of the test.

/// Copies a fixture tree to `to`. Compiled documents record each file's
/// permission bits, so they are set to 0644 (0755 where the owner may
/// execute): the artifacts must not depend on the umask of the checkout.
void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive);
  for (const auto& entry : fs::recursive_directory_iterator(to)) {
    if (!entry.is_regular_file()) continue;
    const bool executable = (entry.status().permissions() & fs::perms::owner_exec) != fs::perms::none;
    fs::permissions(entry.path(), executable ? fs::perms(0755) : fs::perms(0644), fs::perm_options::replace);
  }
}

/// Every regular file under `dir`: relative path → bytes.
std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      files[entry.path().lexically_relative(dir).generic_string()] = read_all(entry.path());
  return files;
}

std::vector<std::string> names(const std::map<std::string, std::string>& files) {
  std::vector<std::string> out;
  for (const auto& [name, bytes] : files) out.push_back(name);
  return out;
}

ProcessResult run(const std::vector<std::string>& args, const fs::path& cwd) {
  auto result = run_process(CLAUDELINT_BINARY, args, cwd, std::chrono::seconds(60));
  REQUIRE_FALSE(result.timed_out);
  REQUIRE(result.signal == 0);
  return result;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

const std::vector<std::string> layered_artifacts{"dev.json",     "dev.sources.json",        "manifest.json",
                                                 "production.json", "production.sources.json", "staging.json",
                                                 "staging.sources.json"};

} // namespace

TEST_CASE("build: artifacts match the goldens; --check, staleness after an edit, idempotence", "[e2e][build]") {
  const ScratchDir scratch;
  copy_tree(source_dir / "fixtures/examples/layered", scratch.path / "layered");

  const auto first = run({"build", "layered", "--out", "dist", "--color", "never"}, scratch.path);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(contains(first.out, "warning[CL6004]")); // the tree's one parity finding does not stop a build
  CHECK(first.err == "claudelint build: 3 environments of 1 tree into dist (7 files written, 0 unchanged)\n");
  const auto built = read_tree(scratch.path / "dist");
  REQUIRE(names(built) == layered_artifacts);

  const fs::path golden_dir = source_dir / "fixtures/golden/layered";
  for (const auto& [name, bytes] : built) {
    const fs::path golden = golden_dir / (name + ".expected");
    INFO(golden.lexically_relative(source_dir).generic_string());
    if (claudelint::test::updating_golden()) {
      write_file(golden, bytes);
      continue;
    }
    REQUIRE(fs::exists(golden));
    CHECK(bytes == read_all(golden));
  }
  if (!claudelint::test::updating_golden()) {
    std::size_t goldens = 0;
    for (const auto& entry : fs::directory_iterator(golden_dir)) goldens += entry.path().extension() == ".expected";
    CHECK(goldens == built.size()); // no golden left over from an artifact that is gone
  }

  const auto up_to_date = run({"build", "--check", "layered", "--out", "dist"}, scratch.path);
  CHECK(up_to_date.exit_code == 0);
  CHECK(up_to_date.err == "claudelint build --check: the 7 artifacts in dist are up to date\n");

  const auto again = run({"build", "layered", "--out", "dist"}, scratch.path);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.err, "(0 files written, 7 unchanged)"));
  CHECK(read_tree(scratch.path / "dist") == built);

  write_file(scratch.path / "layered/overlays/production.json", "{\n  \"logging\": { \"level\": \"error\" }\n}\n");
  const auto stale = run({"build", "--check", "layered", "--out", "dist"}, scratch.path);
  INFO(stale.err);
  CHECK(stale.exit_code == 1);
  CHECK(contains(stale.err, "dist/production.json is stale or missing"));
  CHECK(contains(stale.err, "dist/manifest.json is stale or missing"));
  CHECK_FALSE(contains(stale.err, "dist/staging.json"));
  CHECK_FALSE(contains(stale.err, "dist/dev.json"));
  CHECK(contains(stale.err, "help: run `claudelint build --out dist`"));
  CHECK(read_tree(scratch.path / "dist") == built); // --check writes nothing

  const auto rebuilt = run({"build", "layered", "--out", "dist"}, scratch.path);
  CHECK(rebuilt.exit_code == 0);
  const auto after = read_tree(scratch.path / "dist");
  REQUIRE(names(after) == layered_artifacts);
  CHECK(after.at("production.json") != built.at("production.json"));
  CHECK(contains(after.at("production.json"), R"("level":"error")"));
  CHECK(after.at("staging.json") == built.at("staging.json"));
  CHECK(after.at("dev.json") == built.at("dev.json"));
  std::vector<std::string> changed;
  for (const auto& name : layered_artifacts)
    if (after.at(name) != built.at(name)) changed.push_back(name);
  // The value and its end column moved; nothing of dev or staging did.
  CHECK(changed == std::vector<std::string>{"manifest.json", "production.json", "production.sources.json"});
  CHECK(contains(rebuilt.err, "(3 files written, 4 unchanged)"));
  CHECK(run({"build", "--check", "layered", "--out", "dist"}, scratch.path).exit_code == 0);
}

TEST_CASE("build: a tree with an error writes nothing and leaves the previous artifacts as they were", "[e2e][build]") {
  const ScratchDir scratch;
  copy_tree(source_dir / "fixtures/examples/layered", scratch.path / "layered");
  REQUIRE(run({"build", "layered", "--out", "dist"}, scratch.path).exit_code == 0);
  const auto before = read_tree(scratch.path / "dist");
  REQUIRE(names(before) == layered_artifacts);

  // A change that alters the artifacts and breaks the syntax at once.
  write_file(scratch.path / "layered/overlays/staging.json", "{\n  \"performance\": { \"timeout\": 30000, }\n  \"x\"\n}\n");
  const auto broken = run({"build", "layered", "--out", "dist", "--color", "never"}, scratch.path);
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 1);
  CHECK(contains(broken.out, "layered/overlays/staging.json:"));
  CHECK(contains(broken.out, "error[CL0"));
  CHECK(broken.err == "claudelint build: errors in the config tree; no artifacts were written to dist\n");
  CHECK(read_tree(scratch.path / "dist") == before); // same files, same bytes, no temporaries left behind

  const auto check = run({"build", "--check", "layered", "--out", "dist"}, scratch.path);
  CHECK(check.exit_code == 1);
  CHECK(read_tree(scratch.path / "dist") == before);
}

TEST_CASE("build: manifest.json records the SHA-256 of every artifact and input", "[e2e][build]") {
  const ScratchDir scratch;
  copy_tree(source_dir / "fixtures/examples/layered", scratch.path / "layered");
  REQUIRE(run({"build", "layered", "--out", "dist"}, scratch.path).exit_code == 0);
  const fs::path dist = scratch.path / "dist";
  const auto manifest = nlohmann::json::parse(read_all(dist / "manifest.json"));
  CHECK(manifest.at("version") == 1);
  REQUIRE(manifest.at("trees").size() == 1);
  const auto& tree = manifest.at("trees").at(0);
  CHECK(tree.at("folder") == ".");
  std::vector<std::string> environments, listed;
  for (const auto& [name, entry] : tree.at("environments").items()) {
    environments.push_back(name);
    CHECK(entry.at("complete") == true);
    for (const char* artifact : {"artifact", "sources"}) {
      const std::string path = entry.at(artifact).at("path");
      const std::string sha = entry.at(artifact).at("sha256");
      INFO(name << " " << artifact << " " << path);
      listed.push_back(path);
      REQUIRE(fs::exists(dist / path));
      CHECK(sha.size() == 64);
      CHECK(sha == claudelint::support::sha256_hex(read_all(dist / path)));
    }
    CHECK_FALSE(entry.at("inputs").empty());
    for (const auto& [input, sha] : entry.at("inputs").items()) {
      INFO(name << " input " << input);
      REQUIRE(fs::exists(scratch.path / "layered" / input));
      CHECK(sha == claudelint::support::sha256_hex(read_all(scratch.path / "layered" / input)));
    }
  }
  CHECK(environments == std::vector<std::string>{"dev", "production", "staging"});
  std::sort(listed.begin(), listed.end());
  listed.push_back("manifest.json");
  std::sort(listed.begin(), listed.end());
  CHECK(listed == layered_artifacts); // every artifact but the manifest itself is hashed
}

namespace {

/// `envs --format json` minus what legitimately changes once the tree is
/// declared instead of inferred: the notes, each file's reason, and whether
/// there is a manifest.
nlohmann::json layout(const std::string& envs_json) {
  auto out = nlohmann::json::parse(envs_json);
  for (auto& tree : out.at("trees")) {
    tree.erase("notes");
    tree.erase("manifest");
    for (auto& file : tree.at("files")) file.erase("reason");
  }
  return out;
}

} // namespace

TEST_CASE("init: the written manifest declares the tree exactly as it was inferred", "[e2e][init]") {
  const ScratchDir scratch;
  copy_tree(source_dir / "fixtures/examples/deployment", scratch.path / "deployment");
  const fs::path manifest = scratch.path / "deployment/claudelint.yaml";

  const auto before = run({"envs", "--format", "json", "deployment"}, scratch.path);
  REQUIRE(before.exit_code == 0);
  REQUIRE(nlohmann::json::parse(before.out).at("trees").at(0).at("manifest") == false);

  const auto init = run({"init", "deployment"}, scratch.path);
  INFO(init.out << init.err);
  CHECK(init.exit_code == 0);
  CHECK(init.out.empty());
  CHECK(init.err == "claudelint init: wrote deployment/claudelint.yaml (4 environments)\n");
  REQUIRE(fs::exists(manifest));
  const std::string written = read_all(manifest);

  const auto after = run({"envs", "--format", "json", "deployment"}, scratch.path);
  REQUIRE(after.exit_code == 0);
  const auto declared = nlohmann::json::parse(after.out);
  CHECK(declared.at("trees").at(0).at("manifest") == true);
  const auto inferred_layout = layout(before.out);
  const auto declared_layout = layout(after.out);
  // Compared piece by piece first, for a readable failure.
  const auto& inferred_tree = inferred_layout.at("trees").at(0);
  const auto& declared_tree = declared_layout.at("trees").at(0);
  CHECK(declared_tree.at("environments").dump(2) == inferred_tree.at("environments").dump(2));
  CHECK(declared_tree.at("parity").dump(2) == inferred_tree.at("parity").dump(2));
  CHECK(declared_tree.at("files").dump(2) == inferred_tree.at("files").dump(2));
  CHECK(declared_layout == inferred_layout);

  // The manifest itself validates against schemas/manifest.schema.json and
  // every glob in it matches.
  const auto check = run({"check", "--format", "json", "deployment"}, scratch.path);
  INFO(check.out);
  const auto findings = nlohmann::json::parse(check.out).at("diagnostics");
  for (const auto& d : findings) {
    if (d.at("file") != "deployment/claudelint.yaml") continue;
    const std::string rule = d.at("rule");
    INFO(d.dump());
    CHECK_FALSE(rule.starts_with("CL1"));
    CHECK(rule != "CL6005");
    CHECK(rule != "CL6006");
  }
  // The planted problems are still there, and nothing else appeared.
  const auto inferred_check = run({"check", "--format", "json", "fixtures/examples/deployment"}, source_dir);
  CHECK(nlohmann::json::parse(check.out).at("summary").at("errors") ==
        nlohmann::json::parse(inferred_check.out).at("summary").at("errors"));

  const auto again = run({"init", "deployment"}, scratch.path);
  CHECK(again.exit_code == 0);
  CHECK(again.err == "claudelint init: deployment/claudelint.yaml exists; left as it is (--force replaces it)\n");
  CHECK(read_all(manifest) == written);
}

namespace {

/// A tree with literal credentials in a client config and a .env file; the
/// word CANARY must never appear in anything claudelint prints or writes.
void write_secret_tree(const fs::path& root) {
  write_file(root / "configs/production.json",
             "{\n"
             "  \"logging\": { \"level\": \"warn\" },\n"
             "  \"auth\": {\"api_key\": \"sk-ant-api03-CANARYCANARYCANARY\"}\n"
             "}\n");
  write_file(root / "configs/staging.json", "{\n  \"logging\": { \"level\": \"info\" }\n}\n");
  write_file(root / ".env.production", "CLAUDE_API_TOKEN_PROD=sk-prod-CANARY2CANARY2\n");
  // As on a deploy host: only the owner reads the keys (CL3010 otherwise).
  fs::permissions(root / ".env.production", fs::perms(0600), fs::perm_options::replace);
}

void check_no_canary(const std::string& what, const std::string& text) {
  INFO(what << ":\n" << text);
  CHECK_FALSE(contains(text, "CANARY"));
}

} // namespace

TEST_CASE("secrets: canary values never reach diff, explain-value, envs or build output", "[e2e][secrets]") {
  const ScratchDir scratch;
  write_secret_tree(scratch.path / "tree");

  // `auth` is not in the client schema, so the tree has an error and build
  // refuses it; it must say so without quoting the secret.
  const auto build = run({"build", "tree", "--out", "dist", "--format", "json"}, scratch.path);
  CHECK(build.exit_code == 1);
  check_no_canary("build stderr", build.err);
  CHECK_FALSE(fs::exists(scratch.path / "dist"));

  for (const std::string format : {"text", "json", "markdown"}) {
    const auto diff = run({"diff", "staging", "production", "tree", "--format", format, "--color", "never"}, scratch.path);
    INFO(format);
    CHECK(diff.exit_code == 1);
    CHECK(contains(diff.out, "/config/auth"));
    CHECK(contains(diff.out, "<redacted>"));
    CHECK(contains(diff.out, "CLAUDE_API_TOKEN_PROD"));
    check_no_canary("diff --format " + format, diff.out + diff.err);
  }
  for (const std::string pointer :
       {"/config/auth/api_key", "/secrets/CLAUDE_API_TOKEN_PROD", "/config/auth", "/config", "/secrets", "/"}) {
    const auto explain = run({"explain-value", "production", pointer, "tree"}, scratch.path);
    INFO(pointer);
    CHECK(explain.exit_code == 0);
    check_no_canary("explain-value " + pointer, explain.out + explain.err);
  }
  const auto key = run({"explain-value", "production", "/config/auth/api_key", "tree"}, scratch.path);
  CHECK(contains(key.out, "production /config/auth/api_key = \"<redacted>\""));
  for (const std::string format : {"text", "json"}) {
    const auto envs = run({"envs", "--format", format, "tree"}, scratch.path);
    CHECK(envs.exit_code == 0);
    check_no_canary("envs --format " + format, envs.out + envs.err);
  }
}

// The env-parity (CL6004) message quotes an added subtree whole; credentials
// inside it must be redacted, not only a subtree named like one.
TEST_CASE("secrets: canary values never reach check --format json", "[e2e][secrets]") {
  const ScratchDir scratch;
  write_secret_tree(scratch.path / "tree");
  const auto check = run({"check", "--format", "json", "tree"}, scratch.path);
  CHECK(check.exit_code == 1);
  check_no_canary("check --format json", check.out + check.err);
  const auto build = run({"build", "tree", "--out", "dist", "--format", "json"}, scratch.path);
  check_no_canary("build --format json", build.out);
}

TEST_CASE("secrets: a buildable tree with literal credentials: artifacts and every output redact them",
          "[e2e][secrets][build]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  write_secret_tree(root);
  // Without `auth`, which the client schema rejects; the credentials that
  // stay are in places the schemas allow: a webhook URL, a PagerDuty service
  // key and the .env file.
  write_file(root / "configs/production.json", "{\n  \"logging\": { \"level\": \"warn\" }\n}\n");
  write_file(root / "notifications.yaml", "notifications:\n"
                                          "  channels:\n"
                                          "    - type: slack\n"
                                          "      webhook: \"https://hooks.slack.com/services/T0/B0/CANARY3CANARY3\"\n"
                                          "      severity: [ERROR, CRITICAL]\n"
                                          "    - type: pagerduty\n"
                                          "      service_key: \"CANARY4CANARY4\"\n"
                                          "      severity: [CRITICAL]\n");

  const auto build = run({"build", "tree", "--out", "dist", "--color", "never"}, scratch.path);
  INFO(build.out << build.err);
  REQUIRE(build.exit_code == 0);
  check_no_canary("build", build.out + build.err);
  const auto artifacts = read_tree(scratch.path / "dist");
  CHECK(artifacts.size() == 5); // staging, production (.json, .sources.json), manifest
  for (const auto& [name, bytes] : artifacts) check_no_canary("dist/" + name, bytes);
  CHECK(contains(artifacts.at("production.json"), R"("service_key":"<redacted>")"));

  const auto check = run({"check", "--format", "json", "tree"}, scratch.path);
  CHECK(check.exit_code == 0);
  check_no_canary("check --format json", check.out + check.err);
  for (const std::string format : {"text", "json", "markdown"}) {
    const auto diff = run({"diff", "staging", "production", "tree", "--format", format}, scratch.path);
    check_no_canary("diff --format " + format, diff.out + diff.err);
  }
  for (const std::string pointer : {"/notifications/channels/0/webhook", "/notifications/channels/1/service_key",
                                    "/notifications/channels/0", "/notifications/channels/1", "/notifications",
                                    "/secrets/CLAUDE_API_TOKEN_PROD", "/"}) {
    const auto explain = run({"explain-value", "production", pointer, "tree"}, scratch.path);
    INFO(pointer);
    CHECK(explain.exit_code == 0);
    check_no_canary("explain-value " + pointer, explain.out + explain.err);
  }
  for (const std::string format : {"text", "json"}) {
    const auto envs = run({"envs", "--format", format, "tree"}, scratch.path);
    check_no_canary("envs --format " + format, envs.out + envs.err);
  }
}
