#pragma once
#include <cstddef>
#include <cstdint>

namespace claudelint::support {

/// Resource caps applied to every loaded file, so hostile input is reported
/// in bounded time and memory instead of exhausting the machine.
struct Limits {
  /// Largest file read, in bytes; larger files get one error diagnostic.
  std::size_t max_file_bytes = 64u * 1024u * 1024u;
  /// Deepest nesting of mappings/sequences (objects/arrays) accepted.
  unsigned max_depth = 200;
  /// Most value nodes one document may materialise through YAML aliases
  /// (billion-laughs guard). Counted per document, after expansion.
  std::size_t max_alias_nodes = 100'000;
};

} // namespace claudelint::support
