#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "source/file_kind.h"

namespace claudelint::source {

/// A config file found by the walk.
struct FoundFile {
  std::filesystem::path path; ///< path to open
  std::string display;        ///< relative to the working directory when under it, '/'-separated
  FileKind kind;
};

/// A path the walk did not enter or read, and why (symlink loop, link out of
/// the scanned root, broken link, unrecognised explicit file, a FIFO or a
/// device named like a config file).
struct SkippedPath {
  std::string display;
  std::string reason;
};

struct Discovery {
  std::vector<FoundFile> files;    ///< sorted by display path, no duplicates
  std::vector<SkippedPath> skipped; ///< sorted by display path
};

/// Walks `roots` (files or directories). Directories are searched for
/// recognised config files, skipping VCS, dependency and build folders; a
/// symlink is followed only while it stays inside the root it was found under.
/// Throws UsageError when a root does not exist.
Discovery discover(const std::vector<std::string>& roots, const std::filesystem::path& cwd);

/// True for folder names the walk never enters (`.git`, `node_modules`, build outputs).
bool is_ignored_directory(std::string_view name);

/// The display form of `path`: relative to `cwd` when inside it, '/'-separated.
std::string display_path(const std::filesystem::path& path, const std::filesystem::path& cwd);

} // namespace claudelint::source
