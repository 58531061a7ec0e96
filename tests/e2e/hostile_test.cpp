// Hostile input corpus (issue 10): each case builds a small tree in a
// scratch folder — one or more hostile files beside a normal production
// config with one known finding — runs the real binary over it in text and
// JSON, and checks that claudelint
//   (a) neither crashes nor hangs (a generous timeout; never a time bound),
//   (b) says what is wrong with the hostile file at file:line:column, or
//       skips it with its documented CL0012 message,
//   (c) still checks the rest of the tree (the known finding is there),
//   (d) stays under a stated peak-memory bound (the child's ru_maxrss).
// Every input is generated here; nothing large is committed. What each case
// costs on the reference machine is in docs/limits.md; the bounds below
// leave several times that.
#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "process.h"

namespace fs = std::filesystem;
using claudelint::test::ProcessResult;
using claudelint::test::run_process;
using claudelint::test::ScratchDir;
using claudelint::test::write_file;
using nlohmann::json;

namespace {

/// No case comes near it: the slowest takes seconds.
constexpr std::chrono::seconds timeout{120};

/// Peak RSS bounds, in KiB.
constexpr long MiB = 1024;
/// Cases that read little: measured at 10–55 MiB.
constexpr long small_bound = 256 * MiB;

/// fixtures/examples/good/configs/production.json with TLS 1.2: one known
/// finding, at 4:18.
const char* const production = R"({
  "security": {
    "tls": {
      "version": "1.2",
      "ciphers": ["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
    },
    "api_endpoint": "https://api.anthropic.com",
    "certificate_validation": true
  },
  "context": {
    "window_size": 12000,
    "compression": true,
    "caching": { "enabled": true, "ttl": 3600, "max_size": "1GB" },
    "compression_algorithm": "zstd"
  },
  "performance": {
    "max_concurrent_requests": 10,
    "request_queue_size": 100,
    "timeout": 60000,
    "retry_policy": { "max_attempts": 3, "backoff_factor": 2, "jitter": true }
  },
  "logging": { "level": "warn" },
  "access": {
    "ip_allowlist": ["10.0.0.0/8", "192.168.10.0/24", "2001:db8::/32"],
    "rate_limit": { "requests_per_minute": 600, "burst": 50 }
  }
}
)";
const std::string known_finding =
    "tree/configs/production.json:4:18: error[CL2003]: production uses TLS \"1.2\"; it must be 1.3\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

/// A scratch folder holding tree/, with the production config in it.
struct Tree {
  ScratchDir scratch;
  fs::path root = scratch.path / "tree";
  Tree() { write_file(root / "configs/production.json", production); }
  void file(const std::string& relative, std::string_view bytes) const { write_file(root / relative, bytes); }
};

/// What one case's two runs (text, then JSON) printed.
struct Outcome {
  std::string text;
  json report;
  /// The file, rule, line and column of each finding in the JSON report.
  std::set<std::string> findings;
};

