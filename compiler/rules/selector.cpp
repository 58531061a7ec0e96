#include "rules/selector.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "model/document.h"

namespace claudelint::rules {

using nlohmann::json;

namespace {

std::vector<std::string> tokens(const std::string& pattern) {
  std::vector<std::string> out;
  if (pattern.empty()) return out;
  std::size_t start = 1;
  for (;;) {
    const auto slash = pattern.find('/', start);
    std::string token = pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    // RFC 6901 unescaping: ~1 then ~0.
    for (std::size_t at = token.find("~1"); at != std::string::npos; at = token.find("~1", at + 1)) token.replace(at, 2, "/");
    for (std::size_t at = token.find("~0"); at != std::string::npos; at = token.find("~0", at + 1)) token.replace(at, 2, "~");
    out.push_back(std::move(token));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

class Walk {
public:
  Walk(const Pattern& pattern, const std::function<void(const MatchView&)>& visit)
      : parts_(pattern.segments()), pattern_(pattern), visit_(visit) {}

  void run(const json& document) { expand(document, 0); }

private:
  void emit(const json* value) {
    if (pattern_.repeats() && !seen_.insert(pointer_).second) return;
    visit_(MatchView{pointer_, value, captures_});
  }

  void expand(const json& node, std::size_t index) {
    if (index == parts_.size()) {
      emit(&node);
      return;
    }
    const std::string& part = parts_[index];
    const Pattern::Segment kind = pattern_.kinds()[index];
    const std::size_t mark = pointer_.size();
    if (kind == Pattern::Segment::any_depth) { // any depth, zero segments included; no capture
      expand(node, index + 1);
      if (node.is_object()) {
        for (const auto& [key, child] : node.items()) {
          model::push_pointer_token(pointer_, key);
          expand(child, index);
          pointer_.resize(mark);
        }
      } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
          model::push_pointer_index(pointer_, i);
          expand(node[i], index);
          pointer_.resize(mark);
        }
      }
      return;
    }
    if (kind == Pattern::Segment::any_key) {
      if (node.is_object()) {
        for (const auto& [key, child] : node.items()) {
          captures_.push_back(key);
          model::push_pointer_token(pointer_, key);
          expand(child, index + 1);
          pointer_.resize(mark);
          captures_.pop_back();
        }
      } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
          captures_.push_back(std::to_string(i));
          model::push_pointer_index(pointer_, i);
          expand(node[i], index + 1);
          pointer_.resize(mark);
          captures_.pop_back();
        }
      }
      return;
    }
    const json* child = nullptr;
    if (node.is_object()) {
      if (const auto it = node.find(part); it != node.end()) child = &*it;
    } else if (node.is_array() && !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit)) {
      const auto i = std::stoul(part);
      if (i < node.size()) child = &node[i];
    }
    if (child) {
      model::push_pointer_token(pointer_, part);
      expand(*child, index + 1);
      pointer_.resize(mark);
      return;
    }
    // Absent: one null match, unless a wildcard follows (nothing to expand)
    // or the pattern has `**` (every node it passes would lack the value).
    const auto& kinds = pattern_.kinds();
    if (pattern_.has_any_depth() ||
        std::find(kinds.begin() + static_cast<std::ptrdiff_t>(index), kinds.end(), Pattern::Segment::any_key) != kinds.end())
      return;
    for (std::size_t k = index; k < parts_.size(); ++k) model::push_pointer_token(pointer_, parts_[k]);
    emit(nullptr);
    pointer_.resize(mark);
  }

  const std::vector<std::string>& parts_;
  const Pattern& pattern_;
  const std::function<void(const MatchView&)>& visit_;
  std::string pointer_;
  std::vector<std::string> captures_;
  std::set<std::string> seen_; ///< with two `**`s, the pointers already visited
};

} // namespace

Pattern::Pattern(const std::string& pattern) : segments_(tokens(pattern)) {
  for (const auto& segment : segments_)
    kinds_.push_back(segment == "**" ? Segment::any_depth : segment == "*" ? Segment::any_key : Segment::literal);
  any_depth_ = static_cast<std::size_t>(std::count(kinds_.begin(), kinds_.end(), Segment::any_depth));
}

void for_each_match(const json& document, const Pattern& pattern, const std::function<void(const MatchView&)>& visit) {
  Walk(pattern, visit).run(document);
}

std::vector<Match> select(const json& document, const std::string& pattern) {
  std::vector<Match> out;
  for_each_match(document, Pattern(pattern),
                 [&](const MatchView& match) { out.push_back({match.pointer, match.value, match.captures}); });
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.pointer < b.pointer; });
  return out;
}

std::string substitute(const std::string& pattern, const std::vector<std::string>& captures, bool as_pointer) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i + 1]))) {
      const std::size_t n = static_cast<std::size_t>(pattern[i + 1] - '0');
      ++i;
      if (n >= 1 && n <= captures.size()) {
        const std::string& capture = captures[n - 1];
        out += as_pointer ? model::append_pointer("", capture).substr(1) : capture;
      }
      continue;
    }
    out += pattern[i];
  }
  return out;
}

} // namespace claudelint::rules
