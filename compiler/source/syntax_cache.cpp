#include "source/syntax_cache.h"

#include <algorithm>
#include <string>

#include "source/tree_sitter.h"

namespace claudelint::source {

struct SyntaxCache::State {
  const TSLanguage* language = nullptr;
  std::string text; ///< what `tree` was parsed from
  ts::Tree tree;
  Stats stats;
};

SyntaxCache::SyntaxCache() : state_(std::make_unique<State>()) {}
SyntaxCache::~SyntaxCache() = default;

SyntaxCache::Stats SyntaxCache::stats() const {
  std::lock_guard lock(mutex_);
  return state_->stats;
}

std::pair<std::unique_lock<std::mutex>, SyntaxCache::State*> SyntaxCache::lock() {
  return {std::unique_lock(mutex_), state_.get()};
}

namespace {

/// The row and byte column of `offset` in `text`, as tree-sitter counts them.
TSPoint point_at(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const auto rows = std::count(before.begin(), before.end(), '\n');
  const auto line_start = before.rfind('\n');
  const std::size_t column = line_start == std::string_view::npos ? offset : offset - line_start - 1;
  return {static_cast<std::uint32_t>(rows), static_cast<std::uint32_t>(column)};
}

/// The one edit that turns `before` into `after`: everything between their
/// common prefix and common suffix. The editor may have sent many changes
/// since the last check (checks are debounced); one edit spanning them all
/// keeps the reuse correct without replaying each, at the cost of reparsing
/// the stretch between the first and the last change.
TSInputEdit edit_between(std::string_view before, std::string_view after) {
  const std::size_t shorter = std::min(before.size(), after.size());
  const std::size_t prefix =
      static_cast<std::size_t>(std::mismatch(before.begin(), before.begin() + static_cast<std::ptrdiff_t>(shorter),
                                             after.begin())
                                   .first -
                               before.begin());
  std::size_t suffix = 0;
  while (suffix < shorter - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) ++suffix;
  TSInputEdit edit{};
  edit.start_byte = static_cast<std::uint32_t>(prefix);
  edit.old_end_byte = static_cast<std::uint32_t>(before.size() - suffix);
  edit.new_end_byte = static_cast<std::uint32_t>(after.size() - suffix);
  edit.start_point = point_at(before, edit.start_byte);
  edit.old_end_point = point_at(before, edit.old_end_byte);
  edit.new_end_point = point_at(after, edit.new_end_byte);
  return edit;
}

} // namespace

namespace ts {

Tree parse(const TSLanguage* language, std::string_view text, SyntaxCache* cache) {
  if (!cache) return reparse(language, text, nullptr);
  auto [lock, state] = cache->lock();
  ++state->stats.parses;
  const bool reusable = state->tree && state->language == language;
  if (reusable && state->text == text) {
    ++state->stats.unchanged;
    return Tree(ts_tree_copy(state->tree.get()));
  }
  if (reusable) {
    const TSInputEdit edit = edit_between(state->text, text);
    ts_tree_edit(state->tree.get(), &edit);
    ++state->stats.incremental;
  }
  Tree tree;
  try {
    tree = reparse(language, text, reusable ? state->tree.get() : nullptr);
  } catch (...) {
    state->tree.reset(); // edited but not reparsed: no longer matches `state->text`
    throw;
  }
  // The cache keeps its own copy (a reference count, not a deep copy): the
  // caller's tree is theirs to use on any thread and to delete.
  state->tree.reset(ts_tree_copy(tree.get()));
  state->language = language;
  state->text.assign(text);
  return tree;
}

} // namespace ts

} // namespace claudelint::source
