// CLI transcripts: every tests/e2e/**/*.case runs the real binary from the
// repository root and compares exit code, stdout and stderr with the case.
// Adding a .case file is enough; nothing is registered.
//
//   # one-line description
//   args: --format json fixtures/e2e/dup_key.json
//   exit: 1
//   timeout: 10                 (optional, seconds; default 60)
//   --- stdout
//   ...exact bytes...
//   --- stderr
//   ...exact bytes...
//
// Arguments are split on whitespace (no shell, no quoting). Output is
// normalised before comparing: the repository root becomes `[ROOT]`, the
// version after "claudelint " becomes `[VERSION]`, and ESC becomes `\e` so
// coloured output stays reviewable. A section whose text does not end with a
// newline is followed by the line `\ no newline at end`.
//
// CLAUDELINT_UPDATE_GOLDEN=1 rewrites exit/stdout/stderr of every case from
// the actual run (description, args and timeout are kept); review the diff.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::ProcessResult;
using claudelint::test::read_all;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;

namespace {

constexpr std::string_view stdout_marker = "--- stdout\n";
constexpr std::string_view stderr_marker = "--- stderr\n";
constexpr std::string_view no_newline_marker = "\\ no newline at end\n";

const fs::path& source_dir() {
  static const fs::path dir = fs::path(CLAUDELINT_SOURCE_DIR);
  return dir;
}

struct Case {
  std::vector<std::string> header; ///< header lines other than `exit:`, in order, without '\n'
  std::vector<std::string> args;
  std::optional<int> exit_code;
  std::chrono::seconds timeout{60};
  std::string out;
  std::string err;
};

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

std::string decode_section(std::string_view body) {
  std::string out(body);
  if (out.ends_with(no_newline_marker)) {
    out.resize(out.size() - no_newline_marker.size());
    if (out.ends_with('\n')) out.pop_back();
  }
  return out;
}

std::string encode_section(const std::string& text) {
  if (text.empty() || text.ends_with('\n')) return text;
  return text + "\n" + std::string(no_newline_marker);
}

/// Parses a .case file; throws std::runtime_error describing what is malformed.
Case parse_case(const std::string& text) {
  Case c;
  const std::size_t out_at = text.starts_with(stdout_marker) ? 0 : text.find(fmt::format("\n{}", stdout_marker));
  if (out_at == std::string::npos) throw std::runtime_error("no `--- stdout` line");
  const std::size_t out_body = out_at == 0 ? stdout_marker.size() : out_at + 1 + stdout_marker.size();
  const std::size_t err_at = text.find(fmt::format("\n{}", stderr_marker), out_body - 1);
  if (err_at == std::string::npos) throw std::runtime_error("no `--- stderr` line after `--- stdout`");

  std::istringstream header(text.substr(0, out_at));
  std::string line;
  bool have_args = false;
  while (std::getline(header, line)) {
    if (line.empty() || line.starts_with("#")) {
      c.header.push_back(line);
    } else if (line.starts_with("args:")) {
      c.args = split_words(std::string_view(line).substr(5));
      have_args = true;
      c.header.push_back(line);
    } else if (line.starts_with("exit:")) {
      c.exit_code = std::stoi(line.substr(5));
    } else if (line.starts_with("timeout:")) {
      c.timeout = std::chrono::seconds(std::stoi(line.substr(8)));
      c.header.push_back(line);
    } else {
      throw std::runtime_error(fmt::format("unknown header line `{}`", line));
    }
  }
  if (!have_args) throw std::runtime_error("no `args:` line");
  const std::size_t err_body = err_at + 1 + stderr_marker.size();
  c.out = decode_section(std::string_view(text).substr(out_body, err_at + 1 - out_body));
  c.err = decode_section(std::string_view(text).substr(err_body));
  return c;
}

std::string serialize_case(const Case& c) {
  std::string out;
  bool wrote_exit = false;
  for (const auto& line : c.header) {
    out += line + "\n";
    if (line.starts_with("args:")) {
      out += fmt::format("exit: {}\n", c.exit_code.value_or(0));
      wrote_exit = true;
    }
  }
  if (!wrote_exit) out += fmt::format("exit: {}\n", c.exit_code.value_or(0));
  out += stdout_marker;
  out += encode_section(c.out);
  out += stderr_marker;
  out += encode_section(c.err);
  return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string normalize(std::string text) {
  replace_all(text, source_dir().string(), "[ROOT]");
  replace_all(text, "claudelint " CLAUDELINT_VERSION, "claudelint [VERSION]");
  replace_all(text, "\x1b", "\\e");
  return text;
}

/// The first line where two texts differ, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  for (std::size_t n = 1;; ++n) {
    const bool he = static_cast<bool>(std::getline(e, le));
    const bool ha = static_cast<bool>(std::getline(a, la));
    if (!he && !ha) return "the texts differ only in their final newline";
    if (!he || !ha || le != la)
      return fmt::format("first difference at line {}:\n  expected: {}\n  actual:   {}", n,
                         he ? "`" + le + "`" : "<end>", ha ? "`" + la + "`" : "<end>");
  }
}

std::vector<fs::path> discover_cases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir() / "tests/e2e"))
    if (entry.is_regular_file() && entry.path().extension() == ".case") cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  return cases;
}