/// Runs `claudelint check [paths]` in text and in JSON (through `wrapper`
/// when given, e.g. setpriv) and checks (a), (c) and (d) for both, and that
/// the JSON report parses.
Outcome check(const Tree& t, long rss_bound_kib, const std::vector<std::string>& paths = {"tree"},
              const std::vector<std::string>& wrapper = {}) {
  Outcome outcome;
  for (const std::string format : {"text", "json"}) {
    std::vector<std::string> args(wrapper.begin() + (wrapper.empty() ? 0 : 1), wrapper.end());
    if (!wrapper.empty()) args.push_back(CLAUDELINT_BINARY);
    for (const std::string arg : {"check", "--color", "never", "--format"}) args.push_back(arg);
    args.push_back(format);
    args.insert(args.end(), paths.begin(), paths.end());
    const ProcessResult run =
        run_process(wrapper.empty() ? std::string(CLAUDELINT_BINARY) : wrapper.front(), args, t.scratch.path, timeout);
    INFO(format << ": exit " << run.exit_code << ", signal " << run.signal << ", peak RSS " << run.max_rss_kib
                << " KiB\n"
                << run.out.substr(0, 6000) << run.err);
    REQUIRE_FALSE(run.timed_out);
    REQUIRE(run.signal == 0);
    CHECK(run.exit_code == 1); // findings; 2 would be a usage or internal error
    CHECK(run.err.empty());
    CHECK(run.max_rss_kib > 0);
    CHECK(run.max_rss_kib < rss_bound_kib);
    if (format == "text") {
      CHECK(contains(run.out, known_finding));
      outcome.text = run.out;
    } else {
      REQUIRE_NOTHROW(outcome.report = json::parse(run.out));
      for (const auto& d : outcome.report["diagnostics"])
        outcome.findings.insert(fmt::format("{} {} {}:{}", d["file"].get<std::string>(), d["rule"].get<std::string>(),
                                            d["line"].get<int>(), d["column"].get<int>()));
      CHECK(outcome.findings.contains("tree/configs/production.json CL2003 4:18"));
    }
  }
  return outcome;
}

/// Checks that `line` is a whole line of `text`.
void check_line(const Outcome& outcome, const std::string& line) {
  INFO(outcome.text.substr(0, 6000));
  CHECK((outcome.text.starts_with(line + "\n") || contains(outcome.text, "\n" + line + "\n")));
}

/// The same finding in the JSON report.
void check_finding(const Outcome& outcome, const std::string& finding) {
  INFO(finding);
  CHECK(outcome.findings.contains(finding));
}

/// Runs `body` on a thread, again and again, until the object goes away.
class Churn {
public:
  explicit Churn(std::function<void(std::size_t)> body)
      : thread_([this, body = std::move(body)] {
          for (std::size_t round = 0; !stop_; ++round) body(round);
        }) {}
  ~Churn() {
    stop_ = true;
    thread_.join();
  }
  Churn(const Churn&) = delete;
  Churn& operator=(const Churn&) = delete;

private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

} // namespace

TEST_CASE("hostile: 100k levels of nesting in JSON and YAML", "[e2e][hostile]") {
  const Tree t;
  constexpr std::size_t levels = 100'000;
  t.file("deep_array.json", repeat("[", levels) + repeat("]", levels));
  t.file("deep_object.json", repeat("{\"a\":", levels) + "1" + repeat("}", levels));
  t.file("deep_flow.yaml", repeat("[", levels) + repeat("]", levels) + "\n");
  t.file("deep_sequence.yaml", repeat("- ", levels) + "x\n");
  // Block mappings indent one more space per level: 100,000 of them would
  // take 5 GB, so 1,000 (0.5 MB) make the point.
  std::string mapping;
  for (std::size_t i = 0; i < 1000; ++i) mapping += std::string(i, ' ') + "a:\n";
  t.file("deep_mapping.yaml", mapping);

  const Outcome out = check(t, small_bound);
  const std::string message = ": error[CL0007]: nesting is deeper than 200 levels; the file was not parsed";
  check_line(out, "tree/deep_array.json:1:201" + message);
  check_line(out, "tree/deep_object.json:1:1001" + message);
  check_line(out, "tree/deep_flow.yaml:1:200" + message);
  check_line(out, "tree/deep_sequence.yaml:1:399" + message);
  check_line(out, "tree/deep_mapping.yaml:201:201" + message);
  check_finding(out, "tree/deep_array.json CL0007 1:201");
}

