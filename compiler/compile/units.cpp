#include "compile/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "schema/explain.h"

namespace claudelint::compile {

namespace {

constexpr std::uint64_t max_u64 = std::numeric_limits<std::uint64_t>::max();

UnitError error(std::size_t begin, std::size_t end, std::string message, std::string help = {}) {
  return UnitError{begin, end, std::move(message), std::move(help)};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_separator(char c) {
  return c == ' ' || c == '_';
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

/// A decimal number as written: `int_digits[.frac_digits]` at `[begin, end)`.
struct Number {
  std::string_view int_digits, frac_digits;
  std::size_t begin = 0, end = 0;
  std::string_view text;
};

/// Reads a decimal number starting at `pos`; `what` ("size", "duration")
/// words the errors.
std::variant<Number, UnitError> read_number(std::string_view text, std::size_t pos, std::string_view what) {
  if (pos < text.size() && text[pos] == '-') return error(pos, pos + 1, fmt::format("a {} cannot be negative", what));
  if (pos < text.size() && text[pos] == '.' && pos + 1 < text.size() && is_digit(text[pos + 1]))
    return error(pos, pos + 1, "a number cannot start with a decimal point",
                 fmt::format("write 0{}", text.substr(pos)));
  if (pos >= text.size() || !is_digit(text[pos]))
    return error(pos, text.size(), fmt::format("expected a number at the start of the {}", what));
  Number n;
  n.begin = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  n.int_digits = text.substr(n.begin, pos - n.begin);
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t dot = pos++;
    const std::size_t frac_begin = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == frac_begin) return error(dot, dot + 1, "expected digits after the decimal point");
    n.frac_digits = text.substr(frac_begin, pos - frac_begin);
  }
  n.end = pos;
  n.text = text.substr(n.begin, n.end - n.begin);
  return n;
}

enum class ScaleStatus { ok, fraction, overflow };

struct Scaled {
  ScaleStatus status = ScaleStatus::ok;
  std::uint64_t value = 0;
};

/// `int_digits.frac_digits × multiplier`, exactly: the decimal digits are
/// multiplied as a digit string, so no rounding happens at any size; the
/// result is whole when the last `frac_digits.size()` digits are zero.
Scaled scale(std::string_view int_digits, std::string_view frac_digits, std::uint64_t multiplier) {
  // Units are at most 2^50 (PiB) or 365 days in ms, so digit × multiplier +
  // carry stays far below 2^64 (the carry is always below the multiplier).
  std::vector<std::uint8_t> digits;
  digits.reserve(int_digits.size() + frac_digits.size() + 20);
  for (const char c : int_digits) digits.push_back(static_cast<std::uint8_t>(c - '0'));
  for (const char c : frac_digits) digits.push_back(static_cast<std::uint8_t>(c - '0'));
  std::uint64_t carry = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const std::uint64_t cur = *it * multiplier + carry;
    *it = static_cast<std::uint8_t>(cur % 10);
    carry = cur / 10;
  }
  std::vector<std::uint8_t> head;
  while (carry > 0) {
    head.push_back(static_cast<std::uint8_t>(carry % 10));
    carry /= 10;
  }
  digits.insert(digits.begin(), head.rbegin(), head.rend());

  const std::size_t whole = digits.size() - frac_digits.size();
  for (std::size_t i = whole; i < digits.size(); ++i)
    if (digits[i] != 0) return {ScaleStatus::fraction, 0};
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < whole; ++i) {
    if (value > (max_u64 - digits[i]) / 10) return {ScaleStatus::overflow, 0};
    value = value * 10 + digits[i];
  }
  return {ScaleStatus::ok, value};
}

struct SizeUnit {
  std::string_view name;
  std::uint64_t bytes;
};

constexpr std::uint64_t kilo = 1000, kibi = 1024;