void run_case(const fs::path& path) {
  const std::string text = read_all(path);
  Case expected;
  try {
    expected = parse_case(text);
  } catch (const std::exception& e) {
    FAIL(fmt::format("{}: malformed case: {}", path.string(), e.what()));
  }
  INFO("args: " << fmt::format("{}", fmt::join(expected.args, " ")));

  const ProcessResult run = run_process(CLAUDELINT_BINARY, expected.args, source_dir(), expected.timeout);
  REQUIRE_FALSE(run.timed_out);
  REQUIRE(run.signal == 0);

  Case actual = expected;
  actual.exit_code = run.exit_code;
  actual.out = normalize(run.out);
  actual.err = normalize(run.err);

  if (claudelint::test::updating_golden()) {
    const std::string updated = serialize_case(actual);
    if (updated != text) {
      const fs::path tmp = fs::path(path.string() + ".tmp");
      std::ofstream(tmp, std::ios::binary) << updated;
      fs::rename(tmp, path);
      WARN("updated " << path.lexically_relative(source_dir()).string());
    }
    return;
  }

  CHECK(actual.exit_code == expected.exit_code);
  if (actual.out != expected.out) FAIL_CHECK("stdout differs; " << first_difference(expected.out, actual.out));
  if (actual.err != expected.err) FAIL_CHECK("stderr differs; " << first_difference(expected.err, actual.err));
  // Catches a case whose encoding would not survive an update round trip.
  CHECK(serialize_case(expected) == text);
}

} // namespace

TEST_CASE("CLI transcripts (tests/e2e/**/*.case)", "[e2e]") {
  const auto cases = discover_cases();
  REQUIRE_FALSE(cases.empty());
  for (const auto& path : cases) {
    const std::string name = path.lexically_relative(source_dir() / "tests/e2e").generic_string();
    DYNAMIC_SECTION(name) { run_case(path); }
  }
}

TEST_CASE("every fixtures/e2e input is used by a transcript", "[e2e]") {
  std::string all_args;
  for (const auto& path : discover_cases()) {
    std::istringstream in(read_all(path));
    for (std::string line; std::getline(in, line) && !line.starts_with("--- ");)
      if (line.starts_with("args:")) all_args += line + "\n";
  }
  for (const auto& entry : fs::directory_iterator(source_dir() / "fixtures/e2e")) {
    const std::string rel = entry.path().lexically_relative(source_dir()).generic_string();
    INFO(rel);
    CHECK(all_args.find(rel) != std::string::npos);
  }
}


// Things git cannot hold (.git/, symlinks out of the tree, loops) are built
// in a scratch directory, then walked by the real binary.
TEST_CASE("directory walk: ignored folders, symlinks out of the root, symlink loops", "[e2e][discover]") {
  const ScratchDir scratch;
  const fs::path root = scratch.path / "root";
  write_file(root / "app.json", "{ \"logging\": { \"level\": \"info\" } }\n");
  write_file(root / "sub/inner.yaml", "production:\n  alerting: true\n");
  // Broken on purpose: reading any of them would produce an error.
  write_file(root / ".git/config.json", "{ broken\n");
  write_file(root / "node_modules/pkg/package.json", "{ broken\n");
  write_file(root / "build/out.json", "{ broken\n");
  write_file(root / "dist/bundle.yaml", "a: [\n"); // build outputs live only in this temp tree, never in git
  write_file(scratch.path / "outside/secret.json", "{ broken\n");
  fs::create_directory_symlink("../outside", root / "escape");
  fs::create_symlink("../outside/secret.json", root / "escape.json");
  fs::create_directory_symlink(".", root / "loop");
  fs::create_directory_symlink("..", root / "sub/up");
  fs::create_symlink("missing.json", root / "dangling.json");

  const std::string outside = (scratch.path / "outside").generic_string();
  SECTION("text") {
    const auto run = run_process(CLAUDELINT_BINARY, {"--color", "never", "root"}, scratch.path,
                                 std::chrono::seconds(30));
    INFO(run.out << run.err);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
    const std::string expected =
        "root/dangling.json:1:1: info[CL0012]: skipped: broken symbolic link\n\n"
        "root/escape:1:1: info[CL0012]: skipped: symbolic link leads out of the scanned root (to " +
        outside + ")\n\n"
        "root/escape.json:1:1: info[CL0012]: skipped: symbolic link leads out of the scanned root (to " +
        outside + "/secret.json)\n\n"
        "root/loop:1:1: info[CL0012]: skipped: symbolic link loop; already scanned\n\n"
        "root/sub/up:1:1: info[CL0012]: skipped: symbolic link loop; already scanned\n\n"
        "0 errors, 0 warnings, 5 infos in 2 files\n";
    CHECK(run.out == expected);
    CHECK(run.out.find("root/.git") == std::string::npos);
    CHECK(run.out.find("root/node_modules") == std::string::npos);
    CHECK(run.out.find("root/build") == std::string::npos);
    CHECK(run.out.find("root/dist") == std::string::npos);
  }
  SECTION("json") {
    const auto run = run_process(CLAUDELINT_BINARY, {"--format", "json", "root"}, scratch.path,
                                 std::chrono::seconds(30));
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.exit_code == 0);
    const auto out = nlohmann::json::parse(run.out);
    CHECK(out["summary"]["files"] == 2);
    CHECK(out["summary"]["infos"] == 5);
    std::set<std::string> skipped;
    for (const auto& d : out["diagnostics"]) {
      CHECK(d["rule"] == "CL0012");
      CHECK(d["severity"] == "info");
      skipped.insert(d["file"].get<std::string>());
    }
    CHECK(skipped == std::set<std::string>{"root/dangling.json", "root/escape", "root/escape.json", "root/loop",
                                           "root/sub/up"});
  }
  SECTION("a link to the root itself, given as the root") {
    // Walking through the loop link must terminate as well.
    const auto run = run_process(CLAUDELINT_BINARY, {"--color", "never", "root/loop"}, scratch.path,
                                 std::chrono::seconds(30));
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("skipped: symbolic link loop; already scanned") != std::string::npos);
    CHECK(run.out.find("in 2 files") != std::string::npos);
  }
}
