#include "schema/formats.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "schema/idn.h"
#include "schema/regex_syntax.h"
#include "schema/uri_syntax.h"

namespace claudelint::schema {

namespace {

using Text = std::u32string;

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// Decodes UTF-8; nullopt when it is not valid UTF-8.
std::optional<Text> decode(std::string_view in) {
  Text out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    const auto b = static_cast<unsigned char>(in[i]);
    int n = 0;
    char32_t c = 0;
    if (b < 0x80) {
      c = b;
    } else if ((b & 0xE0) == 0xC0) {
      n = 1;
      c = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 2;
      c = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 3;
      c = b & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + static_cast<std::size_t>(n) >= in.size()) return std::nullopt;
    for (int k = 1; k <= n; ++k) {
      const auto cb = static_cast<unsigned char>(in[i + static_cast<std::size_t>(k)]);
      if ((cb & 0xC0) != 0x80) return std::nullopt;
      c = (c << 6) | (cb & 0x3F);
    }
    if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) || (n == 3 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF))
      return std::nullopt;
    out += c;
    i += static_cast<std::size_t>(n) + 1;
  }
  return out;
}

/// Parses exactly `count` ASCII digits at `pos`.
std::optional<int> digits(const Text& s, std::size_t& pos, std::size_t count) {
  if (pos + count > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (!is_digit(s[pos + i])) return std::nullopt;
    value = value * 10 + static_cast<int>(s[pos + i] - '0');
  }
  pos += count;
  return value;
}

bool expect(const Text& s, std::size_t& pos, char32_t c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

bool full_date(const Text& s, std::size_t& pos) {
  const auto year = digits(s, pos, 4);
  if (!year || !expect(s, pos, '-')) return false;
  const auto month = digits(s, pos, 2);
  if (!month || *month < 1 || *month > 12 || !expect(s, pos, '-')) return false;
  const auto day = digits(s, pos, 2);
  return day && *day >= 1 && *day <= days_in_month(*year, *month);
}

/// RFC 3339 full-time; a leap second must fall on 23:59:60 UTC.
bool full_time(const Text& s, std::size_t& pos) {
  const auto hour = digits(s, pos, 2);
  if (!hour || *hour > 23 || !expect(s, pos, ':')) return false;
  const auto minute = digits(s, pos, 2);
  if (!minute || *minute > 59 || !expect(s, pos, ':')) return false;
  const auto second = digits(s, pos, 2);
  if (!second || *second > 60) return false;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    if (pos == start) return false;
  }
  if (pos >= s.size()) return false;
  int offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '+' ? 1 : -1;
    ++pos;
    const auto oh = digits(s, pos, 2);
    if (!oh || *oh > 23 || !expect(s, pos, ':')) return false;
    const auto om = digits(s, pos, 2);
    if (!om || *om > 59) return false;
    offset = sign * (*oh * 60 + *om);
  } else {
    return false;
  }
  if (*second == 60) {
    const int utc = ((*hour * 60 + *minute - offset) % 1440 + 1440) % 1440;
    if (utc != 23 * 60 + 59) return false;
  }
  return true;
}

bool is_date(const Text& s) {
  std::size_t pos = 0;
  return full_date(s, pos) && pos == s.size();
}

bool is_time(const Text& s) {
  std::size_t pos = 0;
  return full_time(s, pos) && pos == s.size();
}

bool is_date_time(const Text& s) {
  std::size_t pos = 0;
  if (!full_date(s, pos) || pos >= s.size() || (s[pos] != 'T' && s[pos] != 't')) return false;
  ++pos;
  return full_time(s, pos) && pos == s.size();
}

/// ISO 8601 durations as RFC 3339 appendix A writes them.
bool is_duration(const Text& s) {
  std::size_t pos = 0;
  if (!expect(s, pos, 'P') || pos == s.size()) return false;
  const auto number = [&]() {
    const std::size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    return pos > start;
  };
  if (s.size() > pos + 1 && s.back() == 'W') {
    return number() && expect(s, pos, 'W') && pos == s.size();
  }
  const auto units = [&](std::u32string_view order) {
    bool any = false;
    std::size_t next = 0;
    while (pos < s.size() && is_digit(s[pos])) {
      if (!number() || pos >= s.size()) return std::optional<bool>();
      const auto unit = order.find(s[pos], next);
      if (unit == std::u32string_view::npos) return std::optional<bool>();
      next = unit + 1;
      ++pos;
      any = true;
    }
    return std::optional<bool>(any);
  };
  const auto date = units(U"YMD");
  if (!date) return false;
  if (pos == s.size()) return *date;
  if (!expect(s, pos, 'T')) return false;
  const auto time = units(U"HMS");
  return time && *time && pos == s.size();
}


bool is_json_pointer(const Text& s, std::size_t pos = 0) {
  if (pos == s.size()) return true;
  if (s[pos] != '/') return false;
  for (; pos < s.size(); ++pos)
    if (s[pos] == '~' && (pos + 1 >= s.size() || (s[pos + 1] != '0' && s[pos + 1] != '1'))) return false;
  return true;
}

bool is_relative_json_pointer(const Text& s) {
  std::size_t pos = 0;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  if (pos == 0 || (pos > 1 && s[0] == '0')) return false;
  if (pos < s.size() && s[pos] == '#') return pos + 1 == s.size();
  return is_json_pointer(s, pos);
}

