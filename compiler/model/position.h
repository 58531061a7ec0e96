#pragma once
#include <cstddef>
#include <cstdint>

namespace claudelint::model {

/// Index of a file in a SourceManager; stable for the whole run.
using FileId = std::uint32_t;

/// Half-open byte range [begin, end) within one file. Bytes are the truth;
/// lines and columns are derived from them at render time.
struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// A byte range in a given file.
struct Range {
  FileId file = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const Range&, const Range&) = default;
};

/// 1-based line and 1-based column counted in bytes.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  friend bool operator==(const Position&, const Position&) = default;
};

} // namespace claudelint::model
