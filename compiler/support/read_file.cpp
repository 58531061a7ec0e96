#include "support/read_file.h"

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace claudelint::support {

FileBytes read_whole_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  FileBytes out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.error = "cannot open file";
    return out;
  }
  struct stat info {};
  const bool known = ::fstat(fd, &info) == 0;
  const bool regular = known && S_ISREG(info.st_mode);
  if (known && regular && static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    out.too_large = static_cast<std::uintmax_t>(info.st_size);
    ::close(fd);
    return out;
  }
  // One byte more than the size: a regular file comes in one read, and a
  // second, empty one confirms its end (a short read alone does not prove
  // it: a signal or a network file system can cut one short).
  // (Files in /proc say they are empty: they get a page to begin with.)
  std::string bytes(regular && info.st_size > 0 ? static_cast<std::size_t>(info.st_size) + 1 : 4096, '\0');
  std::size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    const ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.error = "read error";
      ::close(fd);
      return out;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
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
