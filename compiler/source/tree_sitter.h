#pragma once
// RAII wrappers over the tree-sitter C API. Internal to source/: no other
// module sees tree-sitter types.
#include <memory>
#include <utility>
#include <vector>
#include <string_view>

#include <tree_sitter/api.h>

#include "model/position.h"
#include "source/syntax_cache.h"

extern "C" {
const TSLanguage* tree_sitter_json();
const TSLanguage* tree_sitter_yaml();
const TSLanguage* tree_sitter_bash();
}

namespace claudelint::source::ts {

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

/// Parses `text` with `language`. Never returns null for valid languages;
/// syntax errors appear as ERROR/MISSING nodes in the tree. With a `cache`
/// (an editor buffer's), the previous tree is edited to match `text` and
/// reparsed incrementally, and the new tree is kept for the next parse.
Tree parse(const TSLanguage* language, std::string_view text, SyntaxCache* cache = nullptr);

/// Parses `text` reusing `old`, which must already be edited (ts_tree_edit)
/// to match `text`; null `old` parses from scratch.
Tree reparse(const TSLanguage* language, std::string_view text, const TSTree* old);

inline std::string_view type(TSNode node) { return ts_node_type(node); }
inline std::string_view text(TSNode node, std::string_view source) {
  return source.substr(ts_node_start_byte(node), ts_node_end_byte(node) - ts_node_start_byte(node));
}
/// Byte range of `node`, shifted by `base` (the bytes cut before parsing, e.g. a BOM).
inline model::ByteRange range(TSNode node, std::size_t base) {
  return {ts_node_start_byte(node) + base, ts_node_end_byte(node) + base};
}

/// Calls `visit(child)` for each direct child of `node`, in order. Linear in
/// the number of children (ts_node_child(node, i) is not O(1)).
template <typename Visit> void for_each_child(TSNode node, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do visit(ts_tree_cursor_current_node(&cursor));
    while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

/// The direct children of `node`, in order (linear time).
std::vector<TSNode> children(TSNode node);

/// The previous and next sibling of `node` (null nodes at the ends). Found
/// through the parent: ts_node_prev_sibling mishandles zero-width MISSING nodes.
std::pair<TSNode, TSNode> siblings(TSNode node);

/// Calls `visit(node)` for every node of the tree in document order, without
/// recursion (deep trees cannot overflow the stack). `visit` returns false to
/// skip the node's children.
template <typename Visit> void walk(TSNode root, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool descend = true;
  for (;;) {
    if (descend && visit(ts_tree_cursor_current_node(&cursor)) &&
        ts_tree_cursor_goto_first_child(&cursor))
      continue;
    if (ts_tree_cursor_goto_next_sibling(&cursor)) { descend = true; continue; }
    bool moved = false;
    while (ts_tree_cursor_goto_parent(&cursor)) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) { moved = true; break; }
    }
    if (!moved) break;
    descend = true;
  }
  ts_tree_cursor_delete(&cursor);
}

} // namespace claudelint::source::ts
