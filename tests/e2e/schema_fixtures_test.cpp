// Golden tests for the built-in schemas: every fixtures/schemas/<name>/valid/*
// file validates against schemas/config/<name>.schema.json with no finding,
// and every invalid/* file fails with the diagnostics recorded next to it in
// <file>.expected (text output of `claudelint validate`, exactly as users see
// it). CLAUDELINT_UPDATE_GOLDEN=1 rewrites the .expected files; review the diff.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;

namespace {


std::vector<fs::path> inputs(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() != ".expected") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("built-in schemas: valid fixtures pass, invalid fixtures fail as recorded", "[e2e][schema]") {
  const fs::path root = CLAUDELINT_SOURCE_DIR;
  std::size_t schemas = 0;
  for (const auto& family : fs::directory_iterator(root / "fixtures/schemas")) {
    if (!family.is_directory()) continue;
    const std::string name = family.path().filename().string();
    // Config families live in schemas/config/, claudelint's own formats in schemas/.
    std::string schema = "schemas/config/" + name + ".schema.json";
    if (!fs::exists(root / schema)) schema = "schemas/" + name + ".schema.json";
    INFO("schema " << schema);
    REQUIRE(fs::exists(root / schema));
    ++schemas;
    const auto valid = inputs(family.path() / "valid");
    const auto invalid = inputs(family.path() / "invalid");
    CHECK(valid.size() >= 2);
    CHECK(invalid.size() >= 3);
    for (const auto& file : valid) {
      const std::string relative = file.lexically_relative(root).generic_string();
      const auto run = run_process(CLAUDELINT_BINARY, {"validate", "--color", "never", "--schema", schema, relative}, root);
      INFO(relative << "\n" << run.out << run.err);
      CHECK(run.exit_code == 0);
      CHECK(run.out.find("no problems found") == 0);
    }
    for (const auto& file : invalid) {
      const std::string relative = file.lexically_relative(root).generic_string();
      const auto run = run_process(CLAUDELINT_BINARY, {"validate", "--color", "never", "--schema", schema, relative}, root);
      INFO(relative << "\n" << run.out << run.err);
      CHECK(run.exit_code == 1);
      CHECK(run.out.find("error[CL1") != std::string::npos); // a schema finding, not just a syntax error
      const fs::path golden = file.string() + ".expected";
      if (claudelint::test::updating_golden()) {
        std::ofstream(golden, std::ios::binary) << run.out;
      } else {
        REQUIRE(fs::exists(golden));
        CHECK(run.out == read_all(golden));
      }
    }
  }
  CHECK(schemas >= 6);
}
