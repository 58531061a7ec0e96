#include "schema/regex_syntax.h"

#include <optional>
#include <set>
#include <string_view>
#include <vector>

namespace claudelint::schema {

namespace {

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_hex(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_syntax_character(char32_t c) { return std::u32string_view(U"^$\\.*+?()[]{}|").find(c) != std::u32string_view::npos; }

/// A recursive-descent recogniser for ECMA-262 `Pattern[+UnicodeMode, +N]`.
class Recogniser {
public:
  explicit Recogniser(const std::u32string& s) : s_(s) {}

  bool run() {
    if (!disjunction() || pos_ != s_.size()) return false;
    if (max_backreference_ > groups_) return false;
    for (const auto& name : name_references_)
      if (!names_.contains(name)) return false;
    return true;
  }

private:
  bool at_end() const { return pos_ >= s_.size(); }
  char32_t peek(std::size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : 0; }
  bool eat(char32_t c) {
    if (at_end() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool eat(std::u32string_view text) {
    if (s_.compare(pos_, text.size(), text) != 0) return false;
    pos_ += text.size();
    return true;
  }

  bool disjunction() {
    if (++depth_ > 500) return false;
    do {
      while (!at_end() && peek() != '|' && peek() != ')')
        if (!term()) return false;
    } while (eat(U'|'));
    --depth_;
    return true;
  }

  bool term() {
    if (eat(U'^') || eat(U'$') || eat(U"\\b") || eat(U"\\B")) return true;
    if (eat(U"(?=") || eat(U"(?!") || eat(U"(?<=") || eat(U"(?<!")) return disjunction() && eat(U')');
    return atom() && quantifier();
  }

  bool quantifier() {
    if (eat(U'*') || eat(U'+') || eat(U'?')) {
      eat(U'?');
      return true;
    }
    if (peek() != '{') return true;
    ++pos_;
    const auto low = number();
    if (!low) return false;
    std::optional<unsigned long long> high = low;
    if (eat(U',')) high = at_end() || peek() == '}' ? std::optional<unsigned long long>(~0ull) : number();
    if (!high || !eat(U'}') || *high < *low) return false;
    eat(U'?');
    return true;
  }

  std::optional<unsigned long long> number() {
    const std::size_t start = pos_;
    unsigned long long value = 0;
    while (!at_end() && is_digit(peek())) {
      value = value > 1'000'000'000'000ull ? value : value * 10 + (peek() - '0');
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    return value;
  }

  bool atom() {
    if (at_end()) return false;
    const char32_t c = peek();
    if (c == '.') {
      ++pos_;
      return true;
    }
    if (c == '(') {
      ++pos_;
      if (eat(U"?:")) return disjunction() && eat(U')');
      if (peek() == '?') {
        if (peek(1) != '<') return false;
        pos_ += 2;
        const auto name = group_name();
        if (!name || !names_.insert(*name).second) return false;
      }
      ++groups_;
      return disjunction() && eat(U')');
    }
    if (c == '[') return character_class();
    if (c == '\\') {
      ++pos_;
      return atom_escape();
    }
    if (is_syntax_character(c)) return false;
    ++pos_;
    return true;
  }

  /// `<name>` after `(?` or `\k`; the name is an IdentifierName.
  std::optional<std::u32string> group_name() {
    std::u32string name;
    while (!at_end() && peek() != '>') {
      const char32_t c = peek();
      const bool start = is_ascii_letter(c) || c == '$' || c == '_' || c >= 0x80;
      if (!(start || (!name.empty() && is_digit(c)))) return std::nullopt;
      name += c;
      ++pos_;
    }
    if (name.empty() || !eat(U'>')) return std::nullopt;
    return name;
  }

  bool atom_escape() {
    if (at_end()) return false;
    const char32_t c = peek();
    if (c >= '1' && c <= '9') {
      const auto n = number();
      if (n && *n > max_backreference_) max_backreference_ = *n;
      return true;
    }
    if (c == 'k') {
      ++pos_;
      if (!eat(U'<')) return false;
      const auto name = group_name();
      if (!name) return false;
      name_references_.push_back(*name);
      return true;
    }
    return class_or_character_escape(false).has_value();
  }

  /// After a backslash: a character class escape (returns false: not a
  /// single character) or a character escape (true); nullopt when invalid.
  std::optional<bool> class_or_character_escape(bool in_class) {
    if (at_end()) return std::nullopt;
    const char32_t c = s_[pos_++];
    if (std::u32string_view(U"dDsSwW").find(c) != std::u32string_view::npos) return false;
    if (c == 'p' || c == 'P') {
      if (!eat(U'{')) return std::nullopt;
      const std::size_t start = pos_;
      while (!at_end() && (is_ascii_letter(peek()) || is_digit(peek()) || peek() == '_' || peek() == '=')) ++pos_;
      if (pos_ == start || !eat(U'}')) return std::nullopt;
      return false;
    }
    if (const auto control = std::u32string_view(U"fnrtv").find(c); control != std::u32string_view::npos) {
      escape_value_ = U"\f\n\r\t\v"[control];
      return true;
    }
    if (c == 'c') {
      if (at_end() || !is_ascii_letter(peek())) return std::nullopt;
      escape_value_ = s_[pos_++] % 32;
      return true;
    }
    if (c == '0') {
      escape_value_ = 0;
      return at_end() || !is_digit(peek()) ? std::optional<bool>(true) : std::nullopt;
    }
    if (c == 'x') {
      if (!is_hex(peek()) || !is_hex(peek(1))) return std::nullopt;
      escape_value_ = hex_value(pos_, 2);
      pos_ += 2;
      return true;
    }
    if (c == 'u') {
      if (eat(U'{')) {
        unsigned long value = 0;
        const std::size_t start = pos_;
        while (!at_end() && is_hex(peek())) {
          const char32_t h = s_[pos_++];
          value = value * 16 + static_cast<unsigned long>(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
          if (value > 0x10FFFF) return std::nullopt;
        }
        if (pos_ == start || !eat(U'}')) return std::nullopt;
        escape_value_ = static_cast<char32_t>(value);
        return true;
      }
      for (int i = 0; i < 4; ++i)
        if (!is_hex(peek(static_cast<std::size_t>(i)))) return std::nullopt;
      escape_value_ = hex_value(pos_, 4);
      pos_ += 4;
      return true;
    }
    escape_value_ = c == 'b' ? U'\b' : c;
    if (is_syntax_character(c) || c == '/') return true;
    if (in_class && (c == '-' || c == 'b')) return true;
    return std::nullopt;
  }

  /// One class atom: nullopt when invalid, else whether it is one character
  /// (and which, in `value`).
  std::optional<bool> class_atom(char32_t& value) {
    if (at_end()) return std::nullopt;
    if (peek() != '\\') {
      value = s_[pos_++];
      return true;
    }
    ++pos_;
    const auto single = class_or_character_escape(true);
    value = escape_value_;
    return single;
  }

  bool character_class() {
    ++pos_;
    eat(U'^');
    while (!at_end() && peek() != ']') {
      char32_t low = 0;
      const auto first = class_atom(low);
      if (!first) return false;
      if (peek() == '-' && peek(1) != ']' && peek(1) != 0) {
        ++pos_;
        char32_t high = 0;
        const auto second = class_atom(high);
        if (!second || !*first || !*second || high < low) return false;
      }
    }
    return eat(U']');
  }

  char32_t hex_value(std::size_t at, std::size_t count) const {
    char32_t value = 0;
    for (std::size_t i = at; i < at + count; ++i)
      value = value * 16 + (is_digit(s_[i]) ? s_[i] - '0' : (s_[i] | 0x20) - 'a' + 10);
    return value;
  }

  const std::u32string& s_;
  char32_t escape_value_ = 0;
  std::size_t pos_ = 0;
  int depth_ = 0;
  unsigned long long groups_ = 0;
  unsigned long long max_backreference_ = 0;
  std::set<std::u32string> names_;
  std::vector<std::u32string> name_references_;
};

} // namespace

bool is_ecmascript_regex(const std::u32string& pattern) { return Recogniser(pattern).run(); }

} // namespace claudelint::schema