constexpr std::array<SizeUnit, 12> size_units{{
    {"B", 1},
    {"kB", kilo},
    {"KB", kilo},
    {"MB", kilo* kilo},
    {"GB", kilo* kilo* kilo},
    {"TB", kilo* kilo* kilo* kilo},
    {"PB", kilo* kilo* kilo* kilo* kilo},
    {"KiB", kibi},
    {"MiB", kibi* kibi},
    {"GiB", kibi* kibi* kibi},
    {"TiB", kibi* kibi* kibi* kibi},
    {"PiB", kibi* kibi* kibi* kibi* kibi},
}};

constexpr std::string_view size_units_help =
    "use one of the units B, kB, MB, GB, TB, PB (powers of 1000) or KiB, MiB, GiB, TiB, PiB (powers of 1024), "
    "e.g. 512MiB";

/// For a unit prefix letter (k, M, G, …): the decimal and binary byte units
/// and their sizes, to suggest in place of bits or a bare prefix.
struct PrefixSuggestion {
  std::string decimal, binary, decimal_size, binary_size, bits_name;
};

std::optional<PrefixSuggestion> prefix_suggestion(char letter) {
  static constexpr std::string_view letters = "kmgtp";
  static constexpr std::array<std::string_view, 5> names{"kilo", "mega", "giga", "tera", "peta"};
  const std::size_t i = letters.find(ascii_lower(letter));
  if (i == std::string_view::npos) return std::nullopt;
  const char upper = static_cast<char>(letters[i] - 'a' + 'A');
  PrefixSuggestion s;
  s.decimal = i == 0 ? "kB" : fmt::format("{}B", upper);
  s.binary = fmt::format("{}iB", upper);
  s.decimal_size = fmt::format("10^{} bytes", 3 * (i + 1));
  s.binary_size = fmt::format("2^{} bytes", 10 * (i + 1));
  s.bits_name = std::string(names[i]);
  return s;
}

std::string prefix_help(const PrefixSuggestion& s) {
  return fmt::format("write \"{}\" ({}) or \"{}\" ({})", s.decimal, s.decimal_size, s.binary, s.binary_size);
}

std::variant<std::uint64_t, UnitError> unknown_size_unit(std::string_view unit, std::size_t begin, std::size_t end) {
  // A lower-case final b (`mb`, `Gb`, `kib`) is the usual spelling of bits.
  if (unit == "b")
    return error(begin, end, "\"b\" means bits: a lower-case b is bits, and sizes are counted in bytes",
                 "write \"B\" for bytes");
  const bool binary = unit.size() == 3 && unit[1] == 'i';
  if ((unit.size() == 2 || binary) && unit.back() == 'b') {
    if (auto s = prefix_suggestion(unit[0]))
      return error(begin, end,
                   fmt::format("\"{}\" means {}bits: a lower-case b is bits, and sizes are counted in bytes", unit,
                               binary ? s->bits_name.substr(0, 2) + "bi" : s->bits_name),
                   prefix_help(*s));
  }
  // A bare prefix (`10M`, `4Gi`) leaves open which unit was meant.
  if (unit.size() == 1 || (unit.size() == 2 && unit[1] == 'i')) {
    if (auto s = prefix_suggestion(unit[0]))
      return error(begin, end, fmt::format("unit \"{}\" is incomplete: bytes need a B", unit), prefix_help(*s));
  }
  std::vector<std::string> names;
  for (const auto& u : size_units) {
    if (iequals(u.name, unit))
      return error(begin, end, fmt::format("unknown unit \"{}\"; units are case-sensitive", unit),
                   fmt::format("did you mean \"{}\"?", u.name));
    names.emplace_back(u.name);
  }
  // An unknown prefix (`XB`, `EiB`) is one letter from every unit: no guess.
  const bool prefixed = (unit.size() == 2 && unit[1] == 'B') || (unit.size() == 3 && unit.substr(1) == "iB");
  if (!prefixed)
    if (auto near = schema::closest_match(unit, names))
      return error(begin, end, fmt::format("unknown unit \"{}\"", unit), fmt::format("did you mean \"{}\"?", *near));
  return error(begin, end, fmt::format("unknown unit \"{}\"", unit), std::string(size_units_help));
}

