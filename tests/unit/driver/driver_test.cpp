#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "driver/driver.h"
#include "support/error.h"

namespace fs = std::filesystem;
using namespace claudelint;

namespace {
struct Tree {
  fs::path root = fs::temp_directory_path() / ("claudelint-driver-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(root);
    fs::create_directories(root / "configs");
  }
  ~Tree() { fs::remove_all(root); }
  void write(const std::string& relative, const std::string& text) const { std::ofstream(root / relative) << text; }
};
} // namespace

TEST_CASE("the driver loads every file, in path order, and sorts findings", "[driver]") {
  Tree t;
  t.write("configs/production.json", "{\"a\": 1, \"a\": 2}");
  t.write("configs/dev.json", "{\"a\": 1,}");
  t.write("deployment.yaml", "failover: yes\n");
  t.write(".env", "TOKEN=x\n");
  t.write("notes.txt", "not a config");
  driver::Options options;
  options.paths = {"."};
  options.cwd = t.root;
  fs::current_path(t.root); // paths are resolved against the process's directory too
  const auto result = driver::run(options);
  CHECK(result.files_checked == 4);
  REQUIRE(result.files.size() == 4);
  std::vector<std::string> paths;
  for (const auto& f : result.files) paths.push_back(result.sources.file(f.file).path());
  CHECK(paths == std::vector<std::string>{".env", "configs/dev.json", "configs/production.json", "deployment.yaml"});
  std::vector<std::string> findings;
  for (const auto& d : result.diagnostics)
    findings.push_back(result.sources.file(d.range.file).path() + " " + d.rule.code);
  CHECK(findings == std::vector<std::string>{"configs/dev.json CL0010", "configs/production.json CL0002",
                                             "deployment.yaml CL0006"});
  // .env values are registered as redactions for every renderer.
  CHECK_FALSE(result.sources.file(result.files[0].file).redactions().empty());
  fs::current_path(CLAUDELINT_SOURCE_DIR);
}

TEST_CASE("the driver turns a missing path into a usage error", "[driver]") {
  driver::Options options;
  options.paths = {"/definitely/not/here"};
  CHECK_THROWS_AS(driver::run(options), UsageError);
}
