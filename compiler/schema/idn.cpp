#include "schema/idn.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "schema/unicode_tables.h"

namespace claudelint::schema {

namespace {

using unicode::Bidi;

constexpr std::uint64_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
constexpr std::uint64_t limit = 0xFFFFFFFFu; // RFC 3492 assumes 32-bit arithmetic

std::uint64_t adapt(std::uint64_t delta, std::uint64_t points, bool first) {
  delta = first ? delta / damp : delta / 2;
  delta += delta / points;
  std::uint64_t k = 0;
  while (delta > ((base - tmin) * tmax) / 2) {
    delta /= base - tmin;
    k += base;
  }
  return k + (base - tmin + 1) * delta / (delta + skew);
}

int digit_value(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0') + 26;
  if (c >= 'a' && c <= 'z') return static_cast<int>(c - 'a');
  if (c >= 'A' && c <= 'Z') return static_cast<int>(c - 'A');
  return -1;
}

char32_t digit_char(std::uint64_t d) { return d < 26 ? static_cast<char32_t>('a' + d) : static_cast<char32_t>('0' + d - 26); }

std::uint64_t threshold(std::uint64_t k, std::uint64_t bias) {
  return k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
}

bool is_ascii(const std::u32string& s) {
  return std::all_of(s.begin(), s.end(), [](char32_t c) { return c < 0x80; });
}

std::u32string lower_ascii(std::u32string s) {
  for (char32_t& c : s)
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  return s;
}

bool in(char32_t c, char32_t first, char32_t last) { return c >= first && c <= last; }

bool is_greek(char32_t c) { return (in(c, 0x370, 0x3FF) && c != 0x37E && c != 0x387 && c != 0x375) || in(c, 0x1F00, 0x1FFF); }
bool is_hebrew(char32_t c) { return in(c, 0x591, 0x5F4) || in(c, 0xFB1D, 0xFB4F); }
bool is_kana_or_han(char32_t c) {
  return (in(c, 0x3040, 0x30FF) && c != 0x30FB) || in(c, 0x31F0, 0x31FF) || in(c, 0xFF66, 0xFF9F) ||
         in(c, 0x2E80, 0x2FDF) || c == 0x3005 || c == 0x3007 || in(c, 0x3021, 0x3029) || in(c, 0x3038, 0x303B) ||
         in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) || in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x3134F);
}

/// Joining letters for the ZWNJ rule of RFC 5892 appendix A.1, approximated
/// by Bidi class (right-to-left joining scripts).
bool joins(char32_t c) { return unicode::bidi_class(c) == Bidi::AL || unicode::bidi_class(c) == Bidi::R; }

/// RFC 5892 appendix A: the rules for CONTEXTJ and CONTEXTO code points.
bool context_allows(const std::u32string& label, std::size_t i) {
  const char32_t c = label[i];
  const char32_t before = i > 0 ? label[i - 1] : 0;
  const char32_t after = i + 1 < label.size() ? label[i + 1] : 0;
  switch (c) {
  case 0x200D: return i > 0 && unicode::is_virama(before);
  case 0x200C: {
    if (i > 0 && unicode::is_virama(before)) return true;
    std::size_t left = i;
    while (left > 0 && unicode::is_mark(label[left - 1])) --left;
    std::size_t right = i + 1;
    while (right < label.size() && unicode::is_mark(label[right])) ++right;
    return left > 0 && right < label.size() && joins(label[left - 1]) && joins(label[right]);
  }
  case 0x00B7: return before == 'l' && after == 'l';
  case 0x0375: return after != 0 && is_greek(after);
  case 0x05F3:
  case 0x05F4: return before != 0 && is_hebrew(before);
  case 0x30FB: return std::any_of(label.begin(), label.end(), is_kana_or_han);
  default: break;
  }
  if (in(c, 0x660, 0x669))
    return std::none_of(label.begin(), label.end(), [](char32_t d) { return in(d, 0x6F0, 0x6F9); });
  if (in(c, 0x6F0, 0x6F9))
    return std::none_of(label.begin(), label.end(), [](char32_t d) { return in(d, 0x660, 0x669); });
  return false;
}

/// RFC 5891 §5.4 / RFC 5892: a U-label's code points and their context.
bool valid_u_label(const std::u32string& label) {
  if (label.empty()) return false;
  if (label.size() >= 4 && label[2] == '-' && label[3] == '-') return false;
  if (label.front() == '-' || label.back() == '-') return false;
  if (unicode::is_mark(label.front())) return false;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (unicode::is_pvalid(label[i]) && !(in(label[i], 0x660, 0x669) || in(label[i], 0x6F0, 0x6F9))) continue;
    if (!context_allows(label, i)) return false;
  }
  return true;
}

