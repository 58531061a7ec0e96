#pragma once
// Plain YAML: one document of block mappings and sequences whose keys and
// values are one-line plain or quoted scalars without escapes. Most config
// files are that, and both yaml-cpp and tree-sitter-yaml read them alike, so
// their events can come from a cheaper source than yaml-cpp: the syntax tree
// (PlainEvents in yaml_loader.cpp) or the text itself (read_plain_yaml).
// Anything outside that subset goes to yaml-cpp; differential tests and the
// YAML fuzz target hold all three to the same result.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.h"

namespace YAML {
class EventHandler;
}

namespace claudelint::source::yaml_plain {

/// Where nodes end, as the syntax tree tells: for each start byte of a
/// flow_node/block_node, the smallest and largest end of a node starting
/// there (a mapping and its first key start at the same byte). Nodes are
/// added (best in the order of their starts), then sealed once into a
/// sorted array: a 10 MB file has a million nodes, and a hash-map node each
/// cost a sixth of reading it.
class NodeExtents {
public:
  void reserve(std::size_t nodes) { nodes_.reserve(nodes); }
  /// Adds a node; returns its index, for set_end.
  std::size_t add(std::uint32_t start, std::uint32_t end) {
    nodes_.push_back({start, end, end});
    return nodes_.size() - 1;
  }
  /// The end of the node `add` returned `index` for, known later.
  void set_end(std::size_t index, std::uint32_t end) { nodes_[index].min_end = nodes_[index].max_end = end; }
  /// Called once all nodes are added. `usable`: the ends can be trusted
  /// (a tree without errors).
  void seal(bool usable);
  bool usable() const { return usable_; }
  /// The smallest and the largest end of the nodes starting at `start`.
  std::optional<std::uint32_t> smallest_end(std::uint32_t start) const;
  std::optional<std::uint32_t> largest_end(std::uint32_t start) const;

private:
  struct Node {
    std::uint32_t start, min_end, max_end;
  };
  const Node* find(std::uint32_t start) const;

  std::vector<Node> nodes_;
  bool usable_ = false;
};

/// One of the events yaml-cpp's parser sends for a plain document. Sixteen
/// bytes: a 10 MB file sends a million, and a string in each was a third of
/// reading it. A scalar's value is a slice of the text, or of
/// Events::unquoted where the text holds it escaped (`'it''s'`).
struct Event {
  enum class Kind : std::uint8_t { map_start, map_end, sequence_start, sequence_end, scalar } kind;
  bool plain = false;    ///< a plain (unquoted) scalar, resolved by YAML's core schema
  bool unquoted = false; ///< the value is in Events::unquoted, not in the text
  std::uint32_t pos = 0;
  std::uint32_t value_begin = 0, value_size = 0;
};

/// A plain document's events, sent in the order yaml-cpp would send them.
/// Positions fit in 32 bits: both readers take only smaller texts.
struct Events {
  std::vector<Event> events;
  std::string unquoted; ///< scalar values that differ from their text
  std::size_t document_start = 0;

  void collection(Event::Kind kind, std::size_t pos) {
    events.push_back({kind, false, false, static_cast<std::uint32_t>(pos), 0, 0});
  }
  /// A scalar at `pos` whose value is text[begin, begin + size).
  void scalar(std::size_t pos, bool plain, std::size_t begin, std::size_t size) {
    events.push_back({Event::Kind::scalar, plain, false, static_cast<std::uint32_t>(pos),
                      static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(size)});
  }
  /// A single-quoted scalar at `pos`; `inner` is its text between the
  /// quotes, a slice of the text the events are read from, where `''`
  /// stands for `'`.
  void single_quoted_scalar(std::size_t pos, std::string_view text, std::string_view inner);
  /// Sends the events; `text` is the one they were read from.
  void replay(YAML::EventHandler& handler, std::string_view text) const;
};

/// A plain file read straight from its text: the events, the comments (as
/// the syntax tree gives them, without `base`) and the extents of every node.
struct TextReading {
  Events events;
  std::vector<model::Comment> comments;
  NodeExtents extents;
  std::size_t deepest = 0; ///< the most collections open at once
};

/// Text both parsers read byte for byte alike: no tab, no other control
/// character (the grammar stops at a NUL, yaml-cpp refuses it), and none of
/// the characters YAML 1.1 breaks lines at (NEL, LS, PS) or a BOM.
bool plain_text(std::string_view text);

/// Reads `text` when it is plain YAML (and in a stricter subset still: no
/// CR, non-ASCII only in comments and quoted scalars, the root a block
/// collection, `---` only as the first line); nullopt otherwise, without
/// a diagnostic: the syntax tree or yaml-cpp then reads the file.
std::optional<TextReading> read_plain_yaml(std::string_view text);

} // namespace claudelint::source::yaml_plain
