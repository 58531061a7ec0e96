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
/// Every loaded file keeps one entry per value while it is checked (a 10 MB
/// file has about 300,000), so the layout is compact: an entry is eight
/// 32-bit numbers, and it stores only what its pointer adds to its parent's
/// (`/token`), not the whole pointer. Pointers are found through an
/// open-addressing table of entry numbers; no node or string is allocated
/// per entry or per lookup. A pointer's hash is FNV-1a of its text, so a
/// child's is its parent's carried on over the suffix: a reader that knows
/// the parent's entry (Builder) hashes only the suffix.
class SourceMap {
public:
  class Builder;

  /// Sets the span of `pointer`, replacing an earlier one. Throws
  /// std::length_error past 4 GiB of offsets (far past any file-size limit).
  void set(std::string_view pointer, SourceSpan span);
  std::optional<SourceSpan> find(std::string_view pointer) const;
  /// How many pointers it holds.
  std::size_t size() const { return pointers_; }
  /// Room for `entries` pointers of `suffix_bytes` in all, the index sized
  /// for them: a reader that knows its entries sets them without copying.
  void reserve(std::size_t entries, std::size_t suffix_bytes);
  /// Room for the map of a `bytes`-long text, so that building it rarely
  /// copies what it holds: at most one entry per 8 bytes, the density of
  /// dense configs (the benchmark's average 26–34 bytes). Past that it grows.
  void reserve_for_text(std::size_t bytes);
  /// Gives back what growing left unused, once the map is complete.
  void shrink_to_fit();
  /// All pointers, sorted, for tests and deterministic iteration.
  std::vector<std::string> pointers() const;

private:
  static constexpr std::uint32_t none = UINT32_MAX;
  struct Entry {
    std::uint32_t parent;        ///< entry whose pointer this one extends, or none
    std::uint32_t suffix_offset; ///< in text_: what this pointer adds to the parent's
    std::uint32_t suffix_length;
    std::uint32_t hash;          ///< of the whole pointer (hash_of)
    std::uint32_t key_begin, key_end; ///< key_begin == none: no key
    std::uint32_t value_begin, value_end;
  };
  /// A place in the index: which entry (0: none, else 1 + its index) and
  /// the hash of its pointer, so that probing and growing compare and
  /// re-place entries without touching their text.
  struct Slot {
    std::uint32_t entry;
    std::uint32_t hash;
  };
  static constexpr std::uint32_t empty_pointer_hash = 2166136261u; ///< FNV-1a's offset basis
  /// FNV-1a of `text` carried on from `hash`: hash_of(p + s) == extend_hash(hash_of(p), s).
  static std::uint32_t extend_hash(std::uint32_t hash, std::string_view text);
  static std::uint32_t hash_of(std::string_view pointer) { return extend_hash(empty_pointer_hash, pointer); }
  /// Where probing for `hash` starts: FNV's low bits alone cluster.
  static std::size_t home_slot(std::uint32_t hash, std::size_t mask);
  /// Enters entry `index` into the index (sized for it): a later entry with
  /// the same pointer takes the earlier one's place.
  void index_entry(std::uint32_t index);
  /// The whole pointer of entry `index`.
  std::string pointer_of(std::uint32_t index) const;
  /// Whether entry `index` has the pointer `pointer`: its suffix ends it,
  /// and its parent's pointer is the rest.
  bool holds(std::uint32_t index, std::string_view pointer) const;
  /// The slot holding `pointer`, or the empty slot where it belongs.
  std::size_t slot_of(std::string_view pointer, std::uint32_t hash) const;
  /// The entry of `pointer`, or none.
  std::uint32_t index_of(std::string_view pointer) const;
  void grow();
  /// Rebuilds the index with `slots` slots (a larger power of two).
  void resize_index(std::size_t slots);

  std::string text_;           ///< every entry's suffix, one after the other
  std::vector<Entry> entries_; ///< in the order they were set
  std::vector<Slot> slots_;    ///< open addressing, a power of two long, at most half full
  std::uint32_t last_parent_ = none; ///< siblings come together: their parent, found once
  std::size_t pointers_ = 0;         ///< entries_ less those a later entry of the same pointer replaced
};

/// Builds a map from a walk that meets each value once, parents before
/// children, as a reader does: nothing is looked up while it builds, and the
/// index is made once, at its final size, when the map is taken. Entries
/// are numbered in the order they are added.
class SourceMap::Builder {
public:
  static constexpr std::uint32_t no_parent = SourceMap::none;
  /// Room for the map of a `bytes`-long text (as SourceMap::reserve_for_text).
  explicit Builder(std::size_t text_bytes);
  /// Room for exactly `entries` entries of `suffix_bytes` in all.
  Builder(std::size_t entries, std::size_t suffix_bytes);
  /// Adds the pointer of entry `parent` followed by `suffix` ("/token",
  /// escaped; the root: no_parent and ""), and returns its entry. Should a
  /// pointer come twice, the later entry is the one found.
  std::uint32_t add(std::uint32_t parent, std::string_view suffix, SourceSpan span);
  /// Replaces the span of an entry added before: a collection's, once it closes.
  void set_span(std::uint32_t entry, SourceSpan span);
  /// The map, indexed.
  SourceMap take() &&;

private:
  SourceMap map_;
};

/// Appends one reference token to a pointer, escaping `~` and `/`.
std::string append_pointer(std::string_view pointer, std::string_view token);
std::string append_pointer(std::string_view pointer, std::size_t index);
/// The same, in place: for walks that extend one pointer and cut it back.
void push_pointer_token(std::string& pointer, std::string_view token);
void push_pointer_index(std::string& pointer, std::size_t index);
/// The value at JSON pointer `pointer` in `document`, or nullptr when there
/// is none or the pointer is malformed (as nlohmann's json_pointer reads
/// it, without building one: lookups are on hot paths).
const nlohmann::json* find_value(const nlohmann::json& document, std::string_view pointer);

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
