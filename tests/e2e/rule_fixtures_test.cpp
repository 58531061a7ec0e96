// Golden tests for every built-in rule: fixtures/rules/<id>-<name>/ holds a
// `pass/` config tree that must give no finding of that rule and a `fail/`
// tree that must give at least one, with the whole text output of
// `claudelint check` recorded in fail/expected.txt (and pass/expected.txt).
// Adding a folder is enough; every rule in rules/ must have one, and every
// folder must name a rule. CLAUDELINT_UPDATE_GOLDEN=1 rewrites expected.txt.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "process.h"
#include "rules/rule_pack.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;

namespace {


/// Git keeps no permission bits but the executable one: a fixture's
/// `modes.txt` (`<path> <octal mode>` per line) sets the modes its files
/// must have for the file-mode rules.
void apply_modes(const fs::path& dir) {
  std::ifstream list(dir / "modes.txt");
  std::string path, mode;
  while (list >> path >> mode)
    fs::permissions(dir / path, static_cast<fs::perms>(std::stoul(mode, nullptr, 8)), fs::perm_options::replace);
}

void check_side(const fs::path& root, const fs::path& dir, const std::string& id, bool failing) {
  apply_modes(dir);
  const std::string relative = dir.lexically_relative(root).generic_string();
  const auto run = run_process(CLAUDELINT_BINARY, {"check", "--color", "never", relative}, root);
  INFO(relative << "\n" << run.out << run.err);
  REQUIRE(run.signal == 0);
  CHECK(run.err.empty());
  const bool has_rule = run.out.find("[" + id + "]") != std::string::npos;
  if (failing) CHECK(has_rule);
  else CHECK_FALSE(has_rule);
  const fs::path expected = dir / "expected.txt";
  if (claudelint::test::updating_golden()) {
    std::ofstream(expected, std::ios::binary) << run.out;
    return;
  }
  REQUIRE(fs::exists(expected));
  CHECK(read_all(expected) == run.out);
}

} // namespace

TEST_CASE("every built-in rule: its pass fixture is clean of it, its fail fixture trips it as recorded",
          "[e2e][rules]") {
  const fs::path root = CLAUDELINT_SOURCE_DIR;
  std::set<std::string> with_fixtures;
  for (const auto& entry : fs::directory_iterator(root / "fixtures/rules")) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    const std::string id = name.substr(0, name.find('-'));
    INFO("fixture " << name);
    const auto* rule = claudelint::rules::builtin_pack().find(id);
    REQUIRE(rule != nullptr);
    CHECK(name == rule->id + "-" + rule->name);
    with_fixtures.insert(rule->id);
    REQUIRE(fs::is_directory(entry.path() / "pass"));
    REQUIRE(fs::is_directory(entry.path() / "fail"));
    check_side(root, entry.path() / "pass", id, false);
    check_side(root, entry.path() / "fail", id, true);
  }
  for (const auto& rule : claudelint::rules::builtin_pack().rules) {
    INFO("rule " << rule.id << " " << rule.name);
    CHECK(with_fixtures.contains(rule.id));
  }
}
