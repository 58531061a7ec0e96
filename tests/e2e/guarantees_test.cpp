// The promises of docs/guarantees.md that no other test holds: claudelint
// never opens a network connection, and never runs anything a config asks
// for (shell commands in scripts or .env values, YAML tags that name code,
// remote schemas); the one program it starts is `git`, from one place.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;

TEST_CASE("guarantees: the binary imports no network API", "[e2e][guarantees]") {
  // What the program (not the C library on its behalf) calls: without these
  // it cannot open a socket, whatever a config or schema names.
  const auto nm = run_process("/usr/bin/nm", {"-D", "--undefined-only", CLAUDELINT_BINARY}, fs::current_path());
  REQUIRE(nm.exit_code == 0);
  // The listing is the real one: git's spawn actions are there. (A sanitizer
  // build defines its own interceptors of posix_spawnp, socket, connect …;
  // there this test still sees what the program imports from libc, and the
  // release build is the one that matters.)
  REQUIRE(nm.out.find("posix_spawn_file_actions_init") != std::string::npos);
  for (const std::string symbol : {"socket", "connect", "getaddrinfo", "gethostbyname", "sendto", "bind", "accept"}) {
    INFO(symbol);
    CHECK_FALSE(std::regex_search(nm.out, std::regex("\\s" + symbol + "(@|\\s|$)")));
  }
}

TEST_CASE("guarantees: only driver/git.cpp starts a program, and only git", "[e2e][guarantees]") {
  const std::regex starts_program(R"(\b(posix_spawnp?|execv[pe]?|execl[pe]?|system|popen|fork|vfork)\s*\()");
  std::vector<std::string> where;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CLAUDELINT_SOURCE_DIR) / "compiler")) {
    if (!entry.is_regular_file()) continue;
    const std::string text = read_all(entry.path());
    if (std::regex_search(text, starts_program))
      where.push_back(entry.path().lexically_relative(CLAUDELINT_SOURCE_DIR).generic_string());
  }
  CHECK(where == std::vector<std::string>{"compiler/driver/git.cpp"});
  const std::string git = read_all(fs::path(CLAUDELINT_SOURCE_DIR) / "compiler/driver/git.cpp");
  CHECK(git.find("posix_spawnp(&pid, \"git\"") != std::string::npos);
}

TEST_CASE("guarantees: nothing a config says is run or fetched", "[e2e][guarantees]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "tree";
  const fs::path marker = scratch.path / "ran";
  const std::string touch = "touch " + marker.string();
  write_file(root / "configs/production.json",
             "{\"$schema\": \"https://schemas.example.com/client.schema.json\",\n"
             " \"security\": {\"tls\": {\"version\": \"1.3\"}, \"api_endpoint\": \"https://api.anthropic.com\",\n"
             "  \"certificate_validation\": true}}\n");
  write_file(root / "configs/staging.json",
             "{\"$schema\": \"file:///etc/claudelint-no-such.schema.json\",\n"
             " \"security\": {\"tls\": {\"version\": \"1.3\"}, \"api_endpoint\": \"https://api.anthropic.com\",\n"
             "  \"certificate_validation\": true}}\n");
  write_file(root / "deploy.sh", "#!/bin/bash\nset -euo pipefail\n" + touch + "\n$(" + touch + ")\n`" + touch + "`\n");
  write_file(root / ".env.production", "CLAUDE_API_TOKEN_PROD=$(" + touch + ")\nOTHER=`" + touch + "`\n");
  write_file(root / "deployment.yaml",
             "production:\n  instances: !!python/object/apply:os.system [\"" + touch + "\"]\n"
             "staging:\n  instances: !ruby/object:Gem::Installer {i: x}\n");
  write_file(root / "monitoring.yaml", "metrics: !include /etc/passwd\n");

  std::vector<std::vector<std::string>> commands = {
      {"check", "--format", "json", "tree"},
      {"check", "--format", "html", "tree"},
      {"validate", "tree"},
      {"envs", "tree"},
      {"diff", "staging", "production", "tree"},
      {"explain-value", "production", "/deployment", "tree"},
      {"build", "tree", "--out", "dist"},
      {"init", "tree", "--force"},
  };
  std::string all;
  for (const auto& command : commands) {
    const auto result = run_process(CLAUDELINT_BINARY, command, scratch.path);
    INFO(command.front() << "\n" << result.out << result.err);
    CHECK(result.signal == 0);
    CHECK_FALSE(result.timed_out);
    all += result.out + result.err;
  }
  CHECK_FALSE(fs::exists(marker));
  // The remote schema is named, with the way to serve it locally; never fetched.
  CHECK(all.find("https://schemas.example.com/client.schema.json") != std::string::npos);
  CHECK(all.find("never downloads") != std::string::npos);
  CHECK(all.find("root:x:0:0") == std::string::npos); // !include is a tag, not a file read
}
