#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "support/input_log.h"
#include "support/read_file.h"

namespace fs = std::filesystem;
using namespace claudelint::support;

namespace {

struct Folder {
  fs::path path = fs::temp_directory_path() / ("claudelint-read-file-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(path); }
  ~Folder() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("read_whole_file: bytes, a missing file, the size limit", "[support][read_file]") {
  const Folder folder;
  const std::string text = std::string(100000, 'x') + std::string("\0end", 4);
  std::ofstream(folder.path / "a", std::ios::binary) << text;
  const auto read = read_whole_file(folder.path / "a");
  REQUIRE(read.bytes);
  CHECK(*read.bytes == text);
  CHECK(read.error.empty());

  const auto missing = read_whole_file(folder.path / "missing");
  CHECK_FALSE(missing.bytes);
  CHECK(missing.error == "cannot open file: No such file or directory");

  const auto limited = read_whole_file(folder.path / "a", 1000);
  CHECK_FALSE(limited.bytes);
  REQUIRE(limited.too_large);
  CHECK(*limited.too_large == text.size());
  CHECK(read_whole_file(folder.path / "a", text.size()).bytes);
}

TEST_CASE("read_whole_file: the permission bits of the file read, through a link", "[support][read_file]") {
  const Folder folder;
  std::ofstream(folder.path / "key.env") << "K=v\n";
  REQUIRE(::chmod((folder.path / "key.env").c_str(), 0640) == 0);
  fs::create_symlink(folder.path / "key.env", folder.path / "link.env");
  for (const char* name : {"key.env", "link.env"}) {
    const auto read = read_whole_file(folder.path / name);
    REQUIRE(read.mode); // tmpfs and ext4 have POSIX modes
    CHECK(*read.mode == 0640);
  }
  REQUIRE(::chmod((folder.path / "key.env").c_str(), 04755) == 0);
  CHECK(read_whole_file(folder.path / "key.env").mode == 04755u);
  CHECK(read_whole_file(folder.path / "key.env", 1).mode == 04755u); // too large, still known
  CHECK_FALSE(read_whole_file(folder.path / "missing").mode);
}

TEST_CASE("read_whole_file: a FIFO, a device or a folder is not read, and nothing waits", "[support][read_file]") {
  const Folder folder;
  REQUIRE(::mkfifo((folder.path / "fifo").c_str(), 0600) == 0);
  const auto fifo = read_whole_file(folder.path / "fifo", 1000);
  CHECK_FALSE(fifo.bytes);
  CHECK(fifo.error == "not a regular file but a FIFO");
  const auto zero = read_whole_file("/dev/zero", 1000);
  CHECK_FALSE(zero.bytes);
  CHECK(zero.error == "not a regular file but a character device");
  CHECK(read_whole_file(folder.path).error == "not a regular file but a directory");
}

TEST_CASE("input log: notes only while installed, sorted and without duplicates", "[support][input_log]") {
  const Folder folder;
  std::ofstream(folder.path / "schema.json") << "{}";
  read_input_file(folder.path / "schema.json"); // no log: nothing to note, nothing breaks
  InputLog log;
  {
    const InputLog::Scope scope(log);
    CHECK(noting_inputs());
    note_input(InputKind::exists, folder.path / "b", "no");
    read_input_file(folder.path / "schema.json");
    read_input_file(folder.path / "schema.json");
    read_input_file(folder.path / "missing.json");
  }
  CHECK_FALSE(noting_inputs());
  note_input(InputKind::exists, folder.path / "c", "no");
  const auto inputs = log.inputs();
  REQUIRE(inputs.size() == 3);
  CHECK(inputs[0].kind == InputKind::file);
  CHECK(inputs[0].path == (folder.path / "missing.json").generic_string());
  CHECK(inputs[0].state == "unreadable: cannot open file: No such file or directory");
  CHECK(inputs[1].state == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  CHECK(inputs[2].kind == InputKind::exists);
  for (const auto kind : {InputKind::file, InputKind::regular_file, InputKind::exists, InputKind::canonical,
                          InputKind::rule_pack, InputKind::git_tracked})
    CHECK(parse_input_kind(input_kind_name(kind)) == kind);
  CHECK_FALSE(parse_input_kind("nonsense"));
}
