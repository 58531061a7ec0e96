#include "source/yaml_scalar.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace claudelint::source::yaml {

using nlohmann::json;

namespace {

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!pred(c)) return false;
  return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::optional<json> parse_integer(std::string_view s) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (s.starts_with("0o") && all_of(s.substr(2), is_octal)) { base = 8; digits = s.substr(2); }
  else if (s.starts_with("0x") && all_of(s.substr(2), is_hex)) { base = 16; digits = s.substr(2); }
  else if (!all_of(digits, is_digit)) return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc{} || ptr != digits.data() + digits.size()) {
    // Too large for 64 bits: keep it as a float rather than losing it.
    return json(std::strtod(std::string(s).c_str(), nullptr));
  }
  if (!negative) {
    if (magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return json(static_cast<std::int64_t>(magnitude));
    return json(magnitude);
  }
  if (magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1)
    return json(static_cast<std::int64_t>(0 - magnitude));
  return json(-static_cast<double>(magnitude));
}

/// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) { ++i; ++int_digits; }
  bool dot = false;
  if (i < s.size() && s[i] == '.') {
    dot = true;
    ++i;
    while (i < s.size() && is_digit(s[i])) { ++i; ++frac_digits; }
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (int_digits == 0 && !dot) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) { ++i; ++exp_digits; }
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

std::optional<json> parse_float(std::string_view s) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF")
    return json(std::numeric_limits<double>::infinity());
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return json(-std::numeric_limits<double>::infinity());
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return json(std::numeric_limits<double>::quiet_NaN());
  if (!is_core_float(s)) return std::nullopt;
  return json(std::strtod(std::string(s).c_str(), nullptr));
}

bool is_null(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

std::optional<bool> parse_bool(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

} // namespace

json resolve_plain(std::string_view text) {
  if (is_null(text)) return nullptr;
  if (const auto b = parse_bool(text)) return *b;
  if (!text.empty() && (is_digit(text[0]) || text[0] == '-' || text[0] == '+' || text[0] == '.')) {
    if (auto i = parse_integer(text)) return *i;
    if (auto f = parse_float(text)) return *f;
  }
  return std::string(text);
}

std::optional<json> resolve_tagged(std::string_view tag, std::string_view text) {
  constexpr std::string_view prefix = "tag:yaml.org,2002:";
  if (!tag.starts_with(prefix)) return json(std::string(text)); // custom tags keep the text
  const std::string_view name = tag.substr(prefix.size());
  if (name == "str") return json(std::string(text));
  if (name == "null") return is_null(text) ? std::optional<json>(nullptr) : std::nullopt;
  if (name == "bool") {
    const auto b = parse_bool(text);
    return b ? std::optional<json>(*b) : std::nullopt;
  }
  if (name == "int") return parse_integer(text);
  if (name == "float") {
    if (auto f = parse_float(text)) return f;
    if (auto i = parse_integer(text)) return json(i->get<double>());
    return std::nullopt;
  }
  return json(std::string(text)); // binary, timestamp, …: keep the text
}

std::optional<std::string> yaml11_difference(std::string_view s) {
  static constexpr std::string_view truthy[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"};
  static constexpr std::string_view falsy[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF"};
  for (const auto word : truthy)
    if (s == word) return fmt::format("`{}` is the string \"{}\" in YAML 1.2 but the boolean true in YAML 1.1", s, s);
  for (const auto word : falsy)
    if (s == word) return fmt::format("`{}` is the string \"{}\" in YAML 1.2 but the boolean false in YAML 1.1", s, s);

  std::string_view unsigned_part = s;
  if (!unsigned_part.empty() && (unsigned_part[0] == '-' || unsigned_part[0] == '+')) unsigned_part.remove_prefix(1);
  if (unsigned_part.size() > 1 && unsigned_part[0] == '0' && all_of(unsigned_part, is_digit)) {
    if (all_of(unsigned_part, is_octal) && unsigned_part.size() <= 18) {
      const auto as_decimal = std::stoull(std::string(unsigned_part), nullptr, 10);
      const auto as_octal = std::stoull(std::string(unsigned_part), nullptr, 8);
      const std::string_view sign = s[0] == '-' ? "-" : "";
      return fmt::format("`{}` is the integer {}{} in YAML 1.2 but the octal number {}{} in YAML 1.1", s, sign,
                         as_decimal, sign, as_octal);
    }
    return fmt::format("`{}` has a leading zero: YAML 1.2 reads it as a decimal integer, some YAML 1.1 readers fail on it", s);
  }
  // 1e3: a float in YAML 1.2, a string in YAML 1.1 (which requires a dot).
  if (is_core_float(s) && s.find('.') == std::string_view::npos && (s.find('e') != std::string_view::npos || s.find('E') != std::string_view::npos))
    return fmt::format("`{}` is the number {} in YAML 1.2 but the string \"{}\" in YAML 1.1", s,
                       std::strtod(std::string(s).c_str(), nullptr), s);
  // 1_000 and 1:30 are integers in YAML 1.1 (underscores, base 60) but strings in YAML 1.2.
  const bool digits_and = !unsigned_part.empty() && is_digit(unsigned_part[0]) &&
                          unsigned_part.find_first_not_of("0123456789_:.") == std::string_view::npos;
  if (digits_and && unsigned_part.find('_') != std::string_view::npos)
    return fmt::format("`{}` is a string in YAML 1.2 but a number in YAML 1.1 (which ignores `_`)", s);
  if (digits_and && unsigned_part.find(':') != std::string_view::npos && unsigned_part.back() != ':' &&
      unsigned_part.find("::") == std::string_view::npos)
    return fmt::format("`{}` is a string in YAML 1.2 but a base-60 number in YAML 1.1", s);
  return std::nullopt;
}

} // namespace claudelint::source::yaml
