#pragma once
// `given` patterns: JSON Pointers whose `*` segments match every key or
// index there and whose `**` segments match any depth. Each match keeps
// what its `*`s matched ($1, $2 …).
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace claudelint::rules {

struct Match {
  std::string pointer;                 ///< the concrete pointer
  const nlohmann::json* value = nullptr; ///< null when the last literal segments are absent
  std::vector<std::string> captures;   ///< what each `*` matched, unescaped
};

/// A match as for_each_match hands it over: valid during the call only.
struct MatchView {
  const std::string& pointer;
  const nlohmann::json* value;
  const std::vector<std::string>& captures;
};

/// A pattern split into its unescaped segments once, when its rule is read.
class Pattern {
public:
  enum class Segment { literal, any_key, any_depth }; ///< a name, `*`, `**`

  explicit Pattern(const std::string& pattern);
  const std::vector<std::string>& segments() const { return segments_; }
  const std::vector<Segment>& kinds() const { return kinds_; }
  /// Two `**` or more: a value can be reached along several paths.
  bool repeats() const { return any_depth_ > 1; }
  bool has_any_depth() const { return any_depth_ > 0; }

private:
  std::vector<std::string> segments_;
  std::vector<Segment> kinds_; ///< of each segment
  std::size_t any_depth_ = 0;
};

/// Calls `visit` for every match of `pattern` in `document`, each pointer
/// once, in document order. Wildcards expand over what exists; when literal
/// segments after the last expansion are absent, one match with a null
/// value stands for the missing value (so `exists` can report it). The
/// rule engine asks this of every rule in every environment, so nothing is
/// allocated per node: the pointer is built in one buffer as the walk goes.
void for_each_match(const nlohmann::json& document, const Pattern& pattern,
                    const std::function<void(const MatchView&)>& visit);

/// Every match of `pattern` in `document`, as for_each_match finds them,
/// sorted by pointer.
std::vector<Match> select(const nlohmann::json& document, const std::string& pattern);

/// `pattern` with `$1`, `$2` … replaced by the captures (escaped as pointer
/// tokens when `as_pointer`).
std::string substitute(const std::string& pattern, const std::vector<std::string>& captures, bool as_pointer);

} // namespace claudelint::rules