constexpr std::uint64_t second_ms = 1000;
constexpr std::uint64_t minute_ms = 60 * second_ms;
constexpr std::uint64_t hour_ms = 60 * minute_ms;
constexpr std::uint64_t day_ms = 24 * hour_ms;
constexpr std::uint64_t week_ms = 7 * day_ms;
// Calendar units are approximations, as in most config tools: a month is
// always 30 days and a year always 365 days (no leap years, no calendar).
// They are meant for retention-style settings where that is good enough.
constexpr std::uint64_t month_ms = 30 * day_ms;
constexpr std::uint64_t year_ms = 365 * day_ms;

struct DurationUnit {
  std::string_view name;
  std::uint64_t ms;
  /// Rank among the compact units that may be combined (`1h30m`), larger
  /// first: w=5 … ms=0; -1 for word units that must stand alone.
  int compact_rank;
};

constexpr std::array<DurationUnit, 28> duration_units{{
    {"ms", 1, 0},
    {"millisecond", 1, -1},
    {"milliseconds", 1, -1},
    {"s", second_ms, 1},
    {"sec", second_ms, -1},
    {"secs", second_ms, -1},
    {"second", second_ms, -1},
    {"seconds", second_ms, -1},
    {"m", minute_ms, 2},
    {"min", minute_ms, -1},
    {"mins", minute_ms, -1},
    {"minute", minute_ms, -1},
    {"minutes", minute_ms, -1},
    {"h", hour_ms, 3},
    {"hr", hour_ms, -1},
    {"hrs", hour_ms, -1},
    {"hour", hour_ms, -1},
    {"hours", hour_ms, -1},
    {"d", day_ms, 4},
    {"day", day_ms, -1},
    {"days", day_ms, -1},
    {"w", week_ms, 5},
    {"week", week_ms, -1},
    {"weeks", week_ms, -1},
    {"month", month_ms, -1},
    {"months", month_ms, -1},
    {"year", year_ms, -1},
    {"years", year_ms, -1},
}};

constexpr std::array<std::string_view, 6> compact_names{"ms", "s", "m", "h", "d", "w"};

constexpr std::string_view duration_units_help =
    "use ms, s, m (minutes), h, d or w, or a word such as seconds, minutes, hours, days, weeks, months or years";

const DurationUnit* find_duration_unit(std::string_view name) {
  for (const auto& u : duration_units)
    if (u.name == name) return &u;
  return nullptr;
}

UnitError unknown_duration_unit(std::string_view unit, std::size_t begin, std::size_t end) {
  if (unit == "M")
    return error(begin, end, "unit \"M\" is ambiguous: it could mean minutes or months",
                 "write \"m\" or \"min\" for minutes, or \"months\"");
  std::vector<std::string> names;
  for (const auto& u : duration_units) {
    if (iequals(u.name, unit))
      return error(begin, end, fmt::format("unknown unit \"{}\"; duration units are lower-case", unit),
                   fmt::format("did you mean \"{}\"?", u.name));
    names.emplace_back(u.name);
  }
  if (auto near = schema::closest_match(unit, names))
    return error(begin, end, fmt::format("unknown unit \"{}\"", unit), fmt::format("did you mean \"{}\"?", *near));
  return error(begin, end, fmt::format("unknown unit \"{}\"", unit), std::string(duration_units_help));
}

UnitError too_large(std::string_view text, std::string_view unit) {
  return error(0, text.size(), fmt::format("{} is too large: more than {} {}", text, max_u64, unit));
}

} // namespace

