#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "source/discover.h"
#include "support/error.h"

namespace fs = std::filesystem;
using namespace claudelint::source;

namespace {

/// A scratch directory removed when the test ends.
struct TempTree {
  fs::path root;
  TempTree() {
    root = fs::temp_directory_path() / fs::path("claudelint-discover-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~TempTree() { fs::remove_all(root); }
  void file(const std::string& relative, const std::string& text = "{}") const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << text;
  }
};

std::vector<std::string> displays(const Discovery& d) {
  std::vector<std::string> out;
  for (const auto& f : d.files) out.push_back(f.display);
  return out;
}

} // namespace

TEST_CASE("classify recognises config file kinds by name", "[source][discover]") {
  CHECK(classify("a/b/production.json") == FileKind::json);
  CHECK(classify("settings.jsonc") == FileKind::jsonc);
  CHECK(classify("deployment.yaml") == FileKind::yaml);
  CHECK(classify("x.yml") == FileKind::yaml);
  CHECK(classify(".env") == FileKind::dotenv);
  CHECK(classify("templates/production/.env.production") == FileKind::dotenv);
  CHECK(classify("prod.env") == FileKind::dotenv);
  CHECK(classify("deploy.sh") == FileKind::shell);
  CHECK(classify("README.md") == FileKind::unknown);
  CHECK(classify(".envrc") == FileKind::unknown);
}

TEST_CASE("discover walks sorted, skips ignored folders and unknown kinds", "[source][discover]") {
  TempTree t;
  t.file("configs/production.json");
  t.file("configs/dev.json");
  t.file("deployment.yaml", "a: 1\n");
  t.file("notes.md", "# no");
  t.file("node_modules/pkg/package.json");
  t.file(".git/config.json");
  t.file("build/out.json");
  t.file("cmake-build-debug/x.json");
  t.file(".env.example", "A=1\n");
  const auto d = discover({t.root.string()}, t.root);
  CHECK(displays(d) == std::vector<std::string>{".env.example", "configs/dev.json", "configs/production.json",
                                                "deployment.yaml"});
  CHECK(d.skipped.empty());
}

TEST_CASE("discover never follows links out of the root, and survives link loops", "[source][discover]") {
  TempTree t;
  t.file("tree/a.json");
  t.file("outside/secret.json");
  fs::create_directory_symlink(t.root / "outside", t.root / "tree/escape");
  fs::create_symlink(t.root / "outside/secret.json", t.root / "tree/escape.json");
  fs::create_directory_symlink(t.root / "tree", t.root / "tree/loop");
  fs::create_symlink(t.root / "tree/missing.json", t.root / "tree/broken.json");
  fs::create_symlink(t.root / "tree/a.json", t.root / "tree/inside.json");
  const auto d = discover({(t.root / "tree").string()}, t.root);
  CHECK(displays(d) == std::vector<std::string>{"tree/a.json", "tree/inside.json"});
  std::vector<std::string> skipped;
  for (const auto& s : d.skipped) skipped.push_back(s.display + ": " + s.reason.substr(0, 20));
  CHECK(skipped == std::vector<std::string>{"tree/broken.json: broken symbolic link", "tree/escape: symbolic link leads ",
                                            "tree/escape.json: symbolic link leads ", "tree/loop: symbolic link loop; "});
}

TEST_CASE("discover reports missing paths as usage errors and keeps explicit files", "[source][discover]") {
  TempTree t;
  t.file("x.json");
  t.file("readme.txt", "x");
  CHECK_THROWS_AS(discover({(t.root / "nope").string()}, t.root), claudelint::UsageError);
  const auto d = discover({(t.root / "x.json").string(), (t.root / "readme.txt").string(),
                           (t.root / "x.json").string()},
                          t.root);
  CHECK(displays(d) == std::vector<std::string>{"x.json"}); // deduplicated
  REQUIRE(d.skipped.size() == 1);
  CHECK(d.skipped[0].display == "readme.txt");
}

TEST_CASE("discover names a FIFO or a device named like a config file, and never opens it", "[source][discover]") {
  TempTree t;
  t.file("tree/a.json");
  REQUIRE(::mkfifo((t.root / "tree/x.yaml").c_str(), 0600) == 0);
  REQUIRE(::mkfifo((t.root / "tree/fifo").c_str(), 0600) == 0); // walked past: not a config file's name
  REQUIRE(::mkfifo((t.root / "pipe").c_str(), 0600) == 0);      // named on the command line: said
  fs::create_symlink("/dev/zero", t.root / "zero.json");
  const auto d = discover({(t.root / "tree").string(), (t.root / "zero.json").string(), (t.root / "pipe").string()},
                          t.root);
  CHECK(displays(d) == std::vector<std::string>{"tree/a.json"});
  std::vector<std::string> skipped;
  for (const auto& s : d.skipped) skipped.push_back(s.display + ": " + s.reason);
  CHECK(skipped == std::vector<std::string>{"pipe: not a regular file but a FIFO",
                                            "tree/x.yaml: not a regular file but a FIFO",
                                            "zero.json: not a regular file but a character device"});
}

TEST_CASE("display paths are relative to the working directory when inside it", "[source][discover]") {
  CHECK(display_path("/work/tree/a.json", "/work") == "tree/a.json");
  CHECK(display_path("tree/../b.json", "/work") == "b.json");
  CHECK(display_path("/elsewhere/a.json", "/work") == "/elsewhere/a.json");
}

TEST_CASE("the walk shows each file as display_path would, whatever the root's spelling", "[source][discover]") {
  // The walk builds display paths from its folders' instead of normalising
  // each file's path; it must give the same text, also for a root outside
  // the working directory whose walk comes back inside it.
  TempTree t;
  t.file("a/config/production.json");
  t.file("a/deploy/deployment.yaml", "x: 1\n");
  t.file("b/staging.json");
  t.file("top.json");
  const fs::path cwd = t.root / "a";
  const std::vector<std::string> roots = {".",  "./",  "config", "config/", "./config/../deploy", "..", "../",
                                          "../b", t.root.string(), (t.root / "a").string() + "/", "../a/config"};
  for (const auto& root : roots) {
    INFO(root);
    const auto previous = fs::current_path();
    fs::current_path(cwd); // the walk opens paths relative to the process's directory
    const auto found = discover({root}, cwd);
    fs::current_path(previous);
    REQUIRE_FALSE(found.files.empty());
    for (const auto& file : found.files) CHECK(file.display == display_path(file.path, cwd));
  }
}
