#include "driver/git.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

extern char** environ;

namespace claudelint::driver {

namespace {

/// Runs git with `arguments`, its output discarded; the exit status, or
/// nullopt when git cannot be started.
std::optional<int> run_git(const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  std::vector<std::string> owned = arguments;
  for (auto& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return std::nullopt;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return std::nullopt;
  if (!WIFEXITED(status)) return std::nullopt;
  if (WEXITSTATUS(status) == 127) return std::nullopt; // the shell's "command not found"
  return WEXITSTATUS(status);
}

} // namespace

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
  return answer;
}

} // namespace claudelint::driver
