// YAML: yaml-cpp's event parser gives the semantics (anchors, aliases, tags,
// scalar decoding) and the exact start of every node, including each alias
// use; tree-sitter-yaml gives where each node ends, the comments, and a
// second opinion on syntax. Values and the source map are built from the
// events by an explicit stack, so no recursion depends on the input.
// A plain file (yaml_plain.h) needs neither: its events, comments and
// extents are read from the text, or else from the syntax tree.
//
// tree-sitter-yaml 0.7.1 keeps rows and columns in int16_t and turns files
// past 32,767 lines (or with lines that long) into one ERROR node. For those
// files its tree is ignored: starts stay exact (from yaml-cpp) and ends are
// derived from the text.
#include <algorithm>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "source/depth_guard.h"
#include "source/loader.h"
#include "source/syntax_rules.h"
#include "source/tree_sitter.h"
#include "source/yaml_plain.h"
#include "source/yaml_scalar.h"
#include "support/huge_pages.h"

namespace claudelint::source {

using model::ByteRange;
using model::Severity;
using nlohmann::json;

namespace {

constexpr std::size_t grammar_line_limit = 32767;

/// True when the text stays within tree-sitter-yaml's int16_t rows/columns.
bool within_grammar_limits(std::string_view text) {
  std::size_t lines = 1, line_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') continue;
    if (i - line_start >= grammar_line_limit || ++lines > grammar_line_limit) return false;
    line_start = i + 1;
  }
  return text.size() - line_start < grammar_line_limit;
}

using yaml_plain::NodeExtents;

/// An anchored value and the source-map entries of its subtree.
struct AnchorDefinition {
  json value;
  std::string pointer;
  std::size_t first_entry = 0, last_entry = 0; // [first, last) in Builder::entries_
};

class Builder final : public YAML::EventHandler {
public:
  Builder(const LoaderInput& in, const NodeExtents& extents, LoadResult& out)
      : in_(in), extents_(extents), out_(out) {}

  /// Room for the source-map entries of `events` events, taken once: for a
  /// big file, growing the vector copied it into new pages a score of times.
  void expect_events(std::size_t events) {
    entries_.reserve(events);
    support::advise_huge_pages(entries_.data(), entries_.capacity() * sizeof(entries_[0]));
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    explicit_start_ = in_.text.substr(std::min(static_cast<std::size_t>(std::max(mark.pos, 0)), in_.text.size()))
                          .starts_with("---");
    implicit_empty_root_ = false;
    stack_.clear();
    entries_.clear();
    dead_prefixes_.clear();
    anchors_.clear();
    alias_nodes_ = 0;
    alias_limit_reported_ = false;
    root_.reset();
  }

