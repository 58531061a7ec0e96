#pragma once
#include <filesystem>
#include <string_view>

namespace claudelint::support {

/// Replaces the file at `path` with exactly `bytes`, so that readers (and a
/// crash at any point) see either the old content or the new one, never a mix.
/// Creates missing parent directories, writes a temporary file
/// `.<name>.tmp-<pid>-<counter>` in the same directory (mode 0644 minus the
/// umask), fsyncs it, renames it over `path` and fsyncs the directory. A
/// symbolic link at `path` is replaced, not written through. On failure the
/// temporary file is removed, `path` keeps its old content, and
/// claudelint::Error is thrown naming `path` and the system's reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// True when `path` is an existing regular file (symbolic links followed)
/// holding exactly `bytes`; false when it is missing, is not a regular file,
/// or differs. Throws claudelint::Error when it exists but cannot be read.
bool file_has_content(const std::filesystem::path& path, std::string_view bytes);

} // namespace claudelint::support
