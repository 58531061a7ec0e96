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
  /// Why `bytes` is absent: "cannot open file" or "read error" (empty otherwise).
  std::string error;
  /// Set when the file is larger than the limit: its size, and nothing was read.
  std::optional<std::uintmax_t> too_large;
};

/// Reads the file at `path` (symbolic links followed) whole: one open, one
/// fstat and, for a regular file, one read of all its bytes (and an empty
/// one that confirms the end). A file of more than `max_bytes`
/// bytes is not read.
FileBytes read_whole_file(const std::filesystem::path& path,
                          std::uintmax_t max_bytes = std::numeric_limits<std::uintmax_t>::max());

} // namespace claudelint::support