  void OnDocumentEnd() override {
    // yaml-cpp reports a document for a bare `...`; without `---` or content there is none.
    if (implicit_empty_root_ && !explicit_start_) return;
    model::Document doc;
    doc.file = in_.file;
    doc.value = root_ ? std::move(*root_) : json(nullptr);
    doc.map = source_map();
    out_.documents.push_back(std::move(doc));
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count_event(mark);
    const std::size_t at = offset(mark);
    ByteRange range{at, at};
    const std::string_view rest = in_.text.substr(std::min(static_cast<std::size_t>(mark.pos), in_.text.size()));
    bool written = false;
    // A null written out ends like any plain scalar, or, as a key, at its `:`.
    const auto ends_at = [&](std::size_t i) {
      if (i == rest.size() || std::string_view(" \t\r\n,]}#").find(rest[i]) != std::string_view::npos) return true;
      return rest[i] == ':' && (i + 1 == rest.size() || std::string_view(" \t\r\n").find(rest[i + 1]) != std::string_view::npos);
    };
    for (const std::string_view word : {"~", "null", "Null", "NULL"}) {
      if (rest.starts_with(word) && ends_at(word.size())) {
        range.end = at + word.size();
        written = true;
        break;
      }
    }
    // An empty value: yaml-cpp marks the next token; place it right after the key.
    if (!written && !stack_.empty() && stack_.back().key) range = {stack_.back().key->range.end, stack_.back().key->range.end};
    if (!written && !stack_.empty() && !stack_.back().key && stack_.back().is_map) range = {at, at};
    if (!written && stack_.empty()) implicit_empty_root_ = true;
    deliver(nullptr, range, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count_event(mark);
    const std::size_t at = offset(mark);
    const ByteRange range{at, scalar_end(at)};
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) { // yaml-cpp rejects unknown aliases; stay safe anyway
      deliver(nullptr, range, 0);
      return;
    }
    const AnchorDefinition& def = it->second;
    const std::size_t expanded = def.last_entry - def.first_entry;
    if (alias_nodes_ + expanded > in_.limits.max_alias_nodes) {
      if (!alias_limit_reported_) {
        auto d = make_diagnostic(rule::alias_expansion_limit, Severity::error, in_.file, range.begin, range.end,
                                 fmt::format("aliases expand to more than {} values; expansion stopped here",
                                             in_.limits.max_alias_nodes));
        d.help = "this looks like an alias bomb (\"billion laughs\"); reference smaller anchors";
        out_.diagnostics.push_back(std::move(d));
        alias_limit_reported_ = true;
      }
      deliver(nullptr, range, 0);
      return;
    }
    alias_nodes_ += expanded;
    const std::string pointer = child_pointer();
    const std::optional<ByteRange> key = current_key_range();
    // The alias use maps to the alias; everything under it to where it was defined.
    const std::size_t first = entries_.size();
    entries_.reserve(first + expanded + 1);
    entries_.emplace_back(pointer, model::SourceSpan{key, range});
    for (std::size_t i = def.first_entry; i < std::min(def.last_entry, first); ++i) {
      const auto& [p, span] = entries_[i];
      if (p.size() <= def.pointer.size() || !p.starts_with(def.pointer) || is_dead(p)) continue;
      entries_.emplace_back(pointer + p.substr(def.pointer.size()), span);
    }
    deliver_value(json(def.value), range, pointer, 0, first);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    count_event(mark);
    const std::size_t at = offset(mark);
    const ByteRange range{at, scalar_end(at)};
    json resolved;
    if (tag == "?") {
      resolved = yaml::resolve_plain(value);
      // Keys become JSON strings whatever they look like; only values are ambiguous to readers.
      const bool is_key = !stack_.empty() && stack_.back().is_map && !stack_.back().key;
      if (const auto why = is_key ? std::nullopt : yaml::yaml11_difference(value)) {
        auto d = make_diagnostic(rule::ambiguous_yaml_scalar, Severity::warning, in_.file, range.begin, range.end, *why);
        d.pointer = child_pointer();
        d.help = fmt::format("quote it (\"{}\") if you mean the text, or write the value unambiguously", value);
        out_.diagnostics.push_back(std::move(d));
      }
    } else if (tag == "!") {
      resolved = value;
    } else if (auto typed = yaml::resolve_tagged(tag, value)) {
      resolved = std::move(*typed);
    } else {
      auto d = make_diagnostic(rule::syntax_error, Severity::error, in_.file, range.begin, range.end,
                               fmt::format("value is not valid for its tag `{}`", short_tag(tag)));
      out_.diagnostics.push_back(std::move(d));
      resolved = value;
    }
    deliver(std::move(resolved), range, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    count_event(mark);
    push(mark, anchor, false);
  }
  void OnSequenceEnd() override { pop(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    count_event(mark);
    push(mark, anchor, true);
  }
  void OnMapEnd() override { pop(); }

  /// Thrown when yaml-cpp stops making progress (0.7 can emit empty nodes
  /// forever on input such as a lone `,`: yaml-cpp issue #1040).
  struct Stalled {
    std::size_t at;
  };

private:
  /// Every real node consumes input, so a stream cannot hold many more nodes
  /// than bytes; far more events than that, or one position repeating, is a
  /// parser loop.
  void count_event(const YAML::Mark& mark) {
    const auto pos = static_cast<std::size_t>(std::max(mark.pos, 0));
    same_position_ = pos == last_position_ ? same_position_ + 1 : 0;
    last_position_ = pos;
    if (++events_ > 4 * in_.text.size() + 1024 || same_position_ > 4096) throw Stalled{pos};
  }

  struct Key {
    std::string text;
    ByteRange range;
    bool merge = false;
  };
  struct MergeSource {
    json value;
    std::string pointer;
    ByteRange range;
  };
  struct Frame {
    bool is_map = false;
    json value;
    std::string pointer;
    std::optional<ByteRange> key_range; ///< the key this collection is the value of
    std::size_t begin = 0;
    std::size_t last_end = 0;           ///< end of the last child, for ends without a CST
    YAML::anchor_t anchor = 0;
    std::size_t first_entry = 0;
    bool is_key = false;                ///< a collection used as a mapping key
    std::optional<Key> key;             ///< maps: key waiting for its value
    /// Where each key was last written, by its pointer token: built at the
    /// map's first duplicate key (most maps have none, and the map itself
    /// says whether a key is new).
    std::optional<std::unordered_map<std::string, ByteRange>> key_ranges;
    std::vector<MergeSource> merges;
  };

  std::size_t offset(const YAML::Mark& mark) const {
    return in_.base + std::min(static_cast<std::size_t>(std::max(mark.pos, 0)), in_.text.size());
  }

  /// End of the scalar (or alias) starting at `at`: the CST's smallest node
  /// there, else the end of the token read from the text.
  std::size_t scalar_end(std::size_t at) const {
    if (extents_.usable())
      if (const auto end = extents_.smallest_end(static_cast<std::uint32_t>(at - in_.base))) return in_.base + *end;
    return in_.base + token_end(at - in_.base);
  }

  std::size_t collection_end(std::size_t at, std::size_t last_child_end) const {
    if (extents_.usable())
      if (const auto end = extents_.largest_end(static_cast<std::uint32_t>(at - in_.base))) return in_.base + *end;
    return std::max(at, last_child_end);
  }

  /// Without a CST: the end of a quoted scalar, or of the plain token on its line.
  std::size_t token_end(std::size_t i) const {
    const std::string_view t = in_.text;
    if (i >= t.size()) return t.size();
    const char quote = t[i];
    if (quote == '"' || quote == '\'') {
      for (std::size_t k = i + 1; k < t.size(); ++k) {
        if (quote == '"' && t[k] == '\\') { ++k; continue; }
        if (t[k] == quote) {
          if (quote == '\'' && k + 1 < t.size() && t[k + 1] == '\'') { ++k; continue; }
          return k + 1;
        }
      }
      return t.size();
    }
    std::size_t k = i;
    while (k < t.size() && t[k] != '\n' && t[k] != '\r') {
      if (t[k] == '#' && k > i && (t[k - 1] == ' ' || t[k - 1] == '\t')) break;
      if (t[k] == ':' && (k + 1 == t.size() || t[k + 1] == ' ' || t[k + 1] == '\n')) break;
      if ((t[k] == ',' || t[k] == ']' || t[k] == '}') && k > i) break;
      ++k;
    }
    while (k > i && (t[k - 1] == ' ' || t[k - 1] == '\t')) --k;
    return k;
  }

  static std::string short_tag(const std::string& tag) {
    constexpr std::string_view prefix = "tag:yaml.org,2002:";
    return tag.starts_with(prefix) ? "!!" + tag.substr(prefix.size()) : tag;
  }

  std::optional<ByteRange> current_key_range() const {
    if (!stack_.empty() && stack_.back().key) return stack_.back().key->range;
    return std::nullopt;
  }

  /// The pointer the next delivered value will have.
  std::string child_pointer() const {
    if (stack_.empty()) return "";
    const Frame& top = stack_.back();
    if (top.is_map) return top.key ? model::append_pointer(top.pointer, top.key->text) : top.pointer + "/<key>";
    return model::append_pointer(top.pointer, top.value.size());
  }

  bool building_key() const {
    return std::any_of(stack_.begin(), stack_.end(), [](const Frame& f) { return f.is_key; });
  }

  void push(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
    Frame f;
    f.is_map = is_map;
    f.value = is_map ? json::object() : json::array();
    f.pointer = child_pointer();
    f.key_range = current_key_range();
    f.begin = offset(mark);
    f.anchor = anchor;
    f.first_entry = entries_.size();
    f.is_key = !stack_.empty() && stack_.back().is_map && !stack_.back().key;
    entries_.emplace_back(f.pointer, model::SourceSpan{}); // filled in by pop()
    stack_.push_back(std::move(f));
  }

  void pop() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.is_map) apply_merges(f);
    const ByteRange range{f.begin, collection_end(f.begin, f.last_end)};
    entries_[f.first_entry].second = {f.key_range, range};
    deliver_value(std::move(f.value), range, f.pointer, f.anchor, f.first_entry, true);
  }

