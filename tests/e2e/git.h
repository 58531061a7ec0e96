#pragma once
// git for the e2e tests that need a repository: whether it is installed, and
// a git command that must end with the expected status.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "process.h"

namespace claudelint::test {

/// True when git can be run here.
inline bool have_git() { return run_process("/usr/bin/env", {"git", "--version"}, ".").exit_code == 0; }

/// Runs `git args...` in `cwd` and requires exit status `expected`.
inline void git(const std::filesystem::path& cwd, std::vector<std::string> args, int expected = 0) {
  args.insert(args.begin(), "git");
  const auto run = run_process("/usr/bin/env", args, cwd);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == expected);
}

} // namespace claudelint::test
