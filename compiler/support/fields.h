#pragma once
// Length-prefixed fields: a byte string that several strings are packed
// into so that no two different sequences of fields pack alike ("ab", "c"
// and "a", "bc" differ), for hashing keys and storing cache entries.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace claudelint::support {

/// The prefix of a field of `size` bytes: the size as 8 little-endian bytes.
inline std::string field_prefix(std::uint64_t size) {
  std::string prefix(8, '\0');
  for (std::size_t i = 0; i < 8; ++i, size >>= 8) prefix[i] = static_cast<char>(size & 0xFF);
  return prefix;
}

/// Appends `bytes` to `out` as one field: its prefix, then the bytes.
inline void append_field(std::string& out, std::string_view bytes) {
  out += field_prefix(bytes.size());
  out.append(bytes);
}

/// Reads back the fields `append_field` packed, never past the end.
class FieldReader {
public:
  explicit FieldReader(std::string_view packed) : rest_(packed) {}

  /// The next field, or nullopt when what is left is too short to hold it.
  std::optional<std::string_view> next() {
    if (rest_.size() < 8) return std::nullopt;
    std::uint64_t size = 0;
    for (int i = 7; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(rest_[static_cast<std::size_t>(i)]);
    rest_.remove_prefix(8);
    if (size > rest_.size()) return std::nullopt;
    const std::string_view field = rest_.substr(0, static_cast<std::size_t>(size));
    rest_.remove_prefix(static_cast<std::size_t>(size));
    return field;
  }

  /// True when every field has been read.
  bool done() const { return rest_.empty(); }

private:
  std::string_view rest_;
};

} // namespace claudelint::support