  void deliver(json value, ByteRange range, YAML::anchor_t anchor) {
    const std::size_t first = entries_.size();
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().key) {
      // A key has no entry; its pointer matters only to an anchor on it.
      deliver_value(std::move(value), range, anchor != 0 ? child_pointer() : std::string(), anchor, first);
      return;
    }
    entries_.emplace_back(child_pointer(), model::SourceSpan{current_key_range(), range});
    // deliver_value adds no entries, so the pointer it is given stays put.
    deliver_value(std::move(value), range, entries_[first].first, anchor, first);
  }

  /// Hands a finished value to its parent: as a map key, a map value, a
  /// sequence item or the document root. Entries from `first_entry` on are
  /// the value's subtree (the value's own entry included).
  void deliver_value(json value, ByteRange range, const std::string& pointer,
                     YAML::anchor_t anchor, std::size_t first_entry, bool collection = false) {
    if (anchor != 0) {
      // Inside a key nothing is mapped (keys have no pointer), so neither is the anchor's subtree.
      const bool in_key = building_key() || (!stack_.empty() && stack_.back().is_map && !stack_.back().key);
      anchors_[anchor] = {value, pointer, first_entry, in_key ? first_entry : entries_.size()};
    }
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& top = stack_.back();
    top.last_end = std::max(top.last_end, range.end);
    if (!top.is_map) {
      top.value.push_back(std::move(value));
      return;
    }
    if (!top.key) { // this value is a key
      entries_.resize(first_entry); // keys are not values: no entries of their own
      top.key = make_key(std::move(value), range, collection);
      return;
    }
    Key key = std::move(*top.key);
    top.key.reset();
    if (key.merge) {
      add_merge(top, std::move(value), pointer, range);
      dead_prefixes_.push_back(pointer);
      return;
    }
    // try_emplace leaves the key text alone when the key is there already.
    const auto [member, inserted] = top.value.get_ref<json::object_t&>().try_emplace(std::move(key.text));
    if (!inserted) report_duplicate(top, key, pointer, first_entry);
    member->second = std::move(value);
  }