/// RFC 5893 §2, for every label of a domain name that has a right-to-left label.
bool bidi_rule(const std::u32string& label) {
  std::vector<Bidi> classes;
  for (const char32_t c : label) classes.push_back(unicode::bidi_class(c));
  if (classes.empty()) return false;
  const Bidi first = classes.front();
  auto last = classes.rbegin();
  while (last != classes.rend() && *last == Bidi::NSM) ++last;
  if (last == classes.rend()) return false;
  const auto any = [&](Bidi b) { return std::find(classes.begin(), classes.end(), b) != classes.end(); };
  if (first == Bidi::R || first == Bidi::AL) {
    for (const Bidi b : classes)
      if (b != Bidi::R && b != Bidi::AL && b != Bidi::AN && b != Bidi::EN && b != Bidi::ES && b != Bidi::CS &&
          b != Bidi::ET && b != Bidi::ON && b != Bidi::BN && b != Bidi::NSM)
        return false;
    if (*last != Bidi::R && *last != Bidi::AL && *last != Bidi::EN && *last != Bidi::AN) return false;
    return !(any(Bidi::EN) && any(Bidi::AN));
  }
  if (first != Bidi::L) return false;
  for (const Bidi b : classes)
    if (b != Bidi::L && b != Bidi::EN && b != Bidi::ES && b != Bidi::CS && b != Bidi::ET && b != Bidi::ON &&
        b != Bidi::BN && b != Bidi::NSM)
      return false;
  return *last == Bidi::L || *last == Bidi::EN;
}

bool ldh_label(const std::u32string& label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_separator(char32_t c, bool idn) { return c == '.' || (idn && (c == 0x3002 || c == 0xFF0E || c == 0xFF61)); }

bool check_hostname(const std::u32string& name, bool idn) {
  std::vector<std::u32string> labels(1);
  for (const char32_t c : name) {
    if (is_separator(c, idn)) labels.emplace_back();
    else labels.back() += c;
  }
  std::size_t total = labels.size() - 1;
  bool bidi_domain = false;
  std::vector<std::u32string> u_labels;
  for (const auto& label : labels) {
    if (label.empty()) return false;
    std::u32string u_label;
    std::size_t a_length = label.size();
    if (is_ascii(label)) {
      if (label.size() >= 4 && lower_ascii(label.substr(0, 4)) == U"xn--") {
        const auto decoded = punycode_decode(label.substr(4));
        if (!decoded || is_ascii(*decoded) || !valid_u_label(*decoded)) return false;
        const auto again = punycode_encode(*decoded);
        if (!again || *again != lower_ascii(label.substr(4))) return false;
        u_label = *decoded;
      } else {
        if (!ldh_label(label)) return false;
        u_label = label;
      }
    } else {
      if (!idn || !valid_u_label(label)) return false;
      const auto encoded = punycode_encode(label);
      if (!encoded) return false;
      a_length = 4 + encoded->size();
    }
    if (a_length > 63) return false;
    total += a_length;
    if (u_label.empty()) u_label = label;
    for (const char32_t c : u_label) {
      const Bidi b = unicode::bidi_class(c);
      bidi_domain = bidi_domain || b == Bidi::R || b == Bidi::AL || b == Bidi::AN;
    }
    u_labels.push_back(std::move(u_label));
  }
  if (total > 253) return false;
  if (bidi_domain)
    for (const auto& label : u_labels)
      if (!bidi_rule(label)) return false;
  return true;
}

} // namespace

std::optional<std::u32string> punycode_decode(const std::u32string& input) {
  std::u32string out;
  std::size_t pos = 0;
  if (const auto delimiter = input.rfind(U'-'); delimiter != std::u32string::npos) {
    for (std::size_t i = 0; i < delimiter; ++i) {
      if (input[i] >= 0x80) return std::nullopt;
      out += input[i];
    }
    pos = delimiter + 1;
  }
  std::uint64_t n = 128, i = 0, bias = 72;
  while (pos < input.size()) {
    const std::uint64_t old_i = i;
    std::uint64_t w = 1;
    for (std::uint64_t k = base;; k += base) {
      if (pos >= input.size()) return std::nullopt;
      const int digit = digit_value(input[pos++]);
      if (digit < 0) return std::nullopt;
      const auto d = static_cast<std::uint64_t>(digit);
      if (d > (limit - i) / w) return std::nullopt;
      i += d * w;
      const std::uint64_t t = threshold(k, bias);
      if (d < t) break;
      if (w > limit / (base - t)) return std::nullopt;
      w *= base - t;
    }
    const std::uint64_t length = out.size() + 1;
    bias = adapt(i - old_i, length, old_i == 0);
    if (i / length > limit - n) return std::nullopt;
    n += i / length;
    i %= length;
    if (n < 0x80 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return std::nullopt;
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(i), static_cast<char32_t>(n));
    ++i;
  }
  return out;
}

std::optional<std::u32string> punycode_encode(const std::u32string& input) {
  std::u32string out;
  for (const char32_t c : input)
    if (c < 0x80) out += c;
  const std::uint64_t basic = out.size();
  std::uint64_t handled = basic;
  if (basic > 0) out += U'-';
  std::uint64_t n = 128, delta = 0, bias = 72;
  while (handled < input.size()) {
    std::uint64_t m = limit;
    for (const char32_t c : input)
      if (c >= n && c < m) m = c;
    if (m - n > (limit - delta) / (handled + 1)) return std::nullopt;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const char32_t c : input) {
      if (c < n && ++delta > limit) return std::nullopt;
      if (c != n) continue;
      std::uint64_t q = delta;
      for (std::uint64_t k = base;; k += base) {
        const std::uint64_t t = threshold(k, bias);
        if (q < t) break;
        out += digit_char(t + (q - t) % (base - t));
        q = (q - t) / (base - t);
      }
      out += digit_char(q);
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return out;
}

bool is_ascii_hostname(const std::u32string& name) { return check_hostname(name, false); }

bool is_idn_hostname(const std::u32string& name) { return check_hostname(name, true); }

} // namespace claudelint::schema
