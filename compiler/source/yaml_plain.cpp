#include "source/yaml_plain.h"

#include <algorithm>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include "support/huge_pages.h"

namespace claudelint::source::yaml_plain {

void NodeExtents::seal(bool usable) {
  usable_ = usable;
  // Both readers add nodes in the order of their starts (a preorder walk of
  // the tree; the text reader adds a collection when it opens).
  const auto by_start = [](const Node& a, const Node& b) { return a.start < b.start; };
  if (!std::is_sorted(nodes_.begin(), nodes_.end(), by_start)) std::sort(nodes_.begin(), nodes_.end(), by_start);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (kept > 0 && nodes_[kept - 1].start == nodes_[i].start) {
      nodes_[kept - 1].min_end = std::min(nodes_[kept - 1].min_end, nodes_[i].min_end);
      nodes_[kept - 1].max_end = std::max(nodes_[kept - 1].max_end, nodes_[i].max_end);
    } else {
      nodes_[kept++] = nodes_[i];
    }
  }
  nodes_.resize(kept);
}

const NodeExtents::Node* NodeExtents::find(std::uint32_t start) const {
  const auto it = std::lower_bound(nodes_.begin(), nodes_.end(), start,
                                   [](const Node& node, std::uint32_t at) { return node.start < at; });
  return it != nodes_.end() && it->start == start ? &*it : nullptr;
}

std::optional<std::uint32_t> NodeExtents::smallest_end(std::uint32_t start) const {
  const Node* node = find(start);
  return node ? std::optional(node->min_end) : std::nullopt;
}

std::optional<std::uint32_t> NodeExtents::largest_end(std::uint32_t start) const {
  const Node* node = find(start);
  return node ? std::optional(node->max_end) : std::nullopt;
}

void Events::replay(YAML::EventHandler& handler, std::string_view text) const {
  const auto mark = [](std::size_t pos) {
    YAML::Mark m;
    m.pos = static_cast<int>(pos);
    return m;
  };
  std::string value; // one buffer for all: most values fit in what it already holds
  handler.OnDocumentStart(mark(document_start));
  for (const Event& e : events) {
    switch (e.kind) {
    case Event::Kind::map_start: handler.OnMapStart(mark(e.pos), "?", 0, YAML::EmitterStyle::Block); break;
    case Event::Kind::map_end: handler.OnMapEnd(); break;
    case Event::Kind::sequence_start: handler.OnSequenceStart(mark(e.pos), "?", 0, YAML::EmitterStyle::Block); break;
    case Event::Kind::sequence_end: handler.OnSequenceEnd(); break;
    case Event::Kind::scalar:
      value.assign((e.unquoted ? std::string_view(unquoted) : text).substr(e.value_begin, e.value_size));
      handler.OnScalar(mark(e.pos), e.plain ? "?" : "!", 0, value);
      break;
    }
  }
  handler.OnDocumentEnd();
}

void Events::single_quoted_scalar(std::size_t pos, std::string_view text, std::string_view inner) {
  if (inner.find("''") == std::string_view::npos) {
    scalar(pos, false, static_cast<std::size_t>(inner.data() - text.data()), inner.size());
    return;
  }
  events.push_back({Event::Kind::scalar, false, true, static_cast<std::uint32_t>(pos),
                    static_cast<std::uint32_t>(unquoted.size()), 0});
  for (std::size_t i = 0; i < inner.size(); ++i) {
    unquoted += inner[i];
    if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;
  }
  events.back().value_size = static_cast<std::uint32_t>(unquoted.size() - events.back().value_begin);
}

bool plain_text(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\r') || byte == 0x7F) return false;
  }
  for (const std::string_view odd : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF"})
    if (text.find(odd) != std::string_view::npos) return false;
  return true;
}

namespace {

/// yaml-cpp refuses an implicit key written over more than 1024 bytes.
constexpr std::size_t max_key_span = 1024;
/// Deeper files are left to the other readers; no config comes close.
constexpr std::size_t max_open_collections = 100;

/// A line-by-line reader of plain YAML. Block structure is indentation: an
/// explicit stack holds the open collections and their columns, so no
/// recursion depends on the input. It accepts only what it is sure of and
/// gives up (nullopt) at the first doubt.
class TextReader {
public:
  explicit TextReader(std::string_view text) : t_(text), n_(text.size()) {}

