#pragma once
// The last syntax tree of one editor buffer, kept between checks so that
// parsing the buffer's next text reuses every part the edits did not touch
// (tree-sitter incremental parsing). The language server keeps one per open
// document; a check hands it to the loader through driver::Options::Buffer.
#include <cstddef>
#include <memory>
#include <mutex>

namespace claudelint::source {

class SyntaxCache {
public:
  struct Stats {
    std::size_t parses = 0;      ///< parses made with this cache
    std::size_t incremental = 0; ///< of those, how many reused the previous tree
    std::size_t unchanged = 0;   ///< of those, how many found the text unchanged (no parse at all)
  };

  SyntaxCache();
  ~SyntaxCache();
  SyntaxCache(const SyntaxCache&) = delete;
  SyntaxCache& operator=(const SyntaxCache&) = delete;

  Stats stats() const;

  /// Parser state, defined in syntax_cache.cpp; source/ only.
  struct State;
  /// For ts::parse: the state, locked, so that two checks of one buffer
  /// never edit its tree at once.
  std::pair<std::unique_lock<std::mutex>, State*> lock();

private:
  mutable std::mutex mutex_;
  std::unique_ptr<State> state_;
};

} // namespace claudelint::source