TEST_CASE("hostile: a 1 GB sparse file and a 100 MB file are refused unread", "[e2e][hostile]") {
  const Tree t;
  {
    std::ofstream(t.root / "huge.json").close();
    REQUIRE(::truncate((t.root / "huge.json").c_str(), 1LL << 30) == 0);
  }
  // 100 MB of valid YAML, written in 1 MB blocks.
  const std::string block = repeat("- {name: service-01, port: 8080, tags: [a, b, c]}\n", 20'000); // 50 bytes a line
  {
    std::ofstream big(t.root / "big.yaml", std::ios::binary);
    for (int i = 0; i < 100; ++i) big.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  // Reading either would take more memory than the bound.
  const Outcome out = check(t, small_bound);
  check_line(out, "tree/huge.json:1:1: error[CL0008]: file is 1073741824 bytes, over the 67108864-byte limit; it "
                  "was not checked");
  check_line(out, "tree/big.yaml:1:1: error[CL0008]: file is 100000000 bytes, over the 67108864-byte limit; it was "
                  "not checked");
  check_finding(out, "tree/huge.json CL0008 1:1");
}

TEST_CASE("hostile: a billion-laughs YAML file stops at the alias limit", "[e2e][hostile]") {
  const Tree t;
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const std::string alias = std::string(",*") + static_cast<char>(c - 1);
    bomb += fmt::format("{}: &{} [{}]\n", c, c, repeat(alias, 9).substr(1));
  }
  t.file("lol.yaml", bomb);
  const Outcome out = check(t, small_bound);
  check_line(out, "tree/lol.yaml:6:8: error[CL0009]: aliases expand to more than 100000 values; expansion stopped "
                  "here");
  check_finding(out, "tree/lol.yaml CL0009 6:8");
}

TEST_CASE("hostile: a 10 MB JSON file on one line with a finding at its end", "[e2e][hostile]") {
  const Tree t;
  std::string text = "{\"items\":[";
  for (int i = 0; i < 190'000; ++i)
    text += fmt::format("{}{{\"id\":{},\"name\":\"item-{}\",\"value\":{}.5,\"ok\":true}}", i ? "," : "", i, i, i);
  const std::size_t second = text.size() + 2;
  text += "],\"items\":0}";
  REQUIRE(text.size() > 10'000'000);
  t.file("one-line.json", text);
  // Measured at 0.7 GB: the syntax tree a file with a duplicate key needs.
  const Outcome out = check(t, 2048 * MiB);
  check_line(out, fmt::format("tree/one-line.json:1:{}: error[CL0002]: duplicate key \"items\"; the last value wins "
                              "and the first is silently lost",
                              second + 1));
  check_finding(out, fmt::format("tree/one-line.json CL0002 1:{}", second + 1));
  // The code frame shows a window of the line, not 10 MB of it.
  CHECK(out.text.size() < 4000);
}

TEST_CASE("hostile: 1 MB keys", "[e2e][hostile]") {
  const Tree t;
  const std::string key(1 << 20, 'k');
  t.file("key.json", "{\"" + key + "\": 1, \"" + key + "\": 2}\n");
  t.file("key.yaml", key + ": 1\n");
  const Outcome out = check(t, 512 * MiB);
  check_line(out, "tree/key.json:1:1048585: error[CL0002]: duplicate key \"" + std::string(64, 'k') +
                      "…\" (1048576 bytes); the last value wins and the first is silently lost");
  check_line(out, "tree/key.yaml:1:1: error[CL0001]: invalid YAML: this key is 1048576 bytes long; a key without "
                  "`?` is limited to 1024");
  check_finding(out, "tree/key.yaml CL0001 1:1");
  CHECK(out.text.size() < 8000); // no 1 MB key is printed whole
}

TEST_CASE("hostile: NUL bytes in JSON and YAML and .env and shell files", "[e2e][hostile]") {
  using namespace std::string_literals;
  const Tree t;
  t.file("nul.json", "{\"a\": \"x\0y\",\n \"b\": 1}\n"s);
  t.file("nul-after.json", "{\"a\": 1}\n\0"s); // parsers used to stop at the NUL and pass the file
  t.file("nul.yaml", "a: 1\nb: x\0y\n"s);
  t.file("nul.env", "A=1\nB=x\0y\n"s);
  t.file("nul.sh", "#!/bin/sh\necho a\0b\n"s);
  t.file("utf16.yaml", "a\0:\0 \0001\0\n\0"s); // UTF-16LE without a byte order mark
  const Outcome out = check(t, small_bound);
  const auto message = [](const char* kind) {
    return fmt::format(": error[CL0001]: NUL byte (U+0000) in a {} file; the file was not parsed", kind);
  };
  check_line(out, "tree/nul.json:1:9" + message("json"));
  check_line(out, "tree/nul-after.json:2:1" + message("json"));
  check_line(out, "tree/nul.yaml:2:5" + message("yaml"));
  check_line(out, "tree/nul.env:2:4" + message("dotenv"));
  check_line(out, "tree/nul.sh:2:7" + message("shell"));
  check_line(out, "tree/utf16.yaml:1:2" + message("yaml"));
  CHECK(contains(out.text, "mean the file is UTF-16: re-save it as UTF-8"));
  CHECK_FALSE(contains(out.text, std::string(1, '\0')));
  check_finding(out, "tree/nul-after.json CL0001 2:1");
}

TEST_CASE("hostile: invalid and overlong UTF-8", "[e2e][hostile]") {
  using namespace std::string_literals;
  const Tree t;
  t.file("overlong.json", "{\"a\": \"\xC0\xAF\"}\n");       // '/' in two bytes
  t.file("surrogate.yaml", "a: 1\nb: \"\xED\xA0\x80\"\n");   // U+D800
  t.file("five-bytes.env", "A=1\nB=\xF8\x88\x80\x80\x80\n"); // no longer UTF-8 since 2003
  t.file("beyond.json", "{\"a\": \"\xF4\x90\x80\x80\"}\n");  // past U+10FFFF
  t.file("cut.sh", "#!/bin/sh\necho \xE2\x82\n");            // a sequence cut short
  t.file("bom16.yaml", "\xFF\xFE" "a\0:\0"s);                 // UTF-16LE with its byte order mark
  const Outcome out = check(t, small_bound);
  const auto message = [](const char* byte) {
    return fmt::format(": error[CL0003]: invalid UTF-8 byte 0x{}; the file was not parsed", byte);
  };
  check_line(out, "tree/overlong.json:1:8" + message("C0"));
  check_line(out, "tree/surrogate.yaml:2:5" + message("ED"));
  check_line(out, "tree/five-bytes.env:2:3" + message("F8"));
  check_line(out, "tree/beyond.json:1:8" + message("F4"));
  check_line(out, "tree/cut.sh:2:6" + message("E2"));
  check_line(out, "tree/bom16.yaml:1:1" + message("FF"));
  // The code frames show U+FFFD, never the bytes.
  CHECK_FALSE(contains(out.text, "\xC0\xAF"));
  CHECK_FALSE(contains(out.text, "\xFF"));
  check_finding(out, "tree/surrogate.yaml CL0003 2:5");
}

TEST_CASE("hostile: CRLF and lone CR line ends count as line breaks", "[e2e][hostile]") {
  const Tree t;
  for (const std::string eol : {"\r\n", "\r"}) {
    const std::string name = eol == "\r" ? "cr" : "crlf";
    t.file(name + ".json", "{" + eol + "  \"a\": 1," + eol + "  \"a\": 2" + eol + "}" + eol);
    t.file(name + ".yaml", "a: 1" + eol + "b: 2" + eol + "a: 3" + eol);
  }
  t.file("crlf.env", "A=1\r\nB=2\r\nA=3\r\n");
  t.file("mixed.yaml", "a: 1\nb: 2\r\nc: 3\ra: 4\n");
  const Outcome out = check(t, small_bound);
  for (const std::string name : {"cr", "crlf"}) {
    check_line(out, "tree/" + name + ".json:3:3: error[CL0002]: duplicate key \"a\"; the last value wins and the "
                                      "first is silently lost");
    check_line(out, "note: tree/" + name + ".json:2:3: first defined here");
    check_line(out, "tree/" + name + ".yaml:3:1: error[CL0002]: duplicate key \"a\"; the last value wins and the "
                                      "first is silently lost");
    check_line(out, "note: tree/" + name + ".yaml:1:1: first defined here");
  }
  check_line(out, "tree/crlf.env:3:1: error[CL0002]: duplicate key \"A\"; the last value wins and the first is "
                  "silently lost");
  check_line(out, "tree/mixed.yaml:4:1: error[CL0002]: duplicate key \"a\"; the last value wins and the first is "
                  "silently lost");
  CHECK_FALSE(contains(out.text, "\r")); // code frames drop the line ends
  check_finding(out, "tree/cr.yaml CL0002 3:1");
}

TEST_CASE("hostile: tabs in YAML indentation", "[e2e][hostile]") {
  const Tree t;
  t.file("tab-first.yaml", "a:\n\tb: 1\n");
  t.file("tab-after-spaces.yaml", "a:\n  b: 1\n  \tc: 2\n");
  t.file("tab-separator.yaml", "a:\t1\nb: [1,\t2]\n"); // tabs may separate tokens
  const Outcome out = check(t, small_bound);
  const std::string message = ": error[CL0001]: invalid YAML: a tab in the indentation; YAML indents with spaces only";
  check_line(out, "tree/tab-first.yaml:2:1" + message);
  check_line(out, "tree/tab-after-spaces.yaml:3:3" + message);
  CHECK(contains(out.text, "help: replace the tab with spaces, as many as the lines around it use\n"));
  CHECK_FALSE(contains(out.text, "tree/tab-separator.yaml"));
  check_finding(out, "tree/tab-first.yaml CL0001 2:1");
}

// Symbolic link loops, links out of the root and dangling links have their
// own test in e2e_test.cpp ("directory walk: ..."); here one of each kind
// sits beside FIFOs and devices, to show that none of them stops the walk.
TEST_CASE("hostile: FIFOs and devices in the tree and on the command line", "[e2e][hostile]") {
  const Tree t;
  REQUIRE(::mkfifo((t.root / "x.yaml").c_str(), 0600) == 0);
  fs::create_symlink("x.yaml", t.root / "alias.yaml");
  fs::create_symlink("/dev/zero", t.root / "dev.json");
  fs::create_symlink("/dev/urandom", t.root / "random.json");
  fs::create_symlink("/dev/null", t.root / "null.yaml");
  fs::create_directory_symlink(".", t.root / "loop");
  // A device node in the tree itself needs CAP_MKNOD (root, outside most containers).
  const bool device = ::mknod((t.root / "zero.json").c_str(), S_IFCHR | 0600, makedev(1, 5)) == 0;
  // A writer holds the FIFO open: a reader that opened it would get no end.
  const int writer = ::open((t.root / "x.yaml").c_str(), O_RDWR | O_NONBLOCK);
  REQUIRE(writer >= 0);

  const Outcome walked = check(t, small_bound);
  const std::string skipped = ":1:1: info[CL0012]: skipped: ";
  check_line(walked, "tree/x.yaml" + skipped + "not a regular file but a FIFO");
  check_line(walked, "tree/alias.yaml" + skipped + "not a regular file but a FIFO");
  check_line(walked, "tree/dev.json" + skipped + "symbolic link leads out of the scanned root (to /dev/zero)");
  check_line(walked, "tree/random.json" + skipped + "symbolic link leads out of the scanned root (to /dev/urandom)");
  check_line(walked, "tree/null.yaml" + skipped + "symbolic link leads out of the scanned root (to /dev/null)");
  check_line(walked, "tree/loop" + skipped + "symbolic link loop; already scanned");
  if (device) check_line(walked, "tree/zero.json" + skipped + "not a regular file but a character device");
  check_finding(walked, "tree/x.yaml CL0012 1:1");

  // Named on the command line, the links are followed, and still not read.
  const Outcome named = check(t, small_bound,
                              {"tree/x.yaml", "tree/dev.json", "tree/random.json", "tree/null.yaml",
                               "tree/configs/production.json"});
  check_line(named, "tree/x.yaml" + skipped + "not a regular file but a FIFO");
  check_line(named, "tree/dev.json" + skipped + "not a regular file but a character device");
  check_line(named, "tree/random.json" + skipped + "not a regular file but a character device");
  check_line(named, "tree/null.yaml" + skipped + "not a regular file but a character device");
  ::close(writer);
}

TEST_CASE("hostile: unreadable files and folders", "[e2e][hostile]") {
  const Tree t;
  t.file("secret.json", "{\"a\": 1, \"a\": 2}\n");
  t.file("locked/inner.yaml", "a: 1\na: 2\n");
  fs::permissions(t.root / "secret.json", fs::perms::none);
  fs::permissions(t.root / "locked", fs::perms::none);
  struct Restore { // so that the scratch folder can be removed
    fs::path root;
    ~Restore() {
      std::error_code ec;
      fs::permissions(root / "locked", fs::perms::owner_all, ec);
      fs::permissions(root / "secret.json", fs::perms::owner_read | fs::perms::owner_write, ec);
    }
  } restore{t.root};

  const auto check_refused = [&](const Outcome& out) {
    check_line(out, "tree/secret.json:1:1: error[CL0013]: cannot open file: Permission denied; it was not checked");
    check_line(out, "help: make the file readable by the user running claudelint, or move it out of the checked tree");
    check_line(out, "tree/locked:1:1: info[CL0012]: skipped: cannot read directory: Permission denied");
    check_finding(out, "tree/secret.json CL0013 1:1");
  };
  if (::geteuid() != 0) {
    check_refused(check(t, small_bound));
    return;
  }
  // Root reads mode 000 anyway (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
  // both files are checked like any other.
  const Outcome as_root = check(t, small_bound);
  check_finding(as_root, "tree/secret.json CL0002 1:10");
  check_finding(as_root, "tree/locked/inner.yaml CL0002 2:1");
  // Without those two capabilities root is refused like anyone: run so
  // under setpriv, where it works.
  const std::vector<std::string> no_override = {"/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search",
                                                "--inh-caps=-dac_override,-dac_read_search", "--"};
  std::error_code ec;
  const bool usable = fs::exists(no_override.front(), ec) &&
                      run_process(no_override.front(), {no_override[1], no_override[2], "--", "/bin/true"},
                                  t.scratch.path, timeout)
                              .exit_code == 0;
  if (!usable) {
    WARN("running as root without a usable setpriv: unreadable files are not tested");
    return;
  }
  check_refused(check(t, small_bound, {"tree"}, no_override));
}

TEST_CASE("hostile: files that vanish while the tree is checked", "[e2e][hostile]") {
  const Tree t;
  fs::create_symlink("gone.json", t.root / "dangling.json");
  fs::create_directories(t.root / "churn");
  // Files appear whole (written aside, then renamed in) and disappear, so a
  // run may see each one missing, present, or found by the walk and gone
  // when it is read.
  const Churn churn([&](std::size_t) {
    std::error_code ec;
    for (int i = 0; i < 50; ++i) {
      write_file(t.root / "churn" / fmt::format("f{}.tmp", i), "{\"ok\": true}\n");
      fs::rename(t.root / "churn" / fmt::format("f{}.tmp", i), t.root / "churn" / fmt::format("f{}.json", i), ec);
    }
    for (int i = 0; i < 50; ++i) fs::remove(t.root / "churn" / fmt::format("f{}.json", i), ec);
  });
  for (int round = 0; round < 3; ++round) {
    const Outcome out = check(t, small_bound);
    check_line(out, "tree/dangling.json:1:1: info[CL0012]: skipped: broken symbolic link");
    for (const auto& d : out.report["diagnostics"]) {
      const std::string file = d["file"];
      if (!file.starts_with("tree/churn/")) continue;
      INFO(d.dump());
      CHECK(d["rule"] == "CL0013");
      CHECK(d["message"] == "cannot open file: No such file or directory; it was not checked");
    }
  }
}

TEST_CASE("hostile: a file rewritten while it is read", "[e2e][hostile]") {
  const Tree t;
  std::string big = "{\"items\": [0";
  for (int i = 1; i < 200'000; ++i) big += fmt::format(", {}", i);
  big += "]}\n";
  t.file("rewritten.json", big);
  // Rewritten in place, so a read may see it empty, cut short or whole.
  const Churn churn([&](std::size_t round) {
    std::ofstream out(t.root / "rewritten.json", std::ios::binary | std::ios::trunc);
    out << (round % 2 ? std::string_view(big) : std::string_view("{\"a\": 1}\n"));
  });
  for (int round = 0; round < 3; ++round) {
    const Outcome out = check(t, small_bound);
    // Whatever it saw, a finding about it is one of loading (CL0xxx: a
    // syntax error where the text was cut, a trailing comma when the cut
    // came after one, an empty file) with a place.
    for (const auto& d : out.report["diagnostics"]) {
      if (d["file"] != "tree/rewritten.json") continue;
      INFO(d.dump());
      const std::string rule = d["rule"];
      CHECK(rule.starts_with("CL00"));
      CHECK(d["line"] >= 1);
      CHECK(d["column"] >= 1);
    }
  }
}

TEST_CASE("hostile: path names with spaces and line breaks and escapes and bytes that are not UTF-8", "[e2e][hostile]") {
  const Tree t;
  const std::string duplicate_json = "{\"a\":1,\"a\":2}\n", duplicate_yaml = "a: 1\na: 2\n";
  t.file("a b.yaml", duplicate_yaml);
  t.file("new\nline.json", duplicate_json);
  t.file("\xFF\xFE.yaml", duplicate_yaml);
  t.file("esc\x1B[31m.json", duplicate_json);
  t.file("back\\slash.json", duplicate_json);
  t.file("tab\there.yaml", duplicate_yaml);
  const Outcome out = check(t, small_bound);
  // Text: one line per finding, the name escaped C-style where it must be.
  const std::string json_finding = ":1:8: error[CL0002]: duplicate key \"a\"; the last value wins and the first is "
                                   "silently lost";
  const std::string yaml_finding = ":2:1: error[CL0002]: duplicate key \"a\"; the last value wins and the first is "
                                   "silently lost";
  check_line(out, "tree/a b.yaml" + yaml_finding);
  check_line(out, "tree/new\\nline.json" + json_finding);
  check_line(out, "note: tree/new\\nline.json:1:2: first defined here");
  check_line(out, "tree/\\xFF\\xFE.yaml" + yaml_finding);
  check_line(out, "tree/esc\\x1B[31m.json" + json_finding);
  check_line(out, "tree/back\\\\slash.json" + json_finding);
  check_line(out, "tree/tab\\there.yaml" + yaml_finding);
  CHECK_FALSE(contains(out.text, "\x1B"));
  CHECK_FALSE(contains(out.text, "\xFF"));
  // JSON: valid, with the exact names where JSON can hold them; bytes that
  // are not UTF-8 become U+FFFD (docs/output-json.md).
  std::set<std::string> files;
  for (const auto& d : out.report["diagnostics"]) files.insert(d["file"].get<std::string>());
  CHECK(files == std::set<std::string>{"tree/a b.yaml", "tree/new\nline.json", "tree/\xEF\xBF\xBD\xEF\xBF\xBD.yaml",
                                       "tree/esc\x1B[31m.json", "tree/back\\slash.json", "tree/tab\there.yaml",
                                       "tree/configs/production.json"});
}
