#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/atomic_file.h"
#include "support/error.h"

namespace fs = std::filesystem;
using namespace claudelint::support;
using Catch::Matchers::Contains;

namespace {

/// A scratch directory removed when the test ends.
struct TempDir {
  fs::path root;
  TempDir() {
    root = fs::temp_directory_path() / ("claudelint-atomic-file-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(root / "locked", fs::perms::owner_all, ec); // may have been made read-only
    fs::remove_all(root, ec);
  }
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

/// The names in `directory`, sorted.
std::vector<std::string> names(const fs::path& directory) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(directory)) out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

using Names = std::vector<std::string>;

} // namespace

TEST_CASE("write_file_atomically creates parents, writes and replaces", "[support][atomic_file]") {
  TempDir tmp;
  const fs::path target = tmp.root / "dist" / "nested" / "manifest.json";

  SECTION("a new file in new directories, with mode 0644 minus the umask") {
    write_file_atomically(target, "{\"a\":1}\n");
    CHECK(read(target) == "{\"a\":1}\n");
    CHECK(names(target.parent_path()) == Names{"manifest.json"});
    const ::mode_t mask = ::umask(0);
    ::umask(mask);
    struct stat info {};
    REQUIRE(::stat(target.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == (0644 & ~mask));
  }

  SECTION("replacing a longer file leaves exactly the new bytes and no temporary file") {
    fs::create_directories(target.parent_path());
    put(target, std::string(10'000, 'x'));
    write_file_atomically(target, "short");
    CHECK(read(target) == "short");
    write_file_atomically(target, "");
    CHECK(read(target).empty());
    CHECK(fs::file_size(target) == 0);
    CHECK(names(target.parent_path()) == Names{"manifest.json"});
  }

  SECTION("every byte is written, NUL and invalid UTF-8 included, and large payloads whole") {
    const std::string binary("a\0b\xff\n", 5);
    write_file_atomically(target, binary);
    CHECK(read(target) == binary);
    std::string big(8 * 1024 * 1024 + 3, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
    write_file_atomically(target, big);
    CHECK(read(target) == big);
  }

  SECTION("a bare file name is written in the current directory") {
    const fs::path previous = fs::current_path();
    fs::current_path(tmp.root);
    try {
      write_file_atomically("plain.txt", "here");
    } catch (...) {
      fs::current_path(previous);
      throw;
    }
    fs::current_path(previous);
    CHECK(read(tmp.root / "plain.txt") == "here");
  }
}

TEST_CASE("write_file_atomically from several threads leaves one whole version", "[support][atomic_file]") {
  TempDir tmp;
  const fs::path target = tmp.root / "out" / "shared.txt";
  std::vector<std::string> versions;
  for (int t = 0; t < 8; ++t) versions.push_back(std::string(4096 + static_cast<std::size_t>(t), static_cast<char>('a' + t)));
  std::vector<std::thread> threads;
  for (const auto& version : versions)
    threads.emplace_back([&target, &version] {
      for (int i = 0; i < 20; ++i) write_file_atomically(target, version);
    });
  for (auto& thread : threads) thread.join();
  CHECK(std::find(versions.begin(), versions.end(), read(target)) != versions.end());
  CHECK(names(target.parent_path()) == Names{"shared.txt"});
}

TEST_CASE("write_file_atomically reports failures and leaves no temporary file", "[support][atomic_file]") {
  TempDir tmp;

  SECTION("the parent is a regular file") {
    put(tmp.root / "blocker", "not a directory");
    const fs::path target = tmp.root / "blocker" / "manifest.json";
    REQUIRE_THROWS_AS(write_file_atomically(target, "{}"), claudelint::Error);
    REQUIRE_THROWS_WITH(write_file_atomically(target, "{}"), Contains(target.generic_string()));
    CHECK(names(tmp.root) == Names{"blocker"});
    CHECK(read(tmp.root / "blocker") == "not a directory");
  }

  SECTION("a grandparent is a regular file") {
    put(tmp.root / "blocker", "not a directory");
    const fs::path target = tmp.root / "blocker" / "sub" / "manifest.json";
    REQUIRE_THROWS_AS(write_file_atomically(target, "{}"), claudelint::Error);
    CHECK(names(tmp.root) == Names{"blocker"});
  }

  SECTION("the target is a directory: the rename fails after the temporary file was written") {
    fs::create_directories(tmp.root / "manifest.json" / "inside");
    const fs::path target = tmp.root / "manifest.json";
    REQUIRE_THROWS_WITH(write_file_atomically(target, "{}"),
                        Contains(target.generic_string()) && Contains("renaming"));
    CHECK(names(tmp.root) == Names{"manifest.json"});
    CHECK(names(target) == Names{"inside"});
  }

  SECTION("a read-only directory keeps the existing target untouched") {
    // root ignores permission bits, so the write would succeed.
    if (::geteuid() == 0) {
      WARN("running as root: read-only directory check skipped");
      return;
    }
    const fs::path locked = tmp.root / "locked";
    fs::create_directories(locked);
    put(locked / "manifest.json", "old");
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    const fs::path target = locked / "manifest.json";
    REQUIRE_THROWS_WITH(write_file_atomically(target, "new"),
                        Contains(target.generic_string()) && Contains("Permission denied"));
    CHECK(read(target) == "old");
    CHECK(names(locked) == Names{"manifest.json"});
    CHECK(file_has_content(target, "old"));
    fs::permissions(locked, fs::perms::owner_all);
  }
}

TEST_CASE("file_has_content compares exact bytes", "[support][atomic_file]") {
  TempDir tmp;
  const fs::path file = tmp.root / "a.json";

  CHECK_FALSE(file_has_content(file, ""));
  CHECK_FALSE(file_has_content(tmp.root / "missing" / "a.json", "x"));

  put(file, "");
  CHECK(file_has_content(file, ""));
  CHECK_FALSE(file_has_content(file, "x"));

  write_file_atomically(file, std::string("{\"a\":1}\n\0", 9));
  CHECK(file_has_content(file, std::string("{\"a\":1}\n\0", 9)));
  CHECK_FALSE(file_has_content(file, "{\"a\":1}\n"));          // a prefix
  CHECK_FALSE(file_has_content(file, std::string("{\"a\":2}\n\0", 9))); // same size, other bytes
  CHECK_FALSE(file_has_content(file, std::string("{\"a\":1}\n\0\0", 10)));

  const std::string big(100'000, 'q');
  write_file_atomically(file, big);
  CHECK(file_has_content(file, big));
  std::string changed_late = big;
  changed_late.back() = 'r';
  CHECK_FALSE(file_has_content(file, changed_late));

  CHECK_FALSE(file_has_content(tmp.root, ""));           // a directory
  CHECK_FALSE(file_has_content(file / "below", "q"));    // parent is a regular file

  if (::geteuid() != 0) {
    fs::permissions(file, fs::perms::none);
    CHECK_THROWS_WITH(file_has_content(file, big), Contains("cannot read") && Contains(file.generic_string()));
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  }
}

TEST_CASE("is_atomic_temporary_name knows write_file_atomically's temporary names", "[support][atomic_file]") {
  CHECK(is_atomic_temporary_name(".manifest.json.tmp-123-0"));
  CHECK(is_atomic_temporary_name(".a.tmp-1-99"));
  CHECK(is_atomic_temporary_name(".x.tmp-5.tmp-7-8")); // the target may itself look like one
  CHECK_FALSE(is_atomic_temporary_name("manifest.json"));
  CHECK_FALSE(is_atomic_temporary_name("manifest.json.tmp-1-2")); // no leading dot
  CHECK_FALSE(is_atomic_temporary_name("..tmp-1-2"));             // no target name
  CHECK_FALSE(is_atomic_temporary_name(".a.tmp-1-"));
  CHECK_FALSE(is_atomic_temporary_name(".a.tmp--2"));
  CHECK_FALSE(is_atomic_temporary_name(".a.tmp-1-2x"));
  CHECK_FALSE(is_atomic_temporary_name(".a.tmp-1"));
  CHECK_FALSE(is_atomic_temporary_name(".env"));
}

TEST_CASE("remove_abandoned_temporaries removes what killed writers left, nothing else", "[support][atomic_file]") {
  TempDir tmp;
  const fs::path dir = tmp.root / "dist";
  fs::create_directories(dir / ".sub.tmp-1-1");
  put(dir / "dev.json", "artifact");
  put(dir / ".dev.json.tmp-4242-0", "half an art"); // a writer killed mid-write
  put(dir / ".manifest.json.tmp-1-7", "");
  put(dir / ".env", "KEY=1\n");
  put(dir / "notes.tmp-1-2", "the user's");
  fs::create_symlink("dev.json", dir / ".link.tmp-3-3");
  // A writer still at work holds the lock on its temporary file.
  const fs::path live = dir / ".prod.json.tmp-99-1";
  put(live, "in progress");
  const int fd = ::open(live.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);

  CHECK(remove_abandoned_temporaries(dir) == 2);
  CHECK(names(dir) == Names{".env", ".link.tmp-3-3", ".prod.json.tmp-99-1", ".sub.tmp-1-1", "dev.json", "notes.tmp-1-2"});
  ::close(fd); // the writer dies: its file is abandoned now
  CHECK(remove_abandoned_temporaries(dir) == 1);
  CHECK(names(dir) == Names{".env", ".link.tmp-3-3", ".sub.tmp-1-1", "dev.json", "notes.tmp-1-2"});
  CHECK(read(dir / "dev.json") == "artifact");

  CHECK(remove_abandoned_temporaries(tmp.root / "missing") == 0);
  CHECK(remove_abandoned_temporaries(dir / "dev.json") == 0);
}

TEST_CASE("remove_abandoned_temporaries running beside writers never breaks a write", "[support][atomic_file]") {
  TempDir tmp;
  const fs::path target = tmp.root / "out" / "shared.txt";
  std::atomic<bool> done{false};
  std::thread cleaner([&] {
    while (!done) remove_abandoned_temporaries(target.parent_path());
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&target, t] {
      for (int i = 0; i < 50; ++i) write_file_atomically(target, std::string(1000, static_cast<char>('a' + t)));
    });
  for (auto& writer : writers) writer.join();
  done = true;
  cleaner.join();
  CHECK(names(target.parent_path()) == Names{"shared.txt"});
  CHECK(read(target).size() == 1000);
}
