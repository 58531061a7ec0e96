#include "support/read_file.h"

#include "support/huge_pages.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace claudelint::support {

std::string not_regular_reason(std::filesystem::file_type type) {
  using enum std::filesystem::file_type;
  switch (type) {
  case directory: return "not a regular file but a directory";
  case fifo: return "not a regular file but a FIFO";
  case character: return "not a regular file but a character device";
  case block: return "not a regular file but a block device";
  case socket: return "not a regular file but a socket";
  default: return "not a regular file";
  }
}

namespace {

std::filesystem::file_type type_of(mode_t mode) {
  using type = std::filesystem::file_type;
  return S_ISDIR(mode)    ? type::directory
         : S_ISFIFO(mode) ? type::fifo
         : S_ISCHR(mode)  ? type::character
         : S_ISBLK(mode)  ? type::block
         : S_ISSOCK(mode) ? type::socket
                          : type::unknown;
}

/// The permission bits in `mode`, unless the filesystem of the open file
/// `fd` only pretends to have them.
std::optional<unsigned> posix_mode(int fd, mode_t mode) {
  struct statfs info {};
  if (::fstatfs(fd, &info) == 0) {
    constexpr unsigned long no_modes[] = {0x4d44 /* FAT */, 0x2011BAB0 /* exFAT */, 0x5346544e /* NTFS */,
                                          0xFF534D42 /* CIFS */, 0xFE534D42 /* SMB2 */, 0x517B /* SMB */};
    for (const auto magic : no_modes)
      if (static_cast<unsigned long>(info.f_type) == magic) return std::nullopt;
  }
  return static_cast<unsigned>(mode & 07777);
}

} // namespace

FileBytes read_whole_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  FileBytes out;
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    out.error = std::string("cannot open file: ") + std::strerror(errno);
    return out;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    out.error = std::string("cannot open file: ") + std::strerror(errno);
    ::close(fd);
    return out;
  }
  // A FIFO may never end and /dev/zero never does: only regular files are
  // read (files in /proc are regular ones too).
  if (!S_ISREG(info.st_mode)) {
    out.error = not_regular_reason(type_of(info.st_mode));
    ::close(fd);
    return out;
  }
  out.mode = posix_mode(fd, info.st_mode);
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    out.too_large = static_cast<std::uintmax_t>(info.st_size);
    ::close(fd);
    return out;
  }
  // One byte more than the size: a regular file comes in one read, and a
  // second, empty one confirms its end (a short read alone does not prove
  // it: a signal or a network file system can cut one short).
  // (Files in /proc say they are empty: they get a page to begin with.)
  const std::size_t room = info.st_size > 0 ? static_cast<std::size_t>(info.st_size) + 1 : 4096;
  std::string bytes;
  bytes.reserve(room);
  advise_huge_pages(bytes.data(), room);
  bytes.resize(room);
  std::size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    const ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.error = std::string("read error: ") + std::strerror(errno);
      ::close(fd);
      return out;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    // A file that grows while it is read stops being read at the limit.
    if (used > max_bytes) break;
  }
  ::close(fd);
  bytes.resize(used);
  if (used > max_bytes) {
    out.too_large = used;
    return out;
  }
  out.bytes = std::move(bytes);
  return out;
}

} // namespace claudelint::support
