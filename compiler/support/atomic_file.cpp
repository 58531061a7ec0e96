#include "support/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <fmt/format.h>

#include "support/error.h"

namespace claudelint::support {

namespace fs = std::filesystem;

namespace {

/// Makes temporary names unique between threads of this process; the pid in
/// the name separates processes.
std::atomic<unsigned long> temp_counter{0};

[[noreturn]] void fail(const fs::path& path, std::string_view step, int error) {
  throw Error(fmt::format("cannot write {}: {}: {}", path.generic_string(), step,
                          std::generic_category().message(error)));
}

[[noreturn]] void fail_read(const fs::path& path, int error) {
  throw Error(fmt::format("cannot read {}: {}", path.generic_string(), std::generic_category().message(error)));
}

/// Owns a file descriptor and closes it unless close() already did.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }

  /// Closes now; returns 0 or the errno. On Linux the descriptor is released
  /// even when close() reports EINTR, so that is not a failure and is never retried.
  int close() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 && errno != EINTR) return errno;
    return 0;
  }

private:
  int fd_;
};

/// Unlinks the temporary file on every exit path until it has been renamed.
struct TemporaryFile {
  fs::path path;
  bool renamed = false;
  ~TemporaryFile() {
    if (!renamed && !path.empty()) ::unlink(path.c_str());
  }
};

/// Writes all of `bytes`, resuming after partial writes and signals; returns 0 or the errno.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO; // no progress on a regular file: give up rather than spin
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

/// fsync, retried when a signal interrupts it; returns 0 or the errno.
int sync(int fd) {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
}

/// Takes an exclusive flock on `fd`, waiting while a cleaner holds it;
/// returns 0 or the errno. A file system without flock (ENOLCK, EOPNOTSUPP,
/// EINVAL) is not an error: there remove_abandoned_temporaries cannot lock
/// the file either, so it leaves it alone.
int lock(int fd) {
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    if (errno == ENOLCK || errno == EOPNOTSUPP || errno == EINVAL) return 0;
    return errno;
  }
  return 0;
}

/// The decimal digits at the start of `text`, or 0 when it does not start with one.
std::size_t digits(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
  return n;
}

} // namespace

bool is_atomic_temporary_name(std::string_view name) {
  const auto marker = name.rfind(".tmp-");
  if (name.size() < 2 || name[0] != '.' || marker == std::string_view::npos || marker < 2) return false;
  std::string_view rest = name.substr(marker + 5);
  const std::size_t pid = digits(rest);
  if (pid == 0 || pid >= rest.size() || rest[pid] != '-') return false;
  rest.remove_prefix(pid + 1);
  const std::size_t counter = digits(rest);
  return counter > 0 && counter == rest.size();
}

std::size_t remove_abandoned_temporaries(const fs::path& directory) {
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path path = it->path();
    if (!is_atomic_temporary_name(path.filename().string())) continue;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    FileDescriptor file(fd);
    struct stat opened {};
    if (::fstat(file.get(), &opened) != 0 || !S_ISREG(opened.st_mode)) continue;
    // Held by a writer that is still running (a dead one's lock went with it).
    if (::flock(file.get(), LOCK_EX | LOCK_NB) != 0) continue;
    // Still under that name: a writer that finished in the meantime has
    // renamed it into place, and that file is not ours to remove.
    struct stat named {};
    if (::lstat(path.c_str(), &named) != 0 || named.st_dev != opened.st_dev || named.st_ino != opened.st_ino) continue;
    if (::unlink(path.c_str()) == 0) ++removed;
  }
  return removed;
}

void write_file_atomically(const fs::path& path, std::string_view bytes) {
  if (!path.has_filename()) fail(path, "not a file name", EISDIR);
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");

  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) fail(path, fmt::format("creating directory {}", directory.generic_string()), ec.value());

  TemporaryFile temp;
  int fd = -1;
  // O_EXCL never reuses a file; a name left by a crashed process with a
  // recycled pid is skipped by moving on to the next counter value.
  for (int attempt = 0; fd < 0; ++attempt) {
    temp.path = directory / fmt::format(".{}.tmp-{}-{}", path.filename().string(), ::getpid(), temp_counter++);
    fd = ::open(temp.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      if (errno == EEXIST && attempt < 100) continue;
      const int error = errno;
      temp.path.clear(); // nothing was created, so nothing to remove
      fail(path, "creating a temporary file", error);
    }
    // The lock, held until the file is renamed, tells
    // remove_abandoned_temporaries that its writer is alive. One that came
    // between open and flock has locked and removed the file, so it has no
    // link left: start again under a new name.
    if (const int error = lock(fd)) {
      ::close(fd);
      fail(path, "locking the temporary file", error);
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      const int error = errno;
      ::close(fd);
      fail(path, "inspecting the temporary file", error);
    }
    if (info.st_nlink == 0) {
      ::close(fd);
      fd = -1;
      temp.path.clear(); // already gone; never unlink a name that may be reused
      if (attempt == 100) fail(path, "creating a temporary file", EEXIST);
    }
  }
  FileDescriptor file(fd);
  if (const int error = write_all(file.get(), bytes)) fail(path, "writing", error);
  if (const int error = sync(file.get())) fail(path, "flushing to disk", error);
  if (::rename(temp.path.c_str(), path.c_str()) != 0) fail(path, "renaming the temporary file into place", errno);
  temp.renamed = true;
  // Closed only now, so the lock covered the rename. fsync has already
  // reported any error of the writes, which is all close could add.
  static_cast<void>(file.close());

  // The rename itself is durable only once the directory entry is flushed.
  // Some file systems cannot fsync a directory (EINVAL); the data is in place
  // regardless, so that alone is not reported.
  const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) fail(path, "opening the directory to flush it", errno);
  FileDescriptor dir(dir_fd);
  if (const int error = sync(dir.get()); error != 0 && error != EINVAL) fail(path, "flushing the directory", error);
}

bool file_has_content(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) return false;
  if (ec) fail_read(path, ec.value());
  if (!fs::is_regular_file(status)) return false;

  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return false; // removed since the status check
    fail_read(path, errno);
  }
  FileDescriptor file(fd);
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) fail_read(path, errno);
  if (!S_ISREG(info.st_mode) || static_cast<std::uintmax_t>(info.st_size) != bytes.size()) return false;

  // Compare chunk by chunk; the file may still change while it is read.
  char buffer[16384];
  std::size_t offset = 0;
  for (;;) {
    const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_read(path, errno);
    }
    if (n == 0) break;
    const auto count = static_cast<std::size_t>(n);
    if (count > bytes.size() - offset || std::memcmp(buffer, bytes.data() + offset, count) != 0) return false;
    offset += count;
  }
  return offset == bytes.size();
}

} // namespace claudelint::support
