#include "source/tree_sitter.h"

#include <stdexcept>

namespace claudelint::source::ts {

Tree reparse(const TSLanguage* language, std::string_view text, const TSTree* old) {
  // A parser is cheap to keep and costly to create; one per thread.
  thread_local std::unique_ptr<TSParser, void (*)(TSParser*)> parser(ts_parser_new(), ts_parser_delete);
  if (!ts_parser_set_language(parser.get(), language))
    throw std::logic_error("tree-sitter grammar ABI does not match the runtime");
  TSTree* tree = ts_parser_parse_string(parser.get(), old, text.data(),
                                        static_cast<std::uint32_t>(text.size()));
  if (!tree) throw std::runtime_error("tree-sitter parse failed");
  return Tree(tree);
}

std::vector<TSNode> children(TSNode node) {
  std::vector<TSNode> out;
  out.reserve(ts_node_child_count(node));
  for_each_child(node, [&](TSNode child) { out.push_back(child); });
  return out;
}

std::pair<TSNode, TSNode> siblings(TSNode node) {
  const TSNode parent = ts_node_parent(node);
  TSNode none{};
  if (ts_node_is_null(parent)) return {none, none};
  const std::uint32_t count = ts_node_child_count(parent);
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!ts_node_eq(ts_node_child(parent, i), node)) continue;
    return {i > 0 ? ts_node_child(parent, i - 1) : none, i + 1 < count ? ts_node_child(parent, i + 1) : none};
  }
  return {none, none};
}

} // namespace claudelint::source::ts