bool is_uuid(const Text& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

/// RFC 6570 (level 4) syntax.
bool is_uri_template(const Text& s) {
  std::size_t pos = 0;
  const auto pct_at = [&](std::size_t p) { return p + 2 < s.size() && s[p] == '%' && is_hex(s[p + 1]) && is_hex(s[p + 2]); };
  while (pos < s.size()) {
    const char32_t c = s[pos];
    if (c == '{') {
      ++pos;
      if (pos < s.size() && std::u32string_view(U"+#./;?&=,!@|").find(s[pos]) != std::u32string_view::npos) ++pos;
      while (true) {
        // varname = varchar *( ["."] varchar )
        bool any = false;
        bool after_dot = false;
        while (pos < s.size()) {
          if (is_alpha(s[pos]) || is_digit(s[pos]) || s[pos] == '_') {
            ++pos;
          } else if (pct_at(pos)) {
            pos += 3;
          } else if (s[pos] == '.' && any && !after_dot) {
            ++pos;
            after_dot = true;
            continue;
          } else {
            break;
          }
          any = true;
          after_dot = false;
        }
        if (!any || after_dot || pos >= s.size()) return false;
        if (s[pos] == ':') {
          ++pos;
          const std::size_t start = pos;
          while (pos < s.size() && is_digit(s[pos])) ++pos;
          if (pos == start || pos - start > 4 || s[start] == '0') return false;
        } else if (s[pos] == '*') {
          ++pos;
        }
        if (pos >= s.size()) return false;
        if (s[pos] == ',') {
          ++pos;
          continue;
        }
        if (s[pos] != '}') return false;
        ++pos;
        break;
      }
      continue;
    }
    if (c == '%') {
      if (!pct_at(pos)) return false;
      pos += 3;
      continue;
    }
    if (c <= 0x20 || c == 0x7F || std::u32string_view(U"\"<>\\^`{|}").find(c) != std::u32string_view::npos) return false;
    if (c >= 0x80 && !is_ucschar(c) && !is_iprivate(c)) return false;
    ++pos;
  }
  return true;
}

bool atext(char32_t c, bool international) {
  return is_alpha(c) || is_digit(c) || std::u32string_view(U"!#$%&'*+-/=?^_`{|}~").find(c) != std::u32string_view::npos ||
         (international && c >= 0x80);
}

/// RFC 5321 Mailbox (RFC 6531 with `international`).
bool is_email(const Text& s, bool international) {
  std::size_t pos = 0;
  if (pos < s.size() && s[pos] == '"') {
    ++pos;
    while (pos < s.size() && s[pos] != '"') {
      if (s[pos] == '\\') {
        if (++pos >= s.size()) return false;
      } else if (s[pos] < 0x20 && s[pos] != '\t') {
        return false;
      }
      ++pos;
    }
    if (!expect(s, pos, '"')) return false;
  } else {
    bool need_atom = true;
    while (pos < s.size() && s[pos] != '@') {
      if (s[pos] == '.') {
        if (need_atom) return false;
        need_atom = true;
      } else if (atext(s[pos], international)) {
        need_atom = false;
      } else {
        return false;
      }
      ++pos;
    }
    if (need_atom) return false;
  }
  if (!expect(s, pos, '@') || pos == s.size()) return false;
  const Text domain = s.substr(pos);
  if (domain.front() == '[' && domain.back() == ']') {
    const Text literal = domain.substr(1, domain.size() - 2);
    if (literal.starts_with(U"IPv6:")) return is_ipv6(literal.substr(5));
    return is_ipv4(literal);
  }
  return international ? is_idn_hostname(domain) : is_ascii_hostname(domain);
}

} // namespace

bool is_checked_format(std::string_view format) {
  static constexpr std::string_view checked[] = {
      "date-time",    "date",          "time",     "duration", "email",        "idn-email",
      "hostname",     "idn-hostname",  "ipv4",     "ipv6",     "uri",          "uri-reference",
      "iri",          "iri-reference", "uuid",     "regex",    "json-pointer", "relative-json-pointer",
      "uri-template"};
  return std::find(std::begin(checked), std::end(checked), format) != std::end(checked);
}

bool matches_format(std::string_view format, std::string_view value) {
  if (!is_checked_format(format)) return true;
  const auto text = decode(value);
  if (!text) return false;
  const Text& s = *text;
  if (format == "date-time") return is_date_time(s);
  if (format == "date") return is_date(s);
  if (format == "time") return is_time(s);
  if (format == "duration") return is_duration(s);
  if (format == "email") return is_email(s, false);
  if (format == "idn-email") return is_email(s, true);
  if (format == "hostname") return is_ascii_hostname(s);
  if (format == "idn-hostname") return is_idn_hostname(s);
  if (format == "ipv4") return is_ipv4(s);
  if (format == "ipv6") return is_ipv6(s);
  if (format == "uri") return is_uri(s, false);
  if (format == "uri-reference") return is_uri_reference(s, false);
  if (format == "iri") return is_uri(s, true);
  if (format == "iri-reference") return is_uri_reference(s, true);
  if (format == "uuid") return is_uuid(s);
  if (format == "regex") return is_ecmascript_regex(s);
  if (format == "json-pointer") return is_json_pointer(s);
  if (format == "relative-json-pointer") return is_relative_json_pointer(s);
  if (format == "uri-template") return is_uri_template(s);
  return true;
}

} // namespace claudelint::schema
