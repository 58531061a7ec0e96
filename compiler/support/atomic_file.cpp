#include "support/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include <fcntl.h>
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

} // namespace

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
    if (fd < 0 && (errno != EEXIST || attempt == 100)) {
      const int error = errno;
      temp.path.clear(); // nothing was created, so nothing to remove
      fail(path, "creating a temporary file", error);
    }
  }
  FileDescriptor file(fd);
  if (const int error = write_all(file.get(), bytes)) fail(path, "writing", error);
  if (const int error = sync(file.get())) fail(path, "flushing to disk", error);
  if (const int error = file.close()) fail(path, "closing", error);
  if (::rename(temp.path.c_str(), path.c_str()) != 0) fail(path, "renaming the temporary file into place", errno);
  temp.renamed = true;

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
