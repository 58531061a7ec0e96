#pragma once
// Sizes ("512MiB", "1.5 GB") and durations ("1h30m", "30_days", "500ms") as
// written in config values, parsed exactly (no floating point) into bytes and
// milliseconds for the normalized, compiled documents.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace claudelint::compile {

/// Why a size or duration string was rejected. `[begin, end)` is a byte range
/// inside the parsed text (the unknown unit, the stray minus sign, …) so the
/// caller can underline exactly that part; `message` is one sentence without a
/// trailing period, `help` how to write it instead (may be empty).
struct UnitError {
  std::size_t begin = 0, end = 0;
  std::string message;
  std::string help;
};

/// Parses a size into bytes: a number (digits, optional `.fraction`), an
/// optional single space or `_`, and a case-sensitive unit: `B`; `kB`/`KB`,
/// `MB`, `GB`, `TB`, `PB` (powers of 1000); `KiB`, `MiB`, `GiB`, `TiB`, `PiB`
/// (powers of 1024). The result must be a whole number of bytes that fits in
/// 64 bits. A bare number, a lower-case `b` (bits) or an unknown unit is an error.
std::variant<std::uint64_t, UnitError> parse_size(std::string_view text);

/// Parses a duration into milliseconds. Accepted forms:
/// - compact sequences of `w`, `d`, `h`, `m` (minutes), `s`, `ms`, each at
///   most once and largest first, with nothing between them: `1h30m`, `90s`;
/// - a number, an optional single space or `_`, and one unit word: `ms`,
///   `millisecond(s)`, `s`, `sec(s)`, `second(s)`, `min(s)`, `minute(s)`, `h`,
///   `hr(s)`, `hour(s)`, `d`, `day(s)`, `w`, `week(s)`, `month(s)` (30 days),
///   `year(s)` (365 days): `30_days`, `2 weeks`.
/// Fractions are allowed when the result is a whole number of milliseconds
/// (`1.5h`). A bare number is an error (it could be seconds or milliseconds).
std::variant<std::uint64_t, UnitError> parse_duration(std::string_view text);

/// Converts a bare number whose unit the schema declares (`unit` is "ms" or
/// "s") into milliseconds. Errors (with an empty range) when the value is
/// negative, not finite, not a whole number of milliseconds, or too large.
/// The number is taken as its shortest decimal form, so 0.001 s is 1 ms.
std::variant<std::uint64_t, UnitError> duration_from_number(double value, std::string_view unit);

} // namespace claudelint::compile
