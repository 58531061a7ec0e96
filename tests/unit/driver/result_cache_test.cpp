#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "driver/result_cache.h"

namespace fs = std::filesystem;
using namespace claudelint;
using driver::cache::Entry;

namespace {

struct Folder {
  fs::path path = fs::temp_directory_path() / ("claudelint-result-cache-" + std::to_string(::getpid()));
  Folder() {
    fs::remove_all(path);
    fs::create_directories(path / "tree");
  }
  ~Folder() { fs::remove_all(path); }
  void write(const std::string& relative, const std::string& text) const {
    std::ofstream(path / relative, std::ios::binary) << text;
  }
};

const std::string key(64, 'a');

Entry sample() {
  return {1, "report\n", "note\n", {{support::InputKind::exists, "/x/y", "no"}, {support::InputKind::file, "/s", "sha256:0"}}};
}

std::string run_key(const Folder& folder, const std::vector<std::string>& fields) {
  driver::Options options;
  options.cwd = folder.path;
  options.paths = {(folder.path / "tree").string()};
  options.jobs = 2;
  return driver::cache::run_key(options, driver::take_snapshot(options), fields);
}

} // namespace

TEST_CASE("result cache: an entry reads back as written, and only for its key", "[driver][cache]") {
  const std::string bytes = driver::cache::encode(key, sample());
  const auto entry = driver::cache::decode(key, bytes);
  REQUIRE(entry);
  CHECK(entry->exit_code == 1);
  CHECK(entry->out == "report\n");
  CHECK(entry->err == "note\n");
  CHECK(entry->inputs == sample().inputs);
  CHECK_FALSE(driver::cache::decode(std::string(64, 'b'), bytes));
}

TEST_CASE("result cache: a damaged entry is no entry", "[driver][cache]") {
  const std::string bytes = driver::cache::encode(key, sample());
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(driver::cache::decode(key, bytes.substr(0, cut)));
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
    CHECK_FALSE(driver::cache::decode(key, flipped));
  }
  CHECK_FALSE(driver::cache::decode(key, bytes + "x"));
  CHECK_FALSE(driver::cache::decode(key, ""));
}

TEST_CASE("result cache: the key covers fields, content, modes and the file list", "[driver][cache]") {
  const Folder folder;
  folder.write("tree/production.json", R"({"a": 1})");
  fs::permissions(folder.path / "tree/production.json", fs::perms(0644), fs::perm_options::replace);
  const std::string first = run_key(folder, {"ab", "c"});
  CHECK(first.size() == 64);
  CHECK(run_key(folder, {"ab", "c"}) == first);
  CHECK(run_key(folder, {"a", "bc"}) != first);
  CHECK(run_key(folder, {"abc"}) != first);

  folder.write("tree/production.json", R"({"a": 2})");
  const std::string edited = run_key(folder, {"ab", "c"});
  CHECK(edited != first);
  fs::permissions(folder.path / "tree/production.json", fs::perms(0664), fs::perm_options::replace);
  const std::string chmodded = run_key(folder, {"ab", "c"});
  CHECK(chmodded != edited);
  folder.write("tree/notes.txt", "not a config");
  CHECK(run_key(folder, {"ab", "c"}) == chmodded);
  folder.write("tree/staging.json", "{}");
  CHECK(run_key(folder, {"ab", "c"}) != chmodded);
}

TEST_CASE("result cache: an entry holds while its inputs do", "[driver][cache]") {
  const Folder folder;
  folder.write("schema.json", "{}");
  const fs::path schema = folder.path / "schema.json";
  const std::string missing = (folder.path / "missing").generic_string();
  const std::vector<support::ObservedInput> inputs = {
      {support::InputKind::file, schema.generic_string(), support::content_state(support::read_whole_file(schema))},
      {support::InputKind::exists, missing, "no"},
      {support::InputKind::regular_file, schema.generic_string(), "yes"},
  };
  CHECK(driver::cache::inputs_hold(inputs));
  folder.write("missing", "");
  CHECK_FALSE(driver::cache::inputs_hold(inputs));
  fs::remove(folder.path / "missing");
  folder.write("schema.json", "{\"type\": \"object\"}");
  CHECK_FALSE(driver::cache::inputs_hold(inputs));

  // Stored and looked up under a folder; a damaged file is a miss.
  const Entry entry{0, "out", "", {}};
  driver::cache::store(folder.path / "cache", key, entry);
  const fs::path stored = driver::cache::entry_path(folder.path / "cache", key);
  CHECK(stored == folder.path / "cache" / "aa" / key);
  REQUIRE(driver::cache::lookup(folder.path / "cache", key));
  CHECK(driver::cache::lookup(folder.path / "cache", key)->out == "out");
  fs::resize_file(stored, fs::file_size(stored) - 1);
  CHECK_FALSE(driver::cache::lookup(folder.path / "cache", key));
  CHECK_FALSE(driver::cache::lookup(folder.path / "no-such-cache", key));
}