  /// `key` is in `map` already; `pointer` is where its new value goes, and
  /// entries from `first_entry` on are that value's.
  void report_duplicate(Frame& map, const Key& key, const std::string& pointer, std::size_t first_entry) {
    const std::string_view token = std::string_view(pointer).substr(map.pointer.size() + 1);
    if (!map.key_ranges) {
      // Every value written into the map has an entry carrying its key's
      // range; the last one of each direct child is where it was last
      // written. A merge key's value is not a key of the map (make_key).
      auto& ranges = map.key_ranges.emplace();
      for (std::size_t i = map.first_entry + 1; i < first_entry; ++i) {
        const auto& [child, span] = entries_[i];
        if (!span.key || child.size() <= map.pointer.size() || child[map.pointer.size()] != '/' ||
            !child.starts_with(map.pointer) || child.find('/', map.pointer.size() + 1) != std::string::npos)
          continue;
        std::string child_token = child.substr(map.pointer.size() + 1);
        const std::string_view key_written = in_.text.substr(span.key->begin - in_.base, span.key->end - span.key->begin);
        if (child_token == "<<" && key_written == "<<") continue;
        ranges[std::move(child_token)] = *span.key;
      }
    }
    auto& first = (*map.key_ranges)[std::string(token)];
    auto d = make_diagnostic(rule::duplicate_key, Severity::error, in_.file, key.range.begin, key.range.end,
                             fmt::format("duplicate key {}; the last value wins and the first is silently lost",
                                         model::quote_for_message(key.text)));
    d.related.push_back({{in_.file, first.begin, first.end}, "first defined here"});
    d.help = "remove one of the two, or merge their values";
    d.pointer = pointer;
    out_.diagnostics.push_back(std::move(d));
    first = key.range;
  }

  Key make_key(json value, ByteRange range, bool collection) {
    Key key;
    key.range = range;
    if (collection) {
      auto d = make_diagnostic(rule::unsupported_yaml_feature, Severity::warning, in_.file, range.begin, range.end,
                               "a mapping or sequence used as a key has no JSON form; its text is used as the key");
      out_.diagnostics.push_back(std::move(d));
      key.text = value.dump();
    } else if (value.is_string()) {
      key.text = std::move(value.get_ref<std::string&>());
      const std::string_view raw = in_.text.substr(range.begin - in_.base, range.end - range.begin);
      key.merge = key.text == "<<" && raw == "<<";
    } else if (value.is_null()) {
      const std::string_view raw = in_.text.substr(range.begin - in_.base, range.end - range.begin);
      key.text = raw.empty() ? "" : std::string(raw);
    } else {
      key.text = std::string(in_.text.substr(range.begin - in_.base, range.end - range.begin));
    }
    return key;
  }

  void add_merge(Frame& top, json value, const std::string& pointer, ByteRange range) {
    const auto bad = [&] {
      auto d = make_diagnostic(rule::syntax_error, Severity::error, in_.file, range.begin, range.end,
                               "merge key `<<` needs a mapping or a list of mappings");
      d.help = "merge an anchored mapping, e.g. `<<: *defaults`";
      out_.diagnostics.push_back(std::move(d));
    };
    if (value.is_object()) {
      top.merges.push_back({std::move(value), pointer, range});
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_object()) return bad();
        top.merges.push_back({std::move(value[i]), model::append_pointer(pointer, i), range});
      }
    } else {
      bad();
    }
  }

  /// YAML merge keys: explicit keys win, then earlier merge sources.
  void apply_merges(Frame& f) {
    const std::size_t end = entries_.size();
    for (const MergeSource& source : f.merges) {
      for (const auto& [key, value] : source.value.items()) {
        if (f.value.contains(key)) continue;
        f.value[key] = value;
        const std::string from = model::append_pointer(source.pointer, key);
        const std::string to = model::append_pointer(f.pointer, key);
        for (std::size_t i = f.first_entry; i < end; ++i) {
          const std::string p = entries_[i].first; // a copy: emplace_back may reallocate
          if (p == from || (p.starts_with(from) && p[from.size()] == '/')) {
            const model::SourceSpan span = entries_[i].second;
            entries_.emplace_back(to + p.substr(from.size()), span);
          }
        }
      }
    }
  }

  /// The document's map from entries_. They come parents first (a
  /// collection's when it opens, an alias's or a merge's copies after the
  /// value they copy into), so each one's parent is on the stack of the
  /// path to it, and it is added as its suffix under the parent's entry. An
  /// entry without its parent there (children of a root that comes last)
  /// goes in whole.
  model::SourceMap source_map() const {
    std::size_t text_bytes = 0;
    for (const auto& entry : entries_) text_bytes += entry.first.size();
    model::SourceMap::Builder map(entries_.size() + 1, text_bytes);
    std::vector<std::pair<std::string_view, std::uint32_t>> path; // pointer, entry
    const auto inside = [](std::string_view parent, std::string_view pointer) {
      return pointer.size() > parent.size() && pointer.starts_with(parent) && pointer[parent.size()] == '/';
    };
    bool has_root = false;
    for (const auto& [pointer, span] : entries_) {
      if (is_dead(pointer)) continue;
      while (!path.empty() && !inside(path.back().first, pointer)) path.pop_back();
      std::uint32_t entry = 0;
      if (!path.empty() && pointer.rfind('/') == path.back().first.size()) {
        entry = map.add(path.back().second, std::string_view(pointer).substr(path.back().first.size()), span);
      } else {
        entry = map.add(model::SourceMap::Builder::no_parent, pointer, span);
      }
      has_root = has_root || pointer.empty();
      path.emplace_back(pointer, entry);
    }
    if (!has_root) map.add(model::SourceMap::Builder::no_parent, "", {std::nullopt, {in_.base, in_.base + in_.text.size()}});
    return std::move(map).take();
  }

  bool is_dead(const std::string& pointer) const {
    for (const auto& prefix : dead_prefixes_)
      if (pointer == prefix || (pointer.starts_with(prefix) && pointer[prefix.size()] == '/')) return true;
    return pointer.find("/<key>") != std::string::npos;
  }

  const LoaderInput& in_;
  const NodeExtents& extents_;
  LoadResult& out_;
  std::vector<Frame> stack_;
  std::vector<std::pair<std::string, model::SourceSpan>> entries_;
  std::vector<std::string> dead_prefixes_;
  std::unordered_map<YAML::anchor_t, AnchorDefinition> anchors_;
  std::size_t alias_nodes_ = 0;
  bool alias_limit_reported_ = false;
  std::optional<json> root_;
  std::size_t events_ = 0, last_position_ = 0, same_position_ = 0;
  bool explicit_start_ = false;     ///< the document began with `---`
  bool implicit_empty_root_ = false; ///< the root is an empty node, not a written null
};

