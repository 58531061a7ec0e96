#include "schema/uri_syntax.h"

#include <algorithm>
#include <string_view>

namespace claudelint::schema {

bool is_ucschar(char32_t c) {
  return (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFEF) ||
         (c >= 0x10000 && c <= 0xEFFFD && (c & 0xFFFF) <= 0xFFFD);
}
bool is_iprivate(char32_t c) {
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) || (c >= 0x100000 && c <= 0x10FFFD);
}

namespace {

using Text = std::u32string;

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool expect(const Text& s, std::size_t& pos, char32_t c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool ipv4_at(const Text& s, std::size_t begin, std::size_t end) {
  int parts = 0;
  std::size_t pos = begin;
  while (true) {
    const std::size_t start = pos;
    int value = 0;
    while (pos < end && is_digit(s[pos]) && pos - start < 3) value = value * 10 + static_cast<int>(s[pos++] - '0');
    if (pos == start || value > 255 || (pos - start > 1 && s[start] == '0')) return false;
    ++parts;
    if (pos == end) return parts == 4;
    if (s[pos] != '.' || parts == 4) return false;
    ++pos;
  }
}

bool ipv6_at(const Text& s, std::size_t begin, std::size_t end) {
  int groups = 0;
  bool compressed = false;
  std::size_t pos = begin;
  if (end - begin >= 2 && s[begin] == ':' && s[begin + 1] == ':') {
    compressed = true;
    pos += 2;
    if (pos == end) return true;
  } else if (pos < end && s[pos] == ':') {
    return false;
  }
  while (pos < end) {
    // An embedded IPv4 address ends the address and counts as two groups.
    const std::size_t next_colon = std::find(s.begin() + static_cast<std::ptrdiff_t>(pos),
                                             s.begin() + static_cast<std::ptrdiff_t>(end), U':') - s.begin();
    const auto dot = std::find(s.begin() + static_cast<std::ptrdiff_t>(pos), s.begin() + static_cast<std::ptrdiff_t>(end), U'.');
    if (static_cast<std::size_t>(next_colon) == end && dot != s.begin() + static_cast<std::ptrdiff_t>(end)) {
      if (!ipv4_at(s, pos, end)) return false;
      groups += 2;
      break;
    }
    const std::size_t start = pos;
    while (pos < end && is_hex(s[pos]) && pos - start < 5) ++pos;
    if (pos == start || pos - start > 4) return false;
    ++groups;
    if (pos == end) break;
    if (s[pos] != ':') return false;
    ++pos;
    if (pos < end && s[pos] == ':') {
      if (compressed) return false;
      compressed = true;
      ++pos;
      if (pos == end) break;
    } else if (pos == end) {
      return false;
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}


// RFC 3986 character classes; `iri` adds RFC 3987 ucschar (and iprivate
// where allowed).
bool unreserved(char32_t c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
bool sub_delim(char32_t c) { return c != 0 && std::u32string_view(U"!$&'()*+,;=").find(c) != std::u32string_view::npos; }

class UriParser {
public:
  UriParser(const Text& s, bool iri) : s_(s), iri_(iri) {}

  bool uri() {
    pos_ = 0;
    return scheme() && expect(s_, pos_, ':') && hier_part(false) && tail();
  }

  bool reference() {
    pos_ = 0;
    if (scheme() && pos_ < s_.size() && s_[pos_] == ':') {
      ++pos_;
      return hier_part(false) && tail();
    }
    pos_ = 0;
    return hier_part(true) && tail();
  }

private:
  bool scheme() {
    if (pos_ >= s_.size() || !is_alpha(s_[pos_])) return false;
    while (pos_ < s_.size() && (is_alpha(s_[pos_]) || is_digit(s_[pos_]) || s_[pos_] == '+' || s_[pos_] == '-' || s_[pos_] == '.'))
      ++pos_;
    return true;
  }

  bool tail() {
    if (pos_ < s_.size() && s_[pos_] == '?') {
      ++pos_;
      if (!chars(U"/?", true)) return false;
    }
    if (pos_ < s_.size() && s_[pos_] == '#') {
      ++pos_;
      if (!chars(U"/?", false)) return false;
    }
    return pos_ == s_.size();
  }

  bool unreserved_char(char32_t c) const { return unreserved(c) || (iri_ && is_ucschar(c)); }

  /// Consumes pchar / extra characters up to the next delimiter; false on a bad character.
  bool chars(std::u32string_view extra, bool allow_private) {
    while (pos_ < s_.size()) {
      const char32_t c = s_[pos_];
      if (c == '#' || (c == '?' && extra.find(U'?') == std::u32string_view::npos)) return true;
      if (c == '%') {
        if (!pct()) return false;
        continue;
      }
      if (unreserved_char(c) || sub_delim(c) || c == ':' || c == '@' || extra.find(c) != std::u32string_view::npos ||
          (allow_private && iri_ && is_iprivate(c))) {
        ++pos_;
        continue;
      }
      return false;
    }
    return true;
  }

  bool pct() {
    if (pos_ + 2 >= s_.size()) return false;
    if (!is_hex(s_[pos_ + 1]) || !is_hex(s_[pos_ + 2])) return false;
    pos_ += 3;
    return true;
  }

  bool segment(bool no_colon) {
    while (pos_ < s_.size()) {
      const char32_t c = s_[pos_];
      if (c == '/' || c == '?' || c == '#') return true;
      if (c == '%') {
        if (!pct()) return false;
        continue;
      }
      if (c == ':' && no_colon) return false;
      if (unreserved_char(c) || sub_delim(c) || c == ':' || c == '@') {
        ++pos_;
        continue;
      }
      return false;
    }
    return true;
  }

  bool path_rest() {
    while (pos_ < s_.size() && s_[pos_] == '/') {
      ++pos_;
      if (!segment(false)) return false;
    }
    return pos_ == s_.size() || s_[pos_] == '?' || s_[pos_] == '#';
  }

  bool hier_part(bool relative) {
    if (s_.size() - pos_ >= 2 && s_[pos_] == '/' && s_[pos_ + 1] == '/') {
      pos_ += 2;
      return authority() && path_rest();
    }
    if (pos_ < s_.size() && s_[pos_] == '/') return path_rest();
    if (!segment(relative)) return false;
    return path_rest();
  }

  bool authority() {
    std::size_t end = pos_;
    while (end < s_.size() && s_[end] != '/' && s_[end] != '?' && s_[end] != '#') ++end;
    std::size_t host = pos_;
    if (const auto at = std::find(s_.begin() + static_cast<std::ptrdiff_t>(pos_), s_.begin() + static_cast<std::ptrdiff_t>(end), U'@');
        at != s_.begin() + static_cast<std::ptrdiff_t>(end)) {
      const std::size_t at_pos = static_cast<std::size_t>(at - s_.begin());
      while (pos_ < at_pos) {
        const char32_t c = s_[pos_];
        if (c == '%') {
          if (!pct()) return false;
          continue;
        }
        if (!unreserved_char(c) && !sub_delim(c) && c != ':') return false;
        ++pos_;
      }
      host = at_pos + 1;
      pos_ = host;
    }
    if (pos_ < end && s_[pos_] == '[') {
      const auto close = std::find(s_.begin() + static_cast<std::ptrdiff_t>(pos_), s_.begin() + static_cast<std::ptrdiff_t>(end), U']');
      if (close == s_.begin() + static_cast<std::ptrdiff_t>(end)) return false;
      const std::size_t close_pos = static_cast<std::size_t>(close - s_.begin());
      if (!ip_literal(pos_ + 1, close_pos)) return false;
      pos_ = close_pos + 1;
    } else {
      while (pos_ < end && s_[pos_] != ':') {
        const char32_t c = s_[pos_];
        if (c == '%') {
          if (!pct()) return false;
          continue;
        }
        if (!unreserved_char(c) && !sub_delim(c)) return false;
        ++pos_;
      }
    }
    if (pos_ < end && s_[pos_] == ':') {
      ++pos_;
      while (pos_ < end && is_digit(s_[pos_])) ++pos_;
    }
    return pos_ == end;
  }

  bool ip_literal(std::size_t begin, std::size_t end) const {
    if (begin < end && (s_[begin] == 'v' || s_[begin] == 'V')) {
      std::size_t p = begin + 1;
      const std::size_t start = p;
      while (p < end && is_hex(s_[p])) ++p;
      if (p == start || p >= end || s_[p] != '.') return false;
      ++p;
      if (p == end) return false;
      for (; p < end; ++p)
        if (!unreserved(s_[p]) && !sub_delim(s_[p]) && s_[p] != ':') return false;
      return true;
    }
    return ipv6_at(s_, begin, end);
  }

  const Text& s_;
  bool iri_;
  std::size_t pos_ = 0;
};


} // namespace

bool is_ipv4(const std::u32string& text) { return ipv4_at(text, 0, text.size()); }
bool is_ipv6(const std::u32string& text) { return ipv6_at(text, 0, text.size()); }
bool is_uri(const std::u32string& text, bool iri) { return UriParser(text, iri).uri(); }
bool is_uri_reference(const std::u32string& text, bool iri) { return UriParser(text, iri).reference(); }

} // namespace claudelint::schema
