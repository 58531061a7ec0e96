#include "compile/diff.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include "model/document.h"

namespace claudelint::compile {

using nlohmann::json;

namespace {

/// JSON types as the diff sees them: the three number representations are
/// one type, so 1 and 1.0 compare by value.
enum class Type { null, boolean, number, string, array, object, other };

Type type_of(const json& v) {
  switch (v.type()) {
  case json::value_t::null: return Type::null;
  case json::value_t::boolean: return Type::boolean;
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
  case json::value_t::number_float: return Type::number;
  case json::value_t::string: return Type::string;
  case json::value_t::array: return Type::array;
  case json::value_t::object: return Type::object;
  default: return Type::other;
  }
}

/// One step of a label, kept apart so that sorting compares list indices as
/// numbers and never confuses `/a/b` with `/a-b`.
struct Segment {
  bool is_index = false;
  std::size_t index = 0;
  std::string text;

  friend bool operator<(const Segment& x, const Segment& y) {
    if (x.is_index != y.is_index) return x.is_index;
    if (x.is_index) return x.index < y.index;
    return x.text < y.text;
  }
};

struct Entry {
  std::vector<Segment> path;
  Change change;
};

/// Text naming an identity value: strings as they are, numbers in one
/// spelling (1 and 1.0 are the same item).
std::string identity_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::trunc(d) == d && std::fabs(d) < 9.0e15) return std::to_string(static_cast<std::int64_t>(d));
  }
  return v.dump();
}

/// An item's identity: whether it is a string (a string "1" and a number 1
/// are different items) and its text.
using Identity = std::pair<bool, std::string>;

/// The identity of each item of `list` under `key`, or nullopt when some
/// item lacks it, it is not a string or number, or two items share it.
std::optional<std::vector<Identity>> identities(const json& list, std::string_view key) {
  std::vector<Identity> out;
  std::set<Identity> seen;
  for (const auto& item : list) {
    if (!item.is_object()) return std::nullopt;
    const auto it = item.find(key);
    if (it == item.end() || !(it->is_string() || it->is_number())) return std::nullopt;
    Identity id{it->is_string(), identity_text(*it)};
    if (!seen.insert(id).second) return std::nullopt;
    out.push_back(std::move(id));
  }
  return out;
}

class Differ {
public:
  std::vector<Entry> entries;
  bool skip_environment_specific_keys = false; ///< at the root

  void walk(const json& before, const json& after, const std::string& before_pointer, const std::string& pointer,
            const std::string& label, std::vector<Segment>& path) {
    const Type tb = type_of(before), ta = type_of(after);
    if (tb != ta) {
      emit(path, {ChangeKind::type_changed, pointer, before_pointer, label, before, after});
      return;
    }
    switch (ta) {
    case Type::object: walk_object(before, after, before_pointer, pointer, label, path); return;
    case Type::array: walk_array(before, after, before_pointer, pointer, label, path); return;
    default:
      if (before != after) emit(path, {ChangeKind::changed, pointer, before_pointer, label, before, after});
      return;
    }
  }

private:
  void emit(const std::vector<Segment>& path, Change change) { entries.push_back({path, std::move(change)}); }

  void added(const json& value, const std::string& pointer, const std::string& label, std::vector<Segment>& path) {
    emit(path, {ChangeKind::added, pointer, std::string(), label, std::nullopt, value});
  }

  void removed(const json& value, const std::string& before_pointer, const std::string& label,
               std::vector<Segment>& path) {
    emit(path, {ChangeKind::removed, before_pointer, before_pointer, label, value, std::nullopt});
  }

  void walk_object(const json& before, const json& after, const std::string& before_pointer, const std::string& pointer,
                   const std::string& label, std::vector<Segment>& path) {
    std::set<std::string> keys;
    for (const auto& [key, value] : before.items()) keys.insert(key);
    for (const auto& [key, value] : after.items()) keys.insert(key);
    for (const auto& key : keys) {
      if (skip_environment_specific_keys && path.empty() &&
          std::find(environment_specific_keys.begin(), environment_specific_keys.end(), key) !=
              environment_specific_keys.end())
        continue;
      const auto b = before.find(key);
      const auto a = after.find(key);
      // Equal values hold no change: no pointers to build for them.
      if (b != before.end() && a != after.end() && *b == *a) continue;
      path.push_back({false, 0, key});
      const std::string child_label = model::append_pointer(label, key);
      if (b == before.end())
        added(*a, model::append_pointer(pointer, key), child_label, path);
      else if (a == after.end())
        removed(*b, model::append_pointer(before_pointer, key), child_label, path);
      else
        walk(*b, *a, model::append_pointer(before_pointer, key), model::append_pointer(pointer, key), child_label,
             path);
      path.pop_back();
    }
  }

