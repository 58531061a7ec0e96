#pragma once
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

namespace claudelint::support {

/// What reading a whole file gave: its bytes, or why there are none.
struct FileBytes {
  /// The content; absent when the file could not be read or is too large.
  std::optional<std::string> bytes;
  /// Why `bytes` is absent: "cannot open file: <reason>", "not a regular
  /// file but a FIFO" (or a device, directory, socket) or "read error:
  /// <reason>" (empty otherwise).
  std::string error;
  /// Set when the file is larger than the limit: its size, and nothing was read.
  std::optional<std::uintmax_t> too_large;
  /// The permission bits of a regular file that could be opened, unless
  /// its filesystem only pretends to have them (FAT, exFAT, NTFS, SMB:
  /// every file shows the mount's mode).
  std::optional<unsigned> mode;
};

/// Why a file of `type` (not a regular file) is not read, e.g. "not a
/// regular file but a FIFO".
std::string not_regular_reason(std::filesystem::file_type type);

/// Reads the file at `path` (symbolic links followed) whole: one open, one
/// fstat and, for a regular file, one read of all its bytes (and an empty
/// one that confirms the end). Never blocks on opening, and reads only
/// regular files, so a FIFO or a device such as /dev/zero is an error, not a
/// hang. Its permission bits come from the open file (and its filesystem's
/// type), not from more lookups of the path. A file of more than `max_bytes` bytes is not read, and one that
/// grows past it while being read stops being read there.
FileBytes read_whole_file(const std::filesystem::path& path,
                          std::uintmax_t max_bytes = std::numeric_limits<std::uintmax_t>::max());

} // namespace claudelint::support
