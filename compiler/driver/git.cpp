#include "driver/git.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <string>

#include <fmt/format.h>

#include "support/error.h"
#include "support/input_log.h"
#include <vector>

extern char** environ;

namespace claudelint::driver {

namespace {

/// Runs git with `arguments`; the exit status, or nullopt when git cannot be
/// started. Its stdout goes to `output` when given, else is discarded.
std::optional<int> run_git(const std::vector<std::string>& arguments, std::string* output = nullptr) {
  std::vector<char*> argv;
  std::vector<std::string> owned = arguments;
  for (auto& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  int pipe_fds[2] = {-1, -1};
  if (output && pipe(pipe_fds) != 0) return std::nullopt;
  if (output) {
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (output) {
    close(pipe_fds[1]);
    char buffer[65536];
    for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      output->append(buffer, static_cast<std::size_t>(n));
    }
    close(pipe_fds[0]);
  }
  if (spawned != 0) return std::nullopt;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return std::nullopt;
  if (!WIFEXITED(status)) return std::nullopt;
  if (WEXITSTATUS(status) == 127) return std::nullopt; // the shell's "command not found"
  return WEXITSTATUS(status);
}

} // namespace

std::string tracked_state(std::optional<bool> tracked) {
  return !tracked ? "no git" : *tracked ? "tracked" : "untracked";
}

std::optional<bool> GitTracking::tracked(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  if (ec) absolute = file;
  if (const auto it = cache_.find(absolute); it != cache_.end()) return it->second;
  const auto status = run_git({"git", "-C", absolute.parent_path().string(), "-c", "core.fsmonitor=false", "-c",
                               "core.hooksPath=/dev/null", "ls-files", "--error-unmatch", "--",
                               absolute.filename().string()});
  // 0: tracked; 1: not tracked; 128: not a repository (nothing is tracked).
  const std::optional<bool> answer = status ? std::optional<bool>(*status == 0) : std::nullopt;
  cache_[absolute] = answer;
  support::note_input(support::InputKind::git_tracked, absolute, tracked_state(answer));
  return answer;
}

namespace {

/// NUL-separated names → vector.
std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const auto end = text.find('\0', at);
    out.push_back(text.substr(at, end - at));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

} // namespace

std::optional<std::string> git_output(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  // No hooksPath override here: `rev-parse --git-path hooks` must see the
  // real one (rev-parse runs no hook anyway).
  std::vector<std::string> full = {"git", "-C", cwd.string(), "-c", "core.fsmonitor=false"};
  full.insert(full.end(), args.begin(), args.end());
  std::string out;
  if (run_git(full, &out) != 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::vector<std::string> changed_files(const std::string& rev, const std::filesystem::path& cwd) {
  const std::vector<std::string> safe = {"git", "-C", cwd.string(), "-c", "core.fsmonitor=false", "-c",
                                         "core.hooksPath=/dev/null"};
  const auto git = [&](std::vector<std::string> args, std::string& out) {
    args.insert(args.begin(), safe.begin(), safe.end());
    return run_git(args, &out);
  };
  std::string top;
  const auto status = git({"rev-parse", "--show-toplevel"}, top);
  if (!status) throw UsageError("--changed-since needs git, which is not installed");
  if (*status != 0) throw UsageError(fmt::format("--changed-since: {} is not inside a git repository", cwd.string()));
  while (!top.empty() && (top.back() == '\n' || top.back() == '\r')) top.pop_back();
  std::string diff, untracked;
  // `rev^{commit}` makes a typo an error instead of a path.
  if (git({"diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", rev + "^{commit}", "--"}, diff) != 0)
    throw UsageError(fmt::format("--changed-since: `{}` is not a git revision", rev));
  git({"ls-files", "-z", "--others", "--exclude-standard", "--full-name"}, untracked);
  std::set<std::string> files;
  for (const auto& name : split_nul(diff))
    if (!name.empty()) files.insert(name);
  for (const auto& name : split_nul(untracked))
    if (!name.empty()) files.insert(name);
  std::vector<std::string> out;
  std::error_code ec;
  const auto base = std::filesystem::weakly_canonical(cwd, ec);
  for (const auto& name : files) {
    const auto absolute = std::filesystem::path(top) / name;
    if (!std::filesystem::exists(absolute, ec)) continue;
    out.push_back(absolute.lexically_relative(base).generic_string());
  }
  return out;
}

} // namespace claudelint::driver
