#pragma once
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace claudelint::support {

/// Replaces the file at `path` with exactly `bytes`, so that readers (and a
/// crash at any point) see either the old content or the new one, never a mix.
/// Creates missing parent directories, writes a temporary file
/// `.<name>.tmp-<pid>-<counter>` in the same directory (mode 0644 minus the
/// umask) while holding an exclusive flock(2) on it, fsyncs it, renames it
/// over `path` and fsyncs the directory. A symbolic link at `path` is
/// replaced, not written through. On failure the temporary file is removed,
/// `path` keeps its old content, and claudelint::Error is thrown naming
/// `path` and the system's reason. A process killed mid-write (SIGKILL, power
/// loss) leaves its temporary file behind, never a partial `path`:
/// remove_abandoned_temporaries clears such files.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// Removes from `directory` (not below it) every temporary file that
/// write_file_atomically left when its process died before renaming it: a
/// regular file named `.<name>.tmp-<pid>-<counter>` that no live writer holds
/// a lock on. Files of writers still running, and every other file, are left
/// alone; a missing or unreadable directory, or a file that cannot be
/// removed, is skipped silently (the next run tries again). Returns how many
/// files were removed.
std::size_t remove_abandoned_temporaries(const std::filesystem::path& directory);

/// True when `name` (a file name, no folder) has the form of
/// write_file_atomically's temporary files, `.<name>.tmp-<pid>-<counter>`.
bool is_atomic_temporary_name(std::string_view name);

/// True when `path` is an existing regular file (symbolic links followed)
/// holding exactly `bytes`; false when it is missing, is not a regular file,
/// or differs. Throws claudelint::Error when it exists but cannot be read.
bool file_has_content(const std::filesystem::path& path, std::string_view bytes);

} // namespace claudelint::support
