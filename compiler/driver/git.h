#pragma once
// Asks git whether files are tracked, for the rule that keeps key files out
// of the repository. git runs with hooks and fsmonitor disabled: a hostile
// repository's config must not make claudelint execute anything.
#include <filesystem>
#include <map>
#include <optional>

namespace claudelint::driver {

class GitTracking {
public:
  /// True when git tracks `file`, false when it does not (or the file is
  /// not in a repository), nullopt when git is not installed. Cached.
  std::optional<bool> tracked(const std::filesystem::path& file);

private:
  std::map<std::filesystem::path, std::optional<bool>> cache_;
};

} // namespace claudelint::driver