/// Reads the CST: comments, node extents, and the first syntax error.
struct CstFacts {
  NodeExtents extents;
  std::optional<ByteRange> first_error;
  std::string error_message = "invalid YAML: the parser could not read this part";
  ts::Tree tree; ///< kept for PlainEvents
};

/// yaml-cpp's events for a file, read from the syntax tree instead, when
/// the file holds only what both parsers read alike: one document of block
/// mappings and sequences whose keys and values are one-line plain or
/// quoted scalars without escapes; no anchors, aliases, tags, flow
/// collections, block scalars, empty values, `?` keys, over-long keys,
/// directives, tabs or other control characters.
/// Most config files are that, and are then parsed once. Any other file
/// goes to yaml-cpp; a differential test and the YAML fuzz target hold the
/// two to the same result (tests/unit/source/yaml_loader_test.cpp).
class PlainEvents {
public:
  PlainEvents(TSNode root, std::string_view text) : text_(text) { plain_ = stream(root); }

  bool plain() const { return plain_; }

  /// The events, as yaml-cpp's parser would send them.
  const yaml_plain::Events& events() const { return events_; }

private:
  using Event = yaml_plain::Event;

  /// The named children of `node` other than comments.
  static std::vector<TSNode> parts(TSNode node) {
    std::vector<TSNode> out;
    ts::for_each_child(node, [&](TSNode child) {
      if (ts_node_is_named(child) && ts::type(child) != "comment") out.push_back(child);
    });
    return out;
  }

  bool stream(TSNode root) {
    if (ts_node_has_error(root) || !yaml_plain::plain_text(text_)) return false;
    const auto documents = parts(root);
    if (documents.size() != 1 || ts::type(documents[0]) != "document") return false;
    const TSNode document = documents[0];
    // Anonymous children: at most a leading `---` (no `...`, no directives).
    bool ok = true;
    ts::for_each_child(document, [&](TSNode child) {
      if (ts_node_is_named(child)) return;
      if (ts::type(child) != "---" || ts_node_start_byte(child) != ts_node_start_byte(document)) ok = false;
    });
    const auto content = parts(document);
    if (!ok || content.size() != 1) return false;
    events_.document_start = ts_node_start_byte(document);
    if (ts_node_child_count(document) == 1 || ts_node_is_named(ts_node_child(document, 0)))
      events_.document_start = ts_node_start_byte(content[0]);
    return node(content[0]);
  }

  /// A block_node or flow_node: one collection or scalar, nothing else.
  bool node(TSNode wrapper) {
    const auto t = ts::type(wrapper);
    if (t != "block_node" && t != "flow_node") return false;
    const auto inner = parts(wrapper);
    if (inner.size() != 1) return false; // a tag or an anchor besides the value
    const TSNode value = inner[0];
    const auto kind = ts::type(value);
    if (kind == "block_mapping") return mapping(value);
    if (kind == "block_sequence") return sequence(value);
    return scalar(value);
  }