  std::optional<TextReading> read() {
    if (n_ > UINT32_MAX || t_.find('\r') != std::string_view::npos || !plain_text(t_)) return std::nullopt;
    reserve();
    bool explicit_start = false;
    if (t_.starts_with("---\n")) {
      explicit_start = true;
      pos_ = 4;
    }
    bool root_read = false;
    for (;;) {
      skip_blank_and_comment_lines();
      if (pos_ >= n_) break;
      std::size_t c = pos_;
      while (t_[c] == ' ') ++c;
      const std::size_t indent = c - pos_;
      const std::string_view rest = t_.substr(c);
      if (rest.starts_with("---") || rest.starts_with("...")) return std::nullopt;
      const bool dash = dash_entry(c);
      if (key_without_value_) {
        // The value of that key: a collection indented deeper, or a
        // sequence at the key's own column. Anything else leaves it empty.
        key_without_value_ = false;
        const std::size_t key_column = stack_.back().column;
        if (!(indent > key_column || (indent == key_column && dash)) || !open(c, indent, dash, indent == key_column))
          return std::nullopt;
      } else if (stack_.empty()) {
        if (root_read) return std::nullopt; // content after the root collection ended
        if (!explicit_start) out_.events.document_start = c;
        if (!open(c, indent, dash, false)) return std::nullopt;
        root_read = true;
      } else {
        while (!stack_.empty() && stack_.back().column > indent) close();
        if (!stack_.empty() && stack_.back().column == indent && stack_.back().at_key_column && !dash) close();
        if (stack_.empty() || stack_.back().column != indent) return std::nullopt;
      }
      if (!entry(c)) return std::nullopt;
    }
    if (!root_read || key_without_value_) return std::nullopt;
    // As the grammar has it: what is open at the end of the file ends there.
    last_end_ = n_;
    while (!stack_.empty()) close();
    out_.extents.seal(true);
    return std::move(out_);
  }

private:
  struct Open {
    std::size_t column;
    std::size_t start;
    bool is_map;
    bool at_key_column; ///< a sequence written at the column of the key it is the value of
    std::size_t extent;  ///< its index in the extents, whose end close() sets
  };

  struct Scalar {
    std::size_t begin = 0, end = 0;
    std::size_t next = 0; ///< where reading goes on: after the scalar, or after the `:` of a key
    bool plain = false;
    bool key = false;     ///< followed by `:` and a space or a line end
    std::string_view value; ///< as written, without quotes
    bool single_quoted = false;
  };

  /// Room for a typical config's events (a key and its value per line, a
  /// collection every few lines) and nodes, taken once: growing a vector of
  /// a million events copied it a score of times, each time into new pages.
  void reserve() {
    const auto lines = static_cast<std::size_t>(std::count(t_.begin(), t_.end(), '\n')) + 1;
    auto& events = out_.events.events;
    events.reserve(lines * 5 / 2);
    support::advise_huge_pages(events.data(), events.capacity() * sizeof(Event));
    out_.extents.reserve(lines * 3 / 2);
  }

  /// `-` followed by a space or a line end: a sequence entry.
  bool dash_entry(std::size_t at) const {
    return t_[at] == '-' && (at + 1 == n_ || t_[at + 1] == ' ' || t_[at + 1] == '\n');
  }

  void skip_blank_and_comment_lines() {
    while (pos_ < n_) {
      std::size_t p = pos_;
      while (p < n_ && t_[p] == ' ') ++p;
      if (p < n_ && t_[p] == '#') p = comment(p);
      if (p < n_ && t_[p] != '\n') return; // a content line
      pos_ = std::min(p + 1, n_);
    }
  }

  /// Records the comment starting at `at`; returns where its line ends.
  std::size_t comment(std::size_t at) {
    const std::size_t end = std::min(t_.find('\n', at), n_);
    out_.comments.push_back({{at, end}, std::string(t_.substr(at, end - at))});
    last_end_ = end;
    return end;
  }

  /// Nothing but spaces and a comment may follow `at` on its line; moves to the next line.
  bool line_end(std::size_t at) {
    std::size_t p = at;
    while (p < n_ && t_[p] == ' ') ++p;
    if (p < n_ && t_[p] == '#') {
      if (p == at) return false; // a `#` must follow a space to start a comment
      p = comment(p);
    }
    if (p < n_ && t_[p] != '\n') return false;
    pos_ = std::min(p + 1, n_);
    return true;
  }

  bool open(std::size_t at, std::size_t column, bool sequence, bool at_key_column) {
    if (stack_.size() >= max_open_collections) return false;
    out_.events.collection(sequence ? Event::Kind::sequence_start : Event::Kind::map_start, at);
    // Its extent is added now, its end when it closes: nodes are added in
    // the order of their starts, as a sealed NodeExtents keeps them.
    const std::size_t extent = out_.extents.add(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at));
    stack_.push_back({column, at, !sequence, at_key_column && sequence, extent});
    out_.deepest = std::max(out_.deepest, stack_.size());
    return true;
  }

  void close() {
    const Open& top = stack_.back();
    out_.events.collection(top.is_map ? Event::Kind::map_end : Event::Kind::sequence_end, 0);
    out_.extents.set_end(top.extent, static_cast<std::uint32_t>(last_end_));
    stack_.pop_back();
  }

