#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/position.h"

namespace claudelint::model {

/// Where one value of a document is written. `key` is the range of the
/// mapping key that introduced the value (absent for the root and for array
/// items); `value` is the range of the value itself. For a value reached
/// through a YAML alias, `value` is the alias and `key` the key using it.
struct SourceSpan {
  std::optional<ByteRange> key;
  ByteRange value;
};

/// JSON Pointer (RFC 6901) -> SourceSpan for every key and value of a
/// document, including the root ("").
///
/// Every loaded file keeps one entry per value until the run ends, so the
/// layout is compact: the pointers share one string, the entries one vector,
/// and an open-addressing table of entry numbers finds them (no node or
/// string allocation per entry, no allocation per lookup).
class SourceMap {
public:
  /// Sets the span of `pointer`, replacing an earlier one.
  void set(std::string_view pointer, SourceSpan span);
  const SourceSpan* find(std::string_view pointer) const;
  std::size_t size() const { return entries_.size(); }
  /// Gives back what growing left unused, once the map is complete.
  void shrink_to_fit();
  /// All pointers, sorted, for tests and deterministic iteration.
  std::vector<std::string> pointers() const;

private:
  struct Entry {
    std::uint32_t offset; ///< of the pointer in text_
    std::uint32_t length;
    SourceSpan span;
  };
  /// A place in the index: which entry (0: none, else 1 + its index) and
  /// the hash of its pointer, so that probing and growing compare and
  /// re-place entries without touching their text.
  struct Slot {
    std::uint32_t entry;
    std::uint32_t hash;
  };
  std::string_view pointer_of(const Entry& e) const { return std::string_view(text_).substr(e.offset, e.length); }
  static std::uint32_t hash_of(std::string_view pointer);
  /// The slot holding `pointer`, or the empty slot where it belongs.
  std::size_t slot_of(std::string_view pointer, std::uint32_t hash) const;
  void grow();

  std::string text_;           ///< every pointer, one after the other
  std::vector<Entry> entries_; ///< in the order they were set
  std::vector<Slot> slots_;    ///< open addressing, a power of two long, at most half full
};

/// Appends one reference token to a pointer, escaping `~` and `/`.
std::string append_pointer(std::string_view pointer, std::string_view token);
std::string append_pointer(std::string_view pointer, std::size_t index);
/// The same, in place: for walks that extend one pointer and cut it back.
void push_pointer_token(std::string& pointer, std::string_view token);
void push_pointer_index(std::string& pointer, std::size_t index);

/// A comment found in a file, with its text (including the marker).
struct Comment {
  ByteRange range;
  std::string text;
};

/// One loaded document: the value, where each part of it is written, and the
/// file it came from. A YAML stream yields one Document per `---` document.
struct Document {
  FileId file = 0;
  nlohmann::json value;
  SourceMap map;
  /// True when syntax errors cut parts of the input out of `value`; later
  /// stages must not report those parts as missing.
  bool partial = false;
};

} // namespace claudelint::model