  bool mapping(TSNode map) {
    events_.collection(Event::Kind::map_start, ts_node_start_byte(map));
    for (const TSNode pair : parts(map)) {
      if (ts::type(pair) != "block_mapping_pair") return false;
      // `key: value`, and nothing else: no `?`, no missing value.
      std::vector<TSNode> children;
      ts::for_each_child(pair, [&](TSNode child) {
        if (ts::type(child) != "comment") children.push_back(child);
      });
      if (children.size() != 3 || ts::type(children[1]) != ":" || ts::type(children[0]) != "flow_node") return false;
      const auto key = parts(children[0]);
      // yaml-cpp refuses a key written over more than 1024 bytes (YAML's limit).
      if (key.size() != 1 || ts_node_end_byte(children[1]) - ts_node_start_byte(key[0]) > 1024 || !scalar(key[0]) ||
          !node(children[2]))
        return false;
    }
    events_.collection(Event::Kind::map_end, 0);
    return true;
  }

  bool sequence(TSNode list) {
    events_.collection(Event::Kind::sequence_start, ts_node_start_byte(list));
    for (const TSNode item : parts(list)) {
      if (ts::type(item) != "block_sequence_item") return false;
      const auto value = parts(item);
      if (value.size() != 1 || !node(value[0])) return false;
    }
    events_.collection(Event::Kind::sequence_end, 0);
    return true;
  }

  bool scalar(TSNode scalar_node) {
    const auto kind = ts::type(scalar_node);
    const std::string_view written = ts::text(scalar_node, text_);
    if (written.empty() || written.find_first_of("\n\r") != std::string_view::npos) return false;
    const std::size_t at = ts_node_start_byte(scalar_node);
    if (kind == "plain_scalar") {
      events_.scalar(at, true, at, written.size());
    } else if (kind == "double_quote_scalar") {
      if (written.size() < 2 || written.find('\\') != std::string_view::npos) return false;
      events_.scalar(at, false, at + 1, written.size() - 2);
    } else if (kind == "single_quote_scalar") {
      if (written.size() < 2) return false;
      events_.single_quoted_scalar(at, text_, written.substr(1, written.size() - 2));
    } else {
      return false; // an alias, a block scalar, a flow collection
    }
    return true;
  }

  std::string_view text_;
  yaml_plain::Events events_;
  bool plain_ = false;
};

/// Column (0-based) of the block collection entry that owns `node`, or -1 at
/// document level: a block scalar's content must be indented deeper.
long owner_indent(TSNode node) {
  for (TSNode p = ts_node_parent(node); !ts_node_is_null(p); p = ts_node_parent(p)) {
    const auto t = ts::type(p);
    if (t == "block_mapping_pair" || t == "block_sequence_item") return ts_node_start_point(p).column;
    if (t == "document") break;
  }
  return -1;
}

/// YAML 1.2 §8.1.1.1: with auto-detected indentation, no leading empty line
/// may hold more spaces than the first content line. yaml-cpp does not check it.
std::optional<ByteRange> check_block_scalar_indentation(TSNode scalar, std::string_view text, std::size_t base) {
  const std::string_view header = ts::text(scalar, text).substr(0, ts::text(scalar, text).find('\n'));
  if (header.find_first_of("123456789") != std::string_view::npos) return std::nullopt; // explicit indentation
  std::size_t i = text.find('\n', ts_node_start_byte(scalar));
  if (i == std::string_view::npos) return std::nullopt;
  std::size_t widest_blank = 0, widest_at = 0;
  for (++i; i < text.size();) {
    std::size_t spaces = 0;
    while (i + spaces < text.size() && text[i + spaces] == ' ') ++spaces;
    const std::size_t next = i + spaces;
    if (next >= text.size() || text[next] == '\n' || text[next] == '\r') {
      if (spaces > widest_blank) { widest_blank = spaces; widest_at = i; }
      i = text.find('\n', next);
      if (i == std::string_view::npos) break;
      ++i;
      continue;
    }
    const long indent = static_cast<long>(spaces);
    if (indent > owner_indent(scalar) && widest_blank > spaces)
      return ByteRange{base + widest_at, base + widest_at + widest_blank};
    break;
  }
  return std::nullopt;
}