  void walk_array(const json& before, const json& after, const std::string& before_pointer, const std::string& pointer,
                  const std::string& label, std::vector<Segment>& path) {
    if (before == after) return;
    if (!(before.empty() && after.empty())) {
      for (const std::string_view key : identity_keys) {
        auto ids_before = identities(before, key);
        if (!ids_before) continue;
        auto ids_after = identities(after, key);
        if (!ids_after) continue;
        walk_keyed(before, after, key, *ids_before, *ids_after, before_pointer, pointer, label, path);
        return;
      }
    }
    const std::size_t common = std::min(before.size(), after.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
      path.push_back({true, i, {}});
      const std::string child_label = model::append_pointer(label, i);
      if (i < common)
        walk(before[i], after[i], model::append_pointer(before_pointer, i), model::append_pointer(pointer, i),
             child_label, path);
      else
        added(after[i], model::append_pointer(pointer, i), child_label, path);
      path.pop_back();
    }
    for (std::size_t i = common; i < before.size(); ++i) {
      path.push_back({true, i, {}});
      removed(before[i], model::append_pointer(before_pointer, i), model::append_pointer(label, i), path);
      path.pop_back();
    }
  }

  void walk_keyed(const json& before, const json& after, std::string_view key, const std::vector<Identity>& ids_before,
                  const std::vector<Identity>& ids_after, const std::string& before_pointer, const std::string& pointer,
                  const std::string& label, std::vector<Segment>& path) {
    std::map<Identity, std::size_t> index_before;
    for (std::size_t i = 0; i < ids_before.size(); ++i) index_before.emplace(ids_before[i], i);
    std::vector<bool> matched(before.size(), false);
    for (std::size_t i = 0; i < after.size(); ++i) {
      const std::string segment = item_segment(key, ids_after[i]);
      path.push_back({false, 0, segment});
      const std::string child_label = model::append_pointer(label, segment);
      const auto it = index_before.find(ids_after[i]);
      if (it == index_before.end()) {
        added(after[i], model::append_pointer(pointer, i), child_label, path);
      } else {
        matched[it->second] = true;
        walk(before[it->second], after[i], model::append_pointer(before_pointer, it->second),
             model::append_pointer(pointer, i), child_label, path);
      }
      path.pop_back();
    }
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (matched[i]) continue;
      const std::string segment = item_segment(key, ids_before[i]);
      path.push_back({false, 0, segment});
      removed(before[i], model::append_pointer(before_pointer, i), model::append_pointer(label, segment), path);
      path.pop_back();
    }
  }

  /// `[region=us-east-1]`: how a label names a list item matched by key.
  static std::string item_segment(std::string_view key, const Identity& id) {
    std::string out = "[";
    out.append(key);
    out += '=';
    out += id.second;
    out += ']';
    return out;
  }
};

} // namespace

namespace {

std::vector<Change> run_diff(const json& before, const json& after, bool skip_environment_specific_keys) {
  Differ differ;
  differ.skip_environment_specific_keys = skip_environment_specific_keys;
  std::vector<Segment> path;
  differ.walk(before, after, "", "", "", path);
  std::sort(differ.entries.begin(), differ.entries.end(), [](const Entry& x, const Entry& y) {
    return std::tie(x.path, x.change.kind, x.change.pointer, x.change.before_pointer) <
           std::tie(y.path, y.change.kind, y.change.pointer, y.change.before_pointer);
  });
  std::vector<Change> out;
  out.reserve(differ.entries.size());
  for (auto& entry : differ.entries) out.push_back(std::move(entry.change));
  return out;
}

} // namespace

std::vector<Change> diff(const json& before, const json& after) { return run_diff(before, after, false); }

std::vector<Change> diff_environments(const json& before, const json& after) {
  // Two documents that are not both objects have no keys to leave out.
  return run_diff(before, after, before.is_object() && after.is_object());
}

const char* to_string(ChangeKind kind) {
  switch (kind) {
  case ChangeKind::added: return "added";
  case ChangeKind::removed: return "removed";
  case ChangeKind::changed: return "changed";
  case ChangeKind::type_changed: return "type_changed";
  }
  return "changed";
}

} // namespace claudelint::compile
