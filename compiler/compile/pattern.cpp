#include "compile/pattern.h"

#include <vector>

namespace claudelint::compile {

namespace {

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

/// `*` and `?` within one segment; iterative with one backtrack point, so
/// the cost stays linear in practice and never recurses.
bool match_segment(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

} // namespace

bool match_pattern(std::string_view pattern, std::string_view subject) {
  if (pattern.find("**") == std::string_view::npos) {
    // Without `**` the segments pair up one to one: no table, no allocation
    // (parity asks this for every difference and every `allow` pattern).
    for (;;) {
      const auto pattern_end = pattern.find('/'), subject_end = subject.find('/');
      if (!match_segment(pattern.substr(0, pattern_end), subject.substr(0, subject_end))) return false;
      if (pattern_end == std::string_view::npos || subject_end == std::string_view::npos)
        return pattern_end == subject_end;
      pattern.remove_prefix(pattern_end + 1);
      subject.remove_prefix(subject_end + 1);
    }
  }
  // `<literal prefix>/**` (the usual `allow` entry): the prefix itself or anything below it.
  if (pattern.ends_with("/**")) {
    const std::string_view prefix = pattern.substr(0, pattern.size() - 3);
    if (prefix.find_first_of("*?") == std::string_view::npos)
      return subject.starts_with(prefix) && (subject.size() == prefix.size() || subject[prefix.size()] == '/');
  }
  const auto pats = split(pattern);
  const auto subs = split(subject);
  // Segment-level matching with `**`, by dynamic programming over
  // (pattern index, subject index): bounded by the product of the sizes.
  std::vector<std::vector<char>> can(pats.size() + 1, std::vector<char>(subs.size() + 1, 0));
  can[pats.size()][subs.size()] = 1;
  for (std::size_t i = pats.size(); i-- > 0;) {
    for (std::size_t j = subs.size() + 1; j-- > 0;) {
      if (pats[i] == "**") {
        can[i][j] = can[i + 1][j] || (j < subs.size() && can[i][j + 1]);
      } else {
        can[i][j] = j < subs.size() && match_segment(pats[i], subs[j]) && can[i + 1][j + 1];
      }
    }
  }
  return can[0][0] != 0;
}

bool is_literal_pattern(std::string_view pattern) {
  return pattern.find_first_of("*?") == std::string_view::npos;
}

} // namespace claudelint::compile
