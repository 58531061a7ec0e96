// The key-file rules on a real working tree: files created with real modes
// in a temp dir (CL3010 secret-file-mode, CL3011 config-file-writable), and
// a real git repository (CL3012 tracked-secret-file), including a machine
// without git.
#include <catch2/catch.hpp>

#include <filesystem>

#include "git.h"
#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::git;
using claudelint::test::have_git;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;

namespace {

const char* config = R"({"access": {"ip_allowlist": ["10.0.0.0/8"], "rate_limit": {"requests_per_minute": 600, "burst": 50}}})";

void chmod(const fs::path& path, unsigned mode) {
  fs::permissions(path, static_cast<fs::perms>(mode), fs::perm_options::replace);
}

std::string check(const fs::path& cwd, const std::vector<std::string>& environment = {}) {
  const auto run = run_process(CLAUDELINT_BINARY, {"check", "--color", "never", "tree"}, cwd,
                               std::chrono::seconds(60), environment);
  INFO(run.out << run.err);
  REQUIRE(run.signal == 0);
  REQUIRE(run.err.empty());
  return run.out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("file modes: .env and key files readable by others, configs writable by others", "[e2e][secrets][modes]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  write_file(root / "configs/production.json", config);
  write_file(root / ".env.production", "PAGERDUTY_ROUTING_KEY=0f3c2a9e8b7d6c5f4e3d2c1b0a998877\n");
  write_file(root / ".env.example", "PAGERDUTY_ROUTING_KEY=your-pagerduty-key\n");
  write_file(root / "keys/tls.key", "not parsed\n");
  chmod(root / "configs/production.json", 0644);
  chmod(root / ".env.example", 0644);
  chmod(root / ".env.production", 0600);
  chmod(root / "keys/tls.key", 0400);

  std::string out = check(scratch.path);
  CHECK_FALSE(contains(out, "CL3010"));
  CHECK_FALSE(contains(out, "CL3011"));

  chmod(root / ".env.production", 0640);
  chmod(root / "keys/tls.key", 0644);
  chmod(root / "configs/production.json", 0664);
  out = check(scratch.path);
  CHECK(contains(out, "tree/.env.production:1:1: error[CL3010]: file mode is 0640: other users can read the keys in "
                      "it (at most 0600 allowed)\n"));
  CHECK(contains(out, "help: run `chmod 600 tree/.env.production`"));
  CHECK(contains(out, "tree/keys/tls.key:1:1: error[CL3010]: file mode is 0644"));
  CHECK(contains(out, "help: run `chmod 600 tree/keys/tls.key`"));
  CHECK(contains(out, "tree/configs/production.json:1:1: error[CL3011]: file mode is 0664: the file's group can "
                      "change it\n"));
  CHECK(contains(out, "help: run `chmod go-w tree/configs/production.json` (the guide sets 644 on config.json)"));
  // A template holds no secret: its mode is not a key file's business.
  CHECK_FALSE(contains(out, "tree/.env.example:1:1: error[CL3010]"));
  // The key file's content is never shown.
  CHECK_FALSE(contains(out, "not parsed"));

  // The manifest may let the owner's group read key files.
  write_file(root / "claudelint.yaml", "version: 1\nenvironments: [production]\nshared: [.env.production]\n"
                                       "secrets:\n  key_file_mode: \"0640\"\n");
  chmod(root / "claudelint.yaml", 0644);
  chmod(root / "configs/production.json", 0644);
  out = check(scratch.path);
  CHECK_FALSE(contains(out, "tree/.env.production:1:1: error[CL3010]"));
  chmod(root / ".env.production", 0644);
  out = check(scratch.path);
  CHECK(contains(out, "file mode is 0644: other users can read the keys in it (at most 0640 allowed)\n"));
  CHECK(contains(out, "help: run `chmod 640 tree/.env.production`"));
}

TEST_CASE("tracked key files: git ls-files decides; without git, an info", "[e2e][secrets][git]") {
  if (!have_git()) {
    WARN("git is not installed: the tracked-secret-file check cannot be exercised");
    return;
  }
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  write_file(root / "configs/production.json", config);
  write_file(root / ".env.production", "PAGERDUTY_ROUTING_KEY=0f3c2a9e8b7d6c5f4e3d2c1b0a998877\n");
  write_file(root / ".env.example", "PAGERDUTY_ROUTING_KEY=your-pagerduty-key\n");
  chmod(root / ".env.production", 0600);
  git(scratch.path, {"init", "-q"});

  CHECK_FALSE(contains(check(scratch.path), "CL3012"));
  git(scratch.path, {"add", "tree/.env.example", "tree/configs/production.json"});
  CHECK_FALSE(contains(check(scratch.path), "CL3012"));
  git(scratch.path, {"add", "tree/.env.production"});
  const std::string out = check(scratch.path);
  CHECK(contains(out, "tree/.env.production:1:1: error[CL3012]: git tracks this file, which holds real secret values\n"));
  CHECK(contains(out, "help: run `git rm --cached tree/.env.production`, add the file to .gitignore, and rotate "
                      "its keys: they are in the history"));

  // A hostile repository cannot make claudelint run a command through git.
  const fs::path pwned = scratch.path / "pwned";
  git(scratch.path, {"config", "core.fsmonitor", "touch " + pwned.string()});
  CHECK(contains(check(scratch.path), "error[CL3012]"));
  CHECK_FALSE(fs::exists(pwned));

  // A machine without git: the check says it could not run.
  const fs::path empty = scratch.path / "empty-bin";
  fs::create_directories(empty);
  const auto run = run_process(CLAUDELINT_BINARY, {"check", "--color", "never", "tree"}, scratch.path,
                               std::chrono::seconds(60), {"PATH=" + empty.string()});
  CHECK(contains(run.out, "tree/.env.production:1:1: info[CL3012]: not checked whether git tracks this file: git is "
                          "not installed"));
}

TEST_CASE("a buffer on stdin: its text is checked, its mode and git status are not", "[e2e][secrets][modes]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  write_file(root / "configs/production.json", config);
  write_file(root / ".env.production", "PAGERDUTY_ROUTING_KEY=0f3c2a9e8b7d6c5f4e3d2c1b0a998877\n");
  chmod(root / ".env.production", 0644);
  chmod(root / "configs/production.json", 0666);
  // The editor's unsaved version of the config holds a literal key.
  const std::string random_key = "Xq3vT9mLp2Rk8sWz4Yb7Nc1Hd6Jf0GaE5uIoPlKjMnBvCxZaSdFgHjKlQwErTyUiOp1a2S3d4F5g6H7j8K9l0ZxCvBnM1q";
  write_file(scratch.path / "buffer.json",
             R"({"security": {"tls": {"version": "1.3"}, "api_key": "sk-ant-api03-)" + random_key +
                 R"(AA", "api_endpoint": "https://api.anthropic.com", "certificate_validation": true}})");
  const std::string binary = CLAUDELINT_BINARY;
  const auto run = run_process("/bin/sh",
                               {"-c", binary + " check --color never --stdin-filename tree/configs/production.json - "
                                               "tree < buffer.json"},
                               scratch.path);
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK(contains(run.out, "tree/configs/production.json:1:54: error[CL3001]: Anthropic API key written literally"));
  // The buffer has no mode; the .env file on disk still has one.
  CHECK_FALSE(contains(run.out, "tree/configs/production.json:1:1: error[CL3011]"));
  CHECK(contains(run.out, "tree/.env.production:1:1: error[CL3010]"));
  // A buffer for a file not on disk yet is checked too.
  const auto fresh = run_process(
      "/bin/sh", {"-c", binary + " check --color never --stdin-filename tree/configs/dev.json - tree < buffer.json"},
      scratch.path);
  CHECK(contains(fresh.out, "tree/configs/dev.json:1:54: error[CL3001]"));
  const auto unpaired = run_process(CLAUDELINT_BINARY, {"check", "--stdin-filename", "x.json", "tree"}, scratch.path);
  CHECK(unpaired.exit_code == 2);
  CHECK(contains(unpaired.err, "`-` (read the file from stdin) and --stdin-filename PATH go together"));
}
