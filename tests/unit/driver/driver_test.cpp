#include <catch2/catch.hpp>

#include <filesystem>
#include <algorithm>
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
  fs::permissions(t.root / ".env", fs::perms(0644), fs::perm_options::replace); // not the umask's choice
  t.write("notes.txt", "not a config");
  driver::Options options;
  options.paths = {"."};
  options.cwd = t.root;
  options.schemas.builtin = false; // loading only; schema selection is tested below
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
  // The .env file is readable by others (CL3010) and defines a key nothing
  // uses (CL3006); file findings sort at line 1 like the others.
  CHECK(findings == std::vector<std::string>{".env CL3010", ".env CL3006", "configs/dev.json CL0010",
                                             "configs/production.json CL0002", "deployment.yaml CL0006"});
  // .env values are registered as redactions for every renderer.
  CHECK_FALSE(result.sources.file(result.files[0].file).redactions().empty());
  fs::current_path(CLAUDELINT_SOURCE_DIR);
}

TEST_CASE("the driver turns a missing path into a usage error", "[driver]") {
  driver::Options options;
  options.paths = {"/definitely/not/here"};
  CHECK_THROWS_AS(driver::run(options), UsageError);
}

namespace {
std::vector<std::string> run_findings(const Tree& t, driver::Options options) {
  options.paths = {"."};
  options.cwd = t.root;
  fs::current_path(t.root);
  const auto result = driver::run(options);
  fs::current_path(CLAUDELINT_SOURCE_DIR);
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics)
    out.push_back(result.sources.file(d.range.file).path() + " " + d.rule.code + " " + d.pointer.value_or(""));
  return out;
}
} // namespace

TEST_CASE("schema selection: --schema, then $schema, then the built-in schema for the name", "[driver][schema]") {
  Tree t;
  t.write("configs/production.json", R"({"security": {"certifcate_validation": true}})");
  t.write("configs/custom.json", R"({"$schema": "../schemas/port.json", "port": "80"})");
  fs::create_directories(t.root / "schemas");
  t.write("schemas/port.json", R"({"properties": {"port": {"type": "integer"}}})");
  t.write("notes.json", R"({"anything": 1})");

  SECTION("built-in and $schema") {
    const auto findings = run_findings(t, {});
    CHECK(std::count(findings.begin(), findings.end(),
                     "configs/production.json CL1003 /security/certifcate_validation") == 1);
    CHECK(std::count(findings.begin(), findings.end(), "configs/custom.json CL1001 /port") == 1);
    for (const auto& f : findings) CHECK(f.find("notes.json") == std::string::npos); // no schema applies
  }
  SECTION("--require-schema flags files no schema applies to") {
    driver::Options options;
    options.schemas.require = true;
    const auto findings = run_findings(t, options);
    CHECK(std::count(findings.begin(), findings.end(), "notes.json CL1010 ") == 1);
  }
  SECTION("--schema overrides everything") {
    driver::Options options;
    options.schemas.schema = t.root / "schemas/port.json";
    const auto findings = run_findings(t, options);
    for (const auto& f : findings) CHECK(f.find("CL1003") == std::string::npos);
    CHECK(std::count(findings.begin(), findings.end(), "configs/custom.json CL1001 /port") == 1);
  }
  SECTION("an unusable --schema is a SchemaError") {
    t.write("schemas/broken.json", R"({"$schema": "https://json-schema.org/draft/2020-12/schema"})");
    driver::Options options;
    options.schemas.schema = t.root / "schemas/broken.json";
    options.paths = {"."};
    options.cwd = t.root;
    fs::current_path(t.root);
    CHECK_THROWS_AS(driver::run(options), driver::SchemaError);
    fs::current_path(CLAUDELINT_SOURCE_DIR);
  }
}
