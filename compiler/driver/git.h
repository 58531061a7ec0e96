#pragma once
// Asks git whether files are tracked, for the rule that keeps key files out
// of the repository. git runs with hooks and fsmonitor disabled: a hostile
// repository's config must not make claudelint execute anything.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace claudelint::driver {

class GitTracking {
public:
  /// True when git tracks `file`, false when it does not (or the file is
  /// not in a repository), nullopt when git is not installed. Cached.
  std::optional<bool> tracked(const std::filesystem::path& file);

private:
  std::map<std::filesystem::path, std::optional<bool>> cache_;
};

/// An answer of GitTracking::tracked as noted for `check --cache`:
/// "tracked", "untracked" or "no git".
std::string tracked_state(std::optional<bool> tracked);

/// git's stdout for `args` run in `cwd` (fsmonitor disabled),
/// without the trailing newline; nullopt when git is missing or fails.
std::optional<std::string> git_output(const std::vector<std::string>& args, const std::filesystem::path& cwd);

/// The files changed since git revision `rev` in the repository around
/// `cwd` (committed, staged, unstaged and untracked-but-not-ignored), as
/// paths relative to `cwd`, sorted. Throws UsageError when git is missing,
/// `cwd` is not in a repository, or `rev` is not a revision.
std::vector<std::string> changed_files(const std::string& rev, const std::filesystem::path& cwd);

} // namespace claudelint::driver