std::variant<std::uint64_t, UnitError> parse_size(std::string_view text) {
  if (text.empty()) return error(0, 0, "empty size", std::string(size_units_help));
  auto read = read_number(text, 0, "size");
  if (auto* e = std::get_if<UnitError>(&read)) return std::move(*e);
  const Number number = std::get<Number>(read);

  std::size_t unit_begin = number.end;
  if (unit_begin < text.size() && is_separator(text[unit_begin])) ++unit_begin;
  if (unit_begin < text.size() && is_separator(text[unit_begin])) {
    std::size_t end = unit_begin;
    while (end < text.size() && is_separator(text[end])) ++end;
    return error(number.end, end, "more than one separator between the number and the unit",
                 "write at most one space or _, e.g. 1.5 GB or 1.5_GB");
  }
  const std::string_view unit = text.substr(unit_begin);
  if (unit.empty())
    return error(number.begin, number.end, fmt::format("no unit: {} could be bytes or any larger unit", number.text),
                 std::string(size_units_help));

  const SizeUnit* found = nullptr;
  for (const auto& u : size_units)
    if (u.name == unit) found = &u;
  if (found == nullptr) return unknown_size_unit(unit, unit_begin, text.size());

  const Scaled scaled = scale(number.int_digits, number.frac_digits, found->bytes);
  if (scaled.status == ScaleStatus::fraction)
    return error(0, text.size(), fmt::format("{} is not a whole number of bytes", text),
                 "use a smaller unit or a whole number");
  if (scaled.status == ScaleStatus::overflow) return too_large(text, "bytes");
  return scaled.value;
}

std::variant<std::uint64_t, UnitError> parse_duration(std::string_view text) {
  if (text.empty()) return error(0, 0, "empty duration", std::string(duration_units_help));

  std::uint64_t total = 0;
  std::size_t pos = 0;
  const DurationUnit* previous = nullptr;
  std::size_t previous_unit_begin = 0, previous_unit_end = 0;
  bool previous_separated = false;
  std::size_t previous_separator = 0;

  while (true) {
    auto read = read_number(text, pos, "duration");
    if (auto* e = std::get_if<UnitError>(&read)) return std::move(*e);
    const Number number = std::get<Number>(read);

    std::size_t unit_begin = number.end;
    const bool separated = unit_begin < text.size() && is_separator(text[unit_begin]);
    if (separated) ++unit_begin;
    if (unit_begin < text.size() && is_separator(text[unit_begin])) {
      std::size_t end = unit_begin;
      while (end < text.size() && is_separator(text[end])) ++end;
      return error(number.end, end, "more than one separator between the number and the unit",
                   "write at most one space or _, e.g. 30 days or 30_days");
    }
    std::size_t unit_end = unit_begin;
    while (unit_end < text.size() && !is_digit(text[unit_end]) && !is_separator(text[unit_end])) ++unit_end;
    const std::string_view unit = text.substr(unit_begin, unit_end - unit_begin);

    if (unit.empty()) {
      if (previous == nullptr)
        return error(number.begin, number.end, fmt::format("no unit: {} could be seconds or milliseconds", number.text),
                     fmt::format("write {0}s for seconds or {0}ms for milliseconds", number.text));
      std::string help = "add a unit";
      if (previous->compact_rank > 0)
        help = fmt::format("write {}{}", text.substr(0, number.end),
                           compact_names[static_cast<std::size_t>(previous->compact_rank - 1)]);
      return error(number.begin, number.end, fmt::format("no unit after {}", number.text), help);
    }

    const DurationUnit* unit_info = find_duration_unit(unit);
    if (unit_info == nullptr) return unknown_duration_unit(unit, unit_begin, unit_end);

    if (previous != nullptr) {
      // A compound duration: only the compact units, written back to back.
      if (previous->compact_rank < 0)
        return error(previous_unit_begin, previous_unit_end,
                     fmt::format("\"{}\" cannot be combined with other units",
                                 text.substr(previous_unit_begin, previous_unit_end - previous_unit_begin)),
                     "combine only the short units w, d, h, m, s and ms, e.g. 1h30m");
      if (unit_info->compact_rank < 0)
        return error(unit_begin, unit_end, fmt::format("\"{}\" cannot be combined with other units", unit),
                     "combine only the short units w, d, h, m, s and ms, e.g. 1h30m");
      if (previous_separated)
        return error(previous_separator, previous_separator + 1, "no space or _ is allowed inside a compound duration",
                     "write the parts back to back, e.g. 1h30m");
      if (separated)
        return error(number.end, number.end + 1, "no space or _ is allowed inside a compound duration",
                     "write the parts back to back, e.g. 1h30m");
      if (unit_info->compact_rank == previous->compact_rank)
        return error(number.begin, unit_end, fmt::format("unit \"{}\" appears twice", unit),
                     "add the parts up and write each unit once");
      if (unit_info->compact_rank > previous->compact_rank)
        return error(number.begin, unit_end,
                     fmt::format("\"{}\" comes after the smaller unit \"{}\"", unit, previous->name),
                     "write the largest unit first, e.g. 1h30m");
    }

    const Scaled scaled = scale(number.int_digits, number.frac_digits, unit_info->ms);
    if (scaled.status == ScaleStatus::fraction)
      return error(
          number.begin, unit_end,
          fmt::format("{} is not a whole number of milliseconds", text.substr(number.begin, unit_end - number.begin)),
          "use a smaller unit or a whole number");
    if (scaled.status == ScaleStatus::overflow || scaled.value > max_u64 - total)
      return too_large(text, "milliseconds");
    total += scaled.value;

    previous = unit_info;
    previous_unit_begin = unit_begin;
    previous_unit_end = unit_end;
    previous_separated = separated;
    previous_separator = number.end;
    pos = unit_end;
    if (pos == text.size()) return total;
    if (is_digit(text[pos])) continue;
    std::size_t next = pos;
    while (next < text.size() && is_separator(text[next])) ++next;
    if (next < text.size() && is_digit(text[next]))
      return error(pos, next, "no space or _ is allowed inside a compound duration",
                   "write the parts back to back, e.g. 1h30m");
    return error(pos, text.size(), "unexpected text after the duration");
  }
}