CstFacts read_cst(const LoaderInput& in, LoadResult& out) {
  CstFacts facts;
  ts::Tree tree = ts::parse(tree_sitter_yaml(), in.text, in.syntax);
  const TSNode root = ts_tree_root_node(tree.get());
  std::vector<std::string> tag_handles; // declared by %TAG in the current document
  TSNode deepest_error_holder{};
  const auto fail = [&](ByteRange r, std::string message) {
    if (facts.first_error) return;
    facts.first_error = r;
    facts.error_message = std::move(message);
  };
  ts::walk(root, [&](TSNode node) {
    const auto t = ts::type(node);
    if (ts_node_has_error(node)) deepest_error_holder = node;
    if (t == "comment") {
      out.comments.push_back({ts::range(node, in.base), std::string(ts::text(node, in.text))});
      return false;
    }
    if (ts_node_is_missing(node) || t == "ERROR") {
      fail(ts::range(node, in.base), "invalid YAML: the parser could not read this part");
      return t == "ERROR"; // comments inside ERROR nodes still count
    }
    if (t == "document") tag_handles.clear();
    if (t == "tag_handle" && ts::type(ts_node_parent(node)) == "tag_directive")
      tag_handles.emplace_back(ts::text(node, in.text));
    if (t == "tag") {
      // A named handle (`!e!x`) must be declared by a %TAG of the same document.
      const std::string_view tag = ts::text(node, in.text);
      const auto second = tag.find('!', 1);
      if (tag.size() > 1 && tag[1] != '!' && tag[1] != '<' && second != std::string_view::npos) {
        const std::string handle(tag.substr(0, second + 1));
        if (std::find(tag_handles.begin(), tag_handles.end(), handle) == tag_handles.end())
          fail(ts::range(node, in.base),
               fmt::format("invalid YAML: tag handle `{}` is not declared by a %TAG directive of this document", handle));
      }
    }
    if (t == "block_scalar") {
      if (const auto bad = check_block_scalar_indentation(node, in.text, in.base))
        fail(*bad, "invalid YAML: a leading empty line of this block scalar has more spaces than its first line");
    }
    if (t == "flow_node" || t == "block_node") facts.extents.add(ts_node_start_byte(node), ts_node_end_byte(node));
    return true;
  });
  // Errors in hidden nodes (a MISSING end of document) are not visited; the
  // deepest visible node holding the error locates them.
  if (!facts.first_error && ts_node_has_error(root))
    fail(ts::range(ts_node_is_null(deepest_error_holder) ? root : deepest_error_holder, in.base),
         "invalid YAML: this document is not terminated properly (a directive needs `...` before it)");
  facts.extents.seal(!ts_node_has_error(root));
  facts.tree = std::move(tree);
  return facts;
}

/// The innermost `[`/`{` still open at `limit` (outside quotes and comments).
std::optional<std::size_t> unclosed_flow_opener(std::string_view text, std::size_t limit) {
  std::vector<std::size_t> open;
  bool at_token_start = true;
  for (std::size_t i = 0; i < std::min(limit, text.size()); ++i) {
    const char c = text[i];
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i < limit && text[i] != '\n') ++i;
      at_token_start = true;
      continue;
    }
    if ((c == '"' || c == '\'') && at_token_start) {
      for (++i; i < limit && text[i] != c; ++i)
        if (c == '"' && text[i] == '\\') ++i;
      at_token_start = false;
      continue;
    }
    if ((c == '[' || c == '{') && (at_token_start || !open.empty())) open.push_back(i);
    else if ((c == ']' || c == '}') && !open.empty()) open.pop_back();
    at_token_start = c == ' ' || c == '\t' || c == '\n' || c == '[' || c == '{' || c == ',' || c == ':';
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

bool has_lone_cr(std::string_view text) {
  for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1))
    if (i + 1 == text.size() || text[i + 1] != '\n') return true;
  return false;
}

std::string lone_cr_to_lf(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i] == '\r' && (i + 1 == out.size() || out[i + 1] != '\n')) out[i] = '\n';
  return out;
}

/// yaml-cpp's message and mark, reworded where we can say more: an unclosed
/// flow collection is reported at its opening bracket, a tab in the
/// indentation and an implicit key past YAML's 1024-character limit are named.
model::Diagnostic describe_yaml_cpp_error(const LoaderInput& in, const std::string& msg, std::size_t at) {
  const std::size_t end = std::min(at + 1, in.text.size());
  if (msg.find("end of sequence flow not found") != std::string::npos ||
      msg.find("end of map flow not found") != std::string::npos) {
    if (const auto opener = unclosed_flow_opener(in.text, at)) {
      const char open = in.text[*opener];
      auto d = make_diagnostic(rule::syntax_error, Severity::error, in.file, in.base + *opener, in.base + *opener + 1,
                               fmt::format("invalid YAML: this `{}` is never closed", open));
      d.related.push_back({{in.file, in.base + at, in.base + end}, "the YAML parser gave up here"});
      d.help = fmt::format("close it with `{}`, or quote the value if the bracket is meant as text",
                           open == '[' ? ']' : '}');
      return d;
    }
  }
  // (npos + 1 is 0: the first line.)
  const std::size_t line = (at == 0 ? std::string_view::npos : in.text.rfind('\n', at - 1)) + 1;
  const std::size_t indent_end = std::min(in.text.find_first_not_of(" \t", line), in.text.size());
  const std::size_t tab = in.text.find('\t', line);
  // A tab in the indentation of the line yaml-cpp stopped on is the cause,
  // even where yaml-cpp names something else ("illegal map value").
  if (msg.find("illegal tab when looking for indentation") != std::string::npos ||
      (tab < indent_end && indent_end < in.text.size() && in.text[indent_end] != '\n' && in.text[indent_end] != '\r')) {
    const std::size_t where = tab < indent_end ? tab : at;
    auto d = make_diagnostic(rule::syntax_error, Severity::error, in.file, in.base + where, in.base + where + 1,
                             "invalid YAML: a tab in the indentation; YAML indents with spaces only");
    d.help = "replace the tab with spaces, as many as the lines around it use";
    return d;
  }
  if (msg.find("illegal map value") != std::string::npos) {
    // YAML 1.2 §7.4: the `:` of a key written without `?` is at most 1024
    // characters past the key's start, so parsers need not look further
    // (yaml-cpp counts bytes).
    const std::size_t key = std::min(in.text.find_first_not_of(" -", line), at);
    if (at - key > 1024) {
      auto d = make_diagnostic(rule::syntax_error, Severity::error, in.file, in.base + key, in.base + at,
                               fmt::format("invalid YAML: this key is {} bytes long; a key without `?` is "
                                           "limited to 1024",
                                           at - key));
      d.help = "shorten the key, or mark it as a long key: `? <key>` on one line, `: <value>` on the next";
      return d;
    }
  }
  return make_diagnostic(rule::syntax_error, Severity::error, in.file, in.base + at, in.base + end,
                         fmt::format("invalid YAML: {}", msg));
}

} // namespace

