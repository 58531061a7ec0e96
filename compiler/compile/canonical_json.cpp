#include "compile/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "support/error.h"
#include "support/utf8.h"

namespace claudelint::compile {

namespace {

using json = nlohmann::json;

constexpr char hex_digits[] = "0123456789abcdef";

void require_utf8(std::string_view text) {
  if (support::find_invalid_utf8(text))
    throw InternalError("canonical JSON: a string or key is not valid UTF-8");
}

/// Appends ECMAScript's Number::toString(x) (ECMA-262, Number::toString with
/// radix 10), which JCS uses for every number.
void append_number(std::string& out, double x) {
  if (!std::isfinite(x)) throw InternalError("canonical JSON: NaN and infinity have no JSON form");
  if (x == 0) { // also -0
    out += '0';
    return;
  }
  if (x < 0) {
    out += '-';
    x = -x;
  }
  // std::to_chars without a precision gives the shortest digits that read
  // back as x, the closest to x when several are that short: the digits s and
  // exponent of the ECMAScript algorithm. Its form is d[.ddd]e(+|-)dd.
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific);
  const std::string_view scientific(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e = scientific.find('e');
  std::string digits(1, scientific[0]);
  if (e > 1) digits.append(scientific.substr(2, e - 2));
  int exponent = 0;
  for (const char c : scientific.substr(e + 2)) exponent = exponent * 10 + (c - '0');
  if (scientific[e + 1] == '-') exponent = -exponent;

  // In the specification's terms: x = s × 10^(n−k), s having k digits.
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += n - 1 < 0 ? '-' : '+';
    out += std::to_string(std::abs(n - 1));
  }
}

/// Appends `text` (valid UTF-8) as JSON.stringify quotes it.
void append_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\f': out += "\\f"; break;
    case '\r': out += "\\r"; break;
    default:
      if (const auto byte = static_cast<unsigned char>(c); byte < 0x20) {
        out += "\\u00";
        out += hex_digits[byte >> 4];
        out += hex_digits[byte & 0x0F];
      } else {
        out += c;
      }
    }
  }
  out += '"';
}

/// Decodes the code point of valid UTF-8 at `i` and moves `i` past it.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k)
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += length;
  return code_point;
}

/// The first UTF-16 code unit of `code_point`.
char32_t first_utf16_unit(char32_t code_point) {
  return code_point < 0x10000 ? code_point : 0xD800 + ((code_point - 0x10000) >> 10);
}

/// JCS key order: the UTF-16 code units of `a` and `b` (valid UTF-8) compared
/// as unsigned numbers. It differs from UTF-8 byte (code point) order only
/// where a supplementary character (a surrogate pair, D800–DBFF first) meets
/// a character in U+E000–U+FFFF.
bool utf16_less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const char32_t x = next_code_point(a, i);
    const char32_t y = next_code_point(b, j);
    if (x == y) continue;
    const char32_t unit_x = first_utf16_unit(x), unit_y = first_utf16_unit(y);
    // With equal high surrogates the low surrogates order as the code points do.
    return unit_x != unit_y ? unit_x < unit_y : x < y;
  }
  return i == a.size() && j < b.size();
}

void new_line(std::string& out, int indent, int depth) {
  if (indent == 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent * depth), ' ');
}

/// Appends `value`; `indent` 0 is the compact JCS form. Recursion is bounded
/// by the loaders' nesting-depth guard.
void write(std::string& out, const json& value, int indent, int depth) {
  switch (value.type()) {
  case json::value_t::null: out += "null"; return;
  case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
  // JCS numbers are IEEE-754 doubles (RFC 8785 section 3.2.2.3): integers are
  // printed as the nearest double, exactly as ECMAScript would read them.
  case json::value_t::number_integer: append_number(out, static_cast<double>(value.get<std::int64_t>())); return;
  case json::value_t::number_unsigned: append_number(out, static_cast<double>(value.get<std::uint64_t>())); return;
  case json::value_t::number_float: append_number(out, value.get<double>()); return;
  case json::value_t::string: {
    const auto& text = value.get_ref<const std::string&>();
    require_utf8(text);
    append_string(out, text);
    return;
  }
  case json::value_t::array: {
    if (value.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    for (const auto& element : value) {
      if (!first) out += ',';
      first = false;
      new_line(out, indent, depth + 1);
      write(out, element, indent, depth + 1);
    }
    new_line(out, indent, depth);
    out += ']';
    return;
  }
  case json::value_t::object: {
    if (value.empty()) {
      out += "{}";
      return;
    }
    const auto& object = value.get_ref<const json::object_t&>();
    std::vector<const json::object_t::value_type*> members;
    members.reserve(object.size());
    for (const auto& member : object) {
      require_utf8(member.first);
      members.push_back(&member);
    }
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return utf16_less(a->first, b->first); });
    out += '{';
    bool first = true;
    for (const auto* member : members) {
      if (!first) out += ',';
      first = false;
      new_line(out, indent, depth + 1);
      append_string(out, member->first);
      out += indent == 0 ? ":" : ": ";
      write(out, member->second, indent, depth + 1);
    }
    new_line(out, indent, depth);
    out += '}';
    return;
  }
  case json::value_t::binary:
  case json::value_t::discarded: break;
  }
  throw InternalError("canonical JSON: binary and discarded values have no JSON form");
}

} // namespace

std::string canonical_json(const json& value) {
  std::string out;
  write(out, value, 0, 0);
  return out;
}

std::string canonical_json_pretty(const json& value) {
  std::string out;
  write(out, value, 2, 0);
  out += '\n';
  return out;
}

} // namespace claudelint::compile
