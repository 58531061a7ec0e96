#pragma once
// Runs the real claudelint binary the way a user's shell would, without a
// shell: fork + execve, stdin from /dev/null, stdout and stderr captured
// separately through temporary files, a hard timeout. Shared by the e2e
// transcript runner and the JSON contract test.
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace claudelint::test {

/// What one run of the binary produced.
struct ProcessResult {
  int exit_code = -1;       ///< the process exit status; -1 when killed by a signal
  int signal = 0;           ///< the terminating signal, 0 when it exited
  bool timed_out = false;   ///< killed by us after the timeout
  std::string out;          ///< everything written to stdout
  std::string err;          ///< everything written to stderr
  std::chrono::milliseconds elapsed{0};
  long max_rss_kib = 0;     ///< the child's peak resident set size in KiB (wait4's ru_maxrss)
};

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

namespace detail {

/// A temporary file that is removed when the object goes away.
class TempFile {
public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "claudelint-e2e-XXXXXX").string();
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) throw std::runtime_error(std::string("mkstemp failed: ") + std::strerror(errno));
    path_ = pattern;
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }

private:
  int fd_ = -1;
  std::filesystem::path path_;
};

} // namespace detail

/// A child running `binary args...` in `cwd`, started at construction: fork
/// + execve, stdin from /dev/null, stdout and stderr into temporary files,
/// the current environment minus NO_COLOR (so each case decides about
/// colour with `--color`) with `environment`'s NAME=value entries replacing
/// variables of the same name. End it with wait() or kill(); a child still
/// running when the object goes away is killed.
class ChildProcess {
public:
  ChildProcess(const std::string& binary, const std::vector<std::string>& args, const std::filesystem::path& cwd,
               const std::vector<std::string>& environment = {}) {
    // Everything the child needs is prepared before fork.
    std::vector<std::string> argv_storage;
    argv_storage.push_back(binary);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> overrides = environment;
    std::vector<char*> envp;
    const auto overridden = [&](std::string_view entry) {
      for (const auto& o : overrides)
        if (entry.substr(0, entry.find('=') + 1) == std::string_view(o).substr(0, o.find('=') + 1)) return true;
      return false;
    };
    for (char** e = environ; *e; ++e)
      if (!std::string_view(*e).starts_with("NO_COLOR=") && !overridden(*e)) envp.push_back(*e);
    for (auto& o : overrides) envp.push_back(o.data());
    envp.push_back(nullptr);
    const std::string dir = cwd.string();

    start_ = std::chrono::steady_clock::now();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid_ == 0) {
      const int devnull = ::open("/dev/null", O_RDONLY);
      if (devnull < 0 || ::dup2(devnull, 0) < 0 || ::dup2(out_.fd(), 1) < 0 || ::dup2(err_.fd(), 2) < 0 ||
          ::chdir(dir.c_str()) != 0)
        ::_exit(126);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
  }
  ~ChildProcess() {
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  /// When the child was started (just before fork).
  std::chrono::steady_clock::time_point started() const { return start_; }

  /// Waits for the child to end, killing it with SIGKILL once `timeout` has
  /// passed since it started.
  ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    int status = 0;
    bool timed_out = false;
    struct rusage usage {};
    while (true) {
      const pid_t done = ::wait4(pid_, &status, WNOHANG, &usage);
      if (done == pid_) break;
      if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("wait4 failed: ") + std::strerror(errno));
      if (std::chrono::steady_clock::now() - start_ > timeout) {
        ::kill(pid_, SIGKILL);
        ::wait4(pid_, &status, 0, &usage);
        timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return finish(status, timed_out, usage);
  }

  /// Sends `sig` now (SIGKILL by default) and reaps the child. A child
  /// that has already exited is a zombie until reaped, so its pid is never
  /// someone else's; its result is then its own exit status.
  ProcessResult kill(int sig = SIGKILL) {
    ::kill(pid_, sig);
    int status = 0;
    struct rusage usage {};
    while (::wait4(pid_, &status, 0, &usage) < 0)
      if (errno != EINTR) throw std::runtime_error(std::string("wait4 failed: ") + std::strerror(errno));
    return finish(status, false, usage);
  }

private:
  ProcessResult finish(int status, bool timed_out, const struct rusage& usage) {
    reaped_ = true;
    ProcessResult result;
    result.timed_out = timed_out;
    result.max_rss_kib = usage.ru_maxrss;
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    result.out = read_all(out_.path());
    result.err = read_all(err_.path());
    return result;
  }

  detail::TempFile out_, err_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::chrono::steady_clock::time_point start_;
};

/// Runs `binary args...` in `cwd` (see ChildProcess) to its end; kills it
/// after `timeout`. The child is reaped with wait4, so the result holds its
/// peak memory.
inline ProcessResult run_process(const std::string& binary, const std::vector<std::string>& args,
                                 const std::filesystem::path& cwd,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(60),
                                 const std::vector<std::string>& environment = {}) {
  return ChildProcess(binary, args, cwd, environment).wait(timeout);
}

/// Runs `binary args...` in `cwd` and sends it SIGKILL `delay` after it
/// started, wherever it is then; `signal` is SIGKILL in the result unless it
/// had exited by itself before.
inline ProcessResult run_killed_after(const std::string& binary, const std::vector<std::string>& args,
                                      const std::filesystem::path& cwd, std::chrono::microseconds delay) {
  ChildProcess child(binary, args, cwd);
  std::this_thread::sleep_until(child.started() + delay);
  return child.kill(SIGKILL);
}

/// A running child with a pipe to its stdin and one from its stdout (stderr
/// goes to a temporary file), for talking to a server such as `claudelint
/// lsp`. The child is killed when the object goes away while it still runs.
class PipedProcess {
public:
  PipedProcess(const std::string& binary, const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    int to_child[2], from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0)
      throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    std::vector<std::string> argv_storage{binary};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string dir = cwd.string();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid_ == 0) {
      if (::dup2(to_child[0], 0) < 0 || ::dup2(from_child[1], 1) < 0 || ::dup2(err_.fd(), 2) < 0 ||
          ::chdir(dir.c_str()) != 0)
        ::_exit(126);
      ::close(to_child[1]);
      ::close(from_child[0]);
      ::execve(argv[0], argv.data(), environ);
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
  }
  ~PipedProcess() {
    close_stdin();
    if (out_ >= 0) ::close(out_);
    if (!exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  PipedProcess(const PipedProcess&) = delete;
  PipedProcess& operator=(const PipedProcess&) = delete;

  /// Writes all of `bytes` to the child's stdin in one go where the pipe
  /// allows; false when the child closed it.
  bool write(std::string_view bytes) {
    ::signal(SIGPIPE, SIG_IGN);
    while (!bytes.empty()) {
      const ssize_t n = ::write(in_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  void close_stdin() {
    if (in_ >= 0) ::close(in_);
    in_ = -1;
  }
  /// Waits up to `timeout` for output and appends what there is to `out`;
  /// false at the end of the child's output or on timeout with nothing read.
  bool read_some(std::string& out, std::chrono::milliseconds timeout) {
    pollfd descriptor{out_, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) return false;
    char buffer[65536];
    const ssize_t n = ::read(out_, buffer, sizeof buffer);
    if (n <= 0) return false;
    out.append(buffer, static_cast<std::size_t>(n));
    return true;
  }
  /// Waits up to `timeout` for the child to exit (killing it after that).
  ProcessResult wait(std::chrono::milliseconds timeout) {
    close_stdin();
    ProcessResult result;
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) != pid_) {
      if (std::chrono::steady_clock::now() - start > timeout) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        result.timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    exited_ = true;
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    result.err = read_all(err_.path());
    return result;
  }

private:
  detail::TempFile err_;
  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  bool exited_ = false;
};

/// True when CLAUDELINT_UPDATE_GOLDEN asks golden tests to rewrite their
/// expected files instead of comparing.
inline bool updating_golden() {
  const char* v = std::getenv("CLAUDELINT_UPDATE_GOLDEN");
  return v && *v && std::string_view(v) != "0";
}

/// A scratch directory, removed with everything in it at the end of the test.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "claudelint-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = std::filesystem::canonical(pattern);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

/// Writes `text` to `path`, creating its folders.
inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

} // namespace claudelint::test
