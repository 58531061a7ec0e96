// --baseline / --update-baseline through the real binary: a legacy tree's
// findings are accepted once; afterwards only new findings fail the gate,
// and moving lines around does not resurrect accepted ones.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::read_all;
using claudelint::test::run_process;


TEST_CASE("a baseline accepts today's findings and fails only on new ones", "[e2e][baseline]") {
  const claudelint::test::ScratchDir scratch;
  const fs::path tree = scratch.path / "tree";
  fs::copy(fs::path(CLAUDELINT_SOURCE_DIR) / "fixtures/examples/deployment", tree, fs::copy_options::recursive);
  const auto run = [&](std::vector<std::string> args, const fs::path& cwd) {
    args.insert(args.begin(), {"--color", "never"});
    return run_process(CLAUDELINT_BINARY, args, cwd);
  };

  const auto before = run({"tree"}, scratch.path);
  REQUIRE(before.exit_code == 1);

  const auto update = run({"tree", "--baseline", "baseline.json", "--update-baseline"}, scratch.path);
  INFO(update.out << update.err);
  REQUIRE(update.exit_code == 0);
  CHECK(update.err.find("to the baseline baseline.json") != std::string::npos);
  const std::string baseline = read_all(scratch.path / "baseline.json");
  CHECK(baseline.find("\"fingerprint\"") != std::string::npos);
  CHECK(baseline.find("30000") == std::string::npos); // fingerprints, rule, file, pointer: no values

  const auto accepted = run({"tree", "--baseline", "baseline.json"}, scratch.path);
  INFO(accepted.out << accepted.err);
  CHECK(accepted.exit_code == 0);
  CHECK(accepted.out.find("no problems found") == 0);
  CHECK(accepted.err.find("listed in the baseline are not shown") != std::string::npos);

  // From another working directory the same baseline still applies.
  const auto elsewhere = run({"..", "--baseline", "../../baseline.json"}, tree / "configs");
  INFO(elsewhere.out << elsewhere.err);
  CHECK(elsewhere.exit_code == 0);

  // Lines move: still accepted. A new problem: reported alone.
  std::string dev = read_all(tree / "configs/dev.json");
  dev = "\n\n\n" + dev;
  const auto endpoint = dev.find("https://api.anthropic.com");
  REQUIRE(endpoint != std::string::npos);
  dev.replace(endpoint, 5, "http");
  std::ofstream(tree / "configs/dev.json", std::ios::binary) << dev;
  const auto after = run({"tree", "--baseline", "baseline.json"}, scratch.path);
  INFO(after.out << after.err);
  CHECK(after.exit_code == 1);
  CHECK(after.out.find("CL2001") != std::string::npos);
  CHECK(after.out.find("CL0002") == std::string::npos); // the accepted duplicate key stays accepted
  CHECK(after.out.find("1 error, 0 warnings") != std::string::npos);

  const auto missing = run({"tree", "--update-baseline"}, scratch.path);
  CHECK(missing.exit_code == 2);
  const auto broken = run({"tree", "--baseline", "tree/deploy.sh"}, scratch.path);
  CHECK(broken.exit_code == 2);
}
