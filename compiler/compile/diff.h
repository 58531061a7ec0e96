#pragma once
// The semantic diff of two JSON documents (two environments' compiled
// configs), pointer by pointer: what `claudelint diff staging production`
// reports. Key order, number spelling (1 vs 1.0) and the order of list items
// that carry an identity key do not count as differences.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace claudelint::compile {

enum class ChangeKind { added, removed, changed, type_changed };

/// One difference between `before` and `after`.
struct Change {
  ChangeKind kind = ChangeKind::changed;
  /// RFC 6901 pointer in `after`; for `removed`, in `before`.
  std::string pointer;
  /// RFC 6901 pointer in `before`; empty for `added`. Differs from `pointer`
  /// when list items matched by key moved.
  std::string before_pointer;
  /// The path for people: like `pointer`, but list items matched by an
  /// identity key are shown by it, e.g.
  /// `/deployment/instances/[region=us-east-1]/count`. Empty for the root.
  std::string label;
  /// The value on each side; absent for the side a value was added to or
  /// removed from. An added or removed subtree is one change holding it whole.
  std::optional<nlohmann::json> before, after;
};

/// The keys tried, in this order, to match the items of two lists: the first
/// one that every item of both lists has, with a string or number value
/// unique within its list.
inline constexpr std::array<std::string_view, 5> identity_keys{"name", "id", "region", "type", "key"};

/// Every difference from `before` to `after`, recursively: objects key by
/// key; scalars by value (numbers numerically); a different JSON type is one
/// `type_changed` with no recursion; lists of objects by identity key (see
/// `identity_keys`), other lists index by index plus an added/removed tail.
/// Sorted by label (segment by segment, list indices numerically) then kind,
/// so the result is deterministic.
std::vector<Change> diff(const nlohmann::json& before, const nlohmann::json& after);

/// The parts of a compiled document that always differ between environments.
inline constexpr std::array<std::string_view, 2> environment_specific_keys{"environment", "files"};

/// diff() of two compiled environments, without the keys that always differ
/// (environment_specific_keys) at the root: what diffs and parity compare.
std::vector<Change> diff_environments(const nlohmann::json& before, const nlohmann::json& after);

/// "added", "removed", "changed", "type_changed".
const char* to_string(ChangeKind kind);

} // namespace claudelint::compile