std::variant<std::uint64_t, UnitError> duration_from_number(double value, std::string_view unit) {
  std::uint64_t multiplier = 0;
  if (unit == "ms")
    multiplier = 1;
  else if (unit == "s")
    multiplier = second_ms;
  else
    return error(0, 0, fmt::format("unknown duration unit \"{}\"", unit), "the unit must be \"ms\" or \"s\"");
  if (!std::isfinite(value)) return error(0, 0, "a duration must be a finite number");
  if (value < 0) return error(0, 0, "a duration cannot be negative");

  // The shortest decimal that reads back as `value` is what the user wrote
  // (0.001, not 0.001000000000000000020816…), so scale that exactly.
  std::array<char, 512> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  if (result.ec != std::errc()) return error(0, 0, "a duration must be a finite number");
  const std::string_view written(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));
  const std::size_t dot = written.find('.');
  const std::string_view int_digits = written.substr(0, dot);
  const std::string_view frac_digits = dot == std::string_view::npos ? std::string_view{} : written.substr(dot + 1);

  const Scaled scaled = scale(int_digits, frac_digits, multiplier);
  if (scaled.status == ScaleStatus::fraction)
    return error(0, 0, fmt::format("{} {} is not a whole number of milliseconds", written, unit),
                 unit == "s" ? "use at most three decimals" : "use a whole number");
  if (scaled.status == ScaleStatus::overflow)
    return error(0, 0, fmt::format("{} {} is too large: more than {} milliseconds", written, unit, max_u64));
  return scaled.value;
}

} // namespace claudelint::compile