  void emit(const Scalar& s) {
    out_.extents.add(static_cast<std::uint32_t>(s.begin), static_cast<std::uint32_t>(s.end));
    last_end_ = s.end;
    if (s.single_quoted) out_.events.single_quoted_scalar(s.begin, t_, s.value);
    else out_.events.scalar(s.begin, s.plain, static_cast<std::size_t>(s.value.data() - t_.data()), s.value.size());
  }

  /// One entry of the innermost collection, on the line whose content starts at `at`.
  bool entry(std::size_t at) {
    if (stack_.back().is_map) {
      auto key = scalar(at);
      return key && key->key && pair(*key);
    }
    if (!dash_entry(at)) return false;
    std::size_t p = at + 1;
    while (p < n_ && t_[p] == ' ') ++p;
    // An entry whose content is on the next line, empty, or a nested `- -`.
    if (p >= n_ || t_[p] == '\n' || t_[p] == '#' || dash_entry(p)) return false;
    auto item = scalar(p);
    if (!item) return false;
    if (item->key) { // `- key: value`, a mapping whose column is that of its first key
      if (!open(p, stack_.back().column + (p - at), false, false)) return false;
      return pair(*item);
    }
    emit(*item);
    return line_end(item->next);
  }

  /// A mapping entry from its key: the value on the same line, or none
  /// there (a collection on the next lines).
  bool pair(Scalar& key) {
    if (key.next - key.begin > max_key_span) return false;
    emit(key);
    std::size_t p = key.next;
    while (p < n_ && t_[p] == ' ') ++p;
    if (p >= n_ || t_[p] == '\n' || t_[p] == '#') {
      key_without_value_ = true;
      return line_end(key.next);
    }
    auto value = scalar(p);
    if (!value || value->key) return false; // `a: b: c` is not YAML
    emit(*value);
    return line_end(value->next);
  }

  /// The one-line scalar starting at `at`: quoted without escapes, or plain.
  std::optional<Scalar> scalar(std::size_t at) const {
    Scalar s;
    s.begin = at;
    const char first = t_[at];
    std::size_t after = 0; // just past the scalar as written
    if (first == '"') {
      std::size_t q = at + 1;
      for (; q < n_ && t_[q] != '"'; ++q)
        if (t_[q] == '\\' || t_[q] == '\n') return std::nullopt;
      if (q >= n_) return std::nullopt;
      s.value = t_.substr(at + 1, q - at - 1);
      after = s.end = q + 1;
    } else if (first == '\'') {
      std::size_t q = at + 1;
      for (;; ++q) {
        if (q >= n_ || t_[q] == '\n') return std::nullopt;
        if (t_[q] == '\'') {
          if (q + 1 < n_ && t_[q + 1] == '\'') {
            ++q; // `''`, one quote in the value
            continue;
          }
          break;
        }
      }
      s.single_quoted = true;
      s.value = t_.substr(at + 1, q - at - 1);
      after = s.end = q + 1;
    } else {
      // YAML's indicators cannot start a plain scalar; `-` can, before a non-space.
      constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
      if (indicators.find(first) != std::string_view::npos && !(first == '-' && !dash_entry(at))) return std::nullopt;
      std::size_t q = at;
      for (; q < n_ && t_[q] != '\n'; ++q) {
        const char c = t_[q];
        if (c == ':' && (q + 1 == n_ || t_[q + 1] == ' ' || t_[q + 1] == '\n')) break;
        if (c == '#' && t_[q - 1] == ' ') break;
        // Flow indicators and non-ASCII letters are where parsers are known
        // to differ; such files go to the other readers.
        if (static_cast<unsigned char>(c) >= 0x80 || c == ',' || c == '[' || c == ']' || c == '{' || c == '}')
          return std::nullopt;
      }
      std::size_t end = q;
      while (end > at && t_[end - 1] == ' ') --end;
      if (q < n_ && t_[q] == ':' && end != q) return std::nullopt; // `key :`, left to the others
      s.plain = true;
      s.value = t_.substr(at, end - at);
      s.end = end;
      after = q;
    }
    s.key = after < n_ && t_[after] == ':' && (after + 1 == n_ || t_[after + 1] == ' ' || t_[after + 1] == '\n');
    s.next = s.key ? after + 1 : after;
    return s;
  }

  std::string_view t_;
  std::size_t n_;
  std::size_t pos_ = 0;           ///< start of the next line to read
  /// End of the last scalar or comment: where a collection closed by the
  /// next line ends, in the grammar's reading (blank lines are not in it).
  std::size_t last_end_ = 0;
  bool key_without_value_ = false; ///< the last key's value starts on a later line
  std::vector<Open> stack_;
  TextReading out_;
};

} // namespace

std::optional<TextReading> read_plain_yaml(std::string_view text) { return TextReader(text).read(); }

} // namespace claudelint::source::yaml_plain
