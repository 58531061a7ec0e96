#pragma once
// Runs the real claudelint binary (CLAUDELINT_BINARY) for the e2e tests.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "process.h"

namespace claudelint::test {

inline const std::filesystem::path source_dir = CLAUDELINT_SOURCE_DIR;

/// `claudelint args...` in `cwd` (the repository by default), to its end;
/// it must not die of a signal. Its output is shown when a check fails.
inline ProcessResult lint(const std::vector<std::string>& args, const std::filesystem::path& cwd = source_dir) {
  auto result = run_process(CLAUDELINT_BINARY, args, cwd);
  INFO(result.out << result.err);
  REQUIRE(result.signal == 0);
  return result;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace claudelint::test