bool plain_yaml_text(std::string_view text) { return yaml_plain::read_plain_yaml(text).has_value(); }

bool plain_yaml(std::string_view text) {
  if (!within_grammar_limits(text)) return false;
  const ts::Tree tree = ts::parse(tree_sitter_yaml(), text);
  return PlainEvents(ts_tree_root_node(tree.get()), text).plain();
}

LoadResult load_yaml(const LoaderInput& input, YamlEvents events) {
  LoadResult out;
  // YAML 1.2 reads a lone CR (old Mac line ends) as a line break; yaml-cpp
  // and the grammar do not. They get a copy with LF in its place: the same
  // length, so every offset still holds.
  std::string lf_text;
  LoaderInput in = input;
  if (has_lone_cr(input.text)) {
    lf_text = lone_cr_to_lf(input.text);
    in.text = lf_text;
  }
  // A plain file read from its text has its depth counted exactly: the depth
  // guard's estimate for it is at most one more than its deepest nesting
  // (a `- ` entry on the line), so the guard need not scan it.
  std::optional<yaml_plain::TextReading> plain;
  if (events == YamlEvents::from_text_when_plain) {
    plain = yaml_plain::read_plain_yaml(in.text);
    if (plain && plain->deepest + 1 > in.limits.max_depth) plain.reset();
  }
  if (!plain) {
    if (const auto deep = find_excess_yaml_depth(in.text, in.limits.max_depth)) {
      auto d = make_diagnostic(rule::nesting_too_deep, Severity::error, in.file, in.base + *deep, in.base + *deep + 1,
                               fmt::format("nesting is deeper than {} levels; the file was not parsed", in.limits.max_depth));
      d.help = "flatten the structure; no configuration needs this depth";
      out.diagnostics.push_back(std::move(d));
      return out;
    }
  }

  if (plain) {
    for (auto& comment : plain->comments) {
      comment.range = {in.base + comment.range.begin, in.base + comment.range.end};
      out.comments.push_back(std::move(comment));
    }
    Builder builder(in, plain->extents, out);
    builder.expect_events(plain->events.events.size());
    plain->events.replay(builder, in.text);
    return out;
  }

  CstFacts cst;
  const bool use_cst = within_grammar_limits(in.text);
  if (use_cst) cst = read_cst(in, out);

  Builder builder(in, cst.extents, out);
  if (use_cst && events != YamlEvents::from_yaml_cpp && !cst.first_error && cst.extents.usable()) {
    if (const PlainEvents from_tree(ts_tree_root_node(cst.tree.get()), in.text); from_tree.plain()) {
      from_tree.events().replay(builder, in.text);
      return out;
    }
  }
  std::istringstream stream{std::string(in.text)};
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const Builder::Stalled& stall) {
    const std::size_t at = std::min(stall.at, in.text.size());
    out.diagnostics.push_back(make_diagnostic(rule::syntax_error, Severity::error, in.file, in.base + at,
                                              in.base + std::min(at + 1, in.text.size()),
                                              "invalid YAML: the parser cannot make sense of this"));
    out.documents.clear();
    return out;
  } catch (const YAML::Exception& e) {
    const std::size_t at = std::min(static_cast<std::size_t>(std::max(e.mark.pos, 0)), in.text.size());
    out.diagnostics.push_back(describe_yaml_cpp_error(in, e.msg, at));
    for (auto& doc : out.documents) doc.partial = true;
    return out;
  }
  if (cst.first_error) {
    // yaml-cpp accepts some invalid YAML (see tests/conformance); the grammar catches part of it.
    const auto r = *cst.first_error;
    auto d = make_diagnostic(rule::syntax_error, Severity::error, in.file, r.begin, std::max(r.end, r.begin + 1),
                             cst.error_message);
    out.diagnostics.push_back(std::move(d));
    for (auto& doc : out.documents) doc.partial = true;
  }
  if (out.documents.empty()) {
    auto d = make_diagnostic(rule::empty_file, Severity::warning, in.file, in.base, in.base,
                             "YAML file holds no document, only comments");
    d.help = "add the configuration, or delete the file";
    out.diagnostics.push_back(std::move(d));
  }
  return out;
}

} // namespace claudelint::source
