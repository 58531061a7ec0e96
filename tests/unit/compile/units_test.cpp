#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "compile/units.h"

using claudelint::compile::duration_from_number;
using claudelint::compile::parse_duration;
using claudelint::compile::parse_size;
using claudelint::compile::UnitError;

namespace {

struct Valid {
  std::string_view text;
  std::uint64_t expected;
};

struct Invalid {
  std::string_view text;
  std::size_t begin, end;   ///< expected error range
  std::string_view message; ///< a substring of the message
  std::string_view help = {};
};

constexpr std::uint64_t second = 1000, minute = 60 * second, hour = 60 * minute, day = 24 * hour;

void check_valid(const std::variant<std::uint64_t, UnitError>& result, const Valid& v) {
  INFO("input: " << v.text);
  if (const auto* e = std::get_if<UnitError>(&result)) FAIL("error: " << e->message);
  CHECK(std::get<std::uint64_t>(result) == v.expected);
}

void check_invalid(const std::variant<std::uint64_t, UnitError>& result, const Invalid& v) {
  INFO("input: " << v.text);
  const auto* e = std::get_if<UnitError>(&result);
  if (e == nullptr) FAIL("accepted as " << std::get<std::uint64_t>(result));
  INFO("message: " << e->message << " | help: " << e->help);
  CHECK(e->begin == v.begin);
  CHECK(e->end == v.end);
  CHECK(e->message.find(v.message) != std::string::npos);
  CHECK(e->help.find(v.help) != std::string::npos);
  CHECK(!e->message.empty());
  CHECK(e->message.back() != '.');
}

} // namespace

TEST_CASE("sizes: valid inputs", "[compile][units]") {
  const Valid cases[] = {
      {"1GB", 1000000000},
      {"512MiB", 512ull * 1024 * 1024},
      {"1.5 GB", 1500000000},
      {"1 KiB", 1024},
      {"1_KiB", 1024},
      {"0B", 0},
      {"10B", 10},
      {"1kB", 1000},
      {"1KB", 1000},
      {"2MB", 2000000},
      {"3TB", 3000000000000},
      {"1PB", 1000000000000000},
      {"1GiB", 1073741824},
      {"2TiB", 2ull << 40},
      {"1PiB", 1ull << 50},
      {"1.5KiB", 1536},
      {"007MB", 7000000},
      // Exact arithmetic: no floating point rounding at any size.
      {"0.001KB", 1},
      {"1.0000000000000000000000GB", 1000000000},
      {"16383.999999999999PB", 16383999999999999000ull},
      {"18446744073709551615B", 18446744073709551615ull},
      {"0.0009765625KiB", 1}, // 1/1024 KiB
  };
  for (const auto& c : cases) check_valid(parse_size(c.text), c);
}

TEST_CASE("sizes: invalid inputs point at the bad part", "[compile][units]") {
  const Invalid cases[] = {
      {"", 0, 0, "empty size"},
      {"512", 0, 3, "no unit", "MiB"},
      {"512 ", 0, 3, "no unit", "KiB"},
      {"512mb", 3, 5, "lower-case b is bits", "\"MB\""},
      {"512mb", 3, 5, "megabits", "\"MiB\""},
      {"1Gb", 1, 3, "bits", "\"GB\""},
      {"1 kb", 2, 4, "bits", "\"kB\""},
      {"1 kib", 2, 5, "kibibits", "\"KiB\""},
      {"10b", 2, 3, "bits", "\"B\""},
      {"1.5B", 0, 4, "not a whole number of bytes"},
      {"0.1KiB", 0, 6, "not a whole number of bytes"},
      {"18446744073709551616B", 0, 21, "too large"},
      {"20000PB", 0, 7, "too large"},
      {"99999999999999999999999999GB", 0, 28, "too large"},
      {"-1GB", 0, 1, "cannot be negative"},
      {"GB", 0, 2, "expected a number"},
      {".5GB", 0, 1, "decimal point", "0.5GB"},
      {"1.GB", 1, 2, "digits after the decimal point"},
      {"1  GB", 1, 3, "more than one separator"},
      {"1 _GB", 1, 3, "more than one separator"},
      {"1 XB", 2, 4, "unknown unit \"XB\"", "powers of 1000"},
      {"1 GBs", 2, 5, "unknown unit \"GBs\"", "did you mean \"GB\"?"},
      {"1 gigabytes", 2, 11, "unknown unit \"gigabytes\"", "powers of 1024"},
      {"1mB", 1, 3, "case-sensitive", "\"MB\""},
      {"1KIB", 1, 4, "case-sensitive", "\"KiB\""},
      {"10M", 2, 3, "incomplete", "\"MiB\""},
      {"1 GB ", 2, 5, "unknown unit \"GB \""},
  };
  for (const auto& c : cases) check_invalid(parse_size(c.text), c);
}

TEST_CASE("durations: valid inputs", "[compile][units]") {
  const Valid cases[] = {
      {"30_days", 2592000000},
      {"60s", 60000},
      {"5m", 5 * minute},
      {"1h30m", 90 * minute},
      {"7_days", 7 * day},
      {"12_months", 12 * 30 * day},
      {"1_year", 365 * day},
      {"500ms", 500},
      {"2 weeks", 14 * day},
      {"90s", 90000},
      {"7d", 7 * day},
      {"4w", 28 * day},
      {"1.5h", 90 * minute},
      {"1w2d3h4m5s6ms", 9 * day + 3 * hour + 4 * minute + 5 * second + 6},
      {"1d12h", 36 * hour},
      {"0s", 0},
      {"1 day", day},
      {"1_days", day},
      {"2 day", 2 * day},
      {"1 millisecond", 1},
      {"250 milliseconds", 250},
      {"1 sec", second},
      {"3 secs", 3 * second},
      {"1 second", second},
      {"45 seconds", 45 * second},
      {"10 min", 10 * minute},
      {"10 mins", 10 * minute},
      {"1 minute", minute},
      {"15 minutes", 15 * minute},
      {"1 hr", hour},
      {"2 hrs", 2 * hour},
      {"1 hour", hour},
      {"24 hours", day},
      {"1 week", 7 * day},
      {"1 month", 30 * day},
      {"2 years", 730 * day},
      {"0.5s", 500},
      {"0.001s", 1},
      {"1.5 days", 36 * hour},
      {"18446744073709551615ms", 18446744073709551615ull},
  };
  for (const auto& c : cases) check_valid(parse_duration(c.text), c);
}

TEST_CASE("durations: invalid inputs point at the bad part", "[compile][units]") {
  const Invalid cases[] = {
      {"", 0, 0, "empty duration"},
      {"60", 0, 2, "no unit: 60 could be seconds or milliseconds", "60s"},
      {"30_dyas", 3, 7, "unknown unit \"dyas\"", "did you mean \"days\"?"},
      {"5 minuets", 2, 9, "unknown unit \"minuets\"", "\"minutes\""},
      {"1 fortnight", 2, 11, "unknown unit \"fortnight\"", "seconds"},
      {"3M", 1, 2, "ambiguous", "minutes"},
      {"3 M", 2, 3, "ambiguous", "month"},
      {"5H", 1, 2, "lower-case", "\"h\""},
      {"30m1h", 3, 5, "comes after the smaller unit", "largest unit first"},
      {"1h1h", 2, 4, "appears twice"},
      {"1h30", 2, 4, "no unit after 30", "1h30m"},
      {"1h 30m", 2, 3, "compound duration"},
      {"1_h30m", 1, 2, "compound duration"},
      {"1hour30m", 1, 5, "cannot be combined"},
      {"1h30minutes", 4, 11, "cannot be combined"},
      {"1.5ms", 0, 5, "not a whole number of milliseconds"},
      {"0.0001s", 0, 7, "not a whole number of milliseconds"},
      {"1h0.5ms", 2, 7, "not a whole number of milliseconds"},
      {"-5s", 0, 1, "cannot be negative"},
      {"s", 0, 1, "expected a number"},
      {"5s!", 1, 3, "unknown unit \"s!\"", "did you mean \"s\"?"},
      {"5s x", 2, 4, "unexpected text"},
      {"5s ", 2, 3, "unexpected text"},
      {"1  s", 1, 3, "more than one separator"},
      {"18446744073709551616ms", 0, 22, "too large"},
      {"999999999999 years", 0, 18, "too large"},
      {"30500000000w9999999d", 0, 20, "too large"}, // each part fits, the sum does not
  };
  for (const auto& c : cases) check_invalid(parse_duration(c.text), c);
}

TEST_CASE("durations from bare numbers whose unit the schema declares", "[compile][units]") {
  check_valid(duration_from_number(60, "s"), {"60 s", 60000});
  check_valid(duration_from_number(1.5, "s"), {"1.5 s", 1500});
  check_valid(duration_from_number(0.001, "s"), {"0.001 s", 1});
  check_valid(duration_from_number(30000, "ms"), {"30000 ms", 30000});
  check_valid(duration_from_number(0, "ms"), {"0 ms", 0});

  const auto fails = [](std::variant<std::uint64_t, UnitError> r, std::string_view message) {
    const auto* e = std::get_if<UnitError>(&r);
    REQUIRE(e != nullptr);
    INFO(e->message);
    CHECK(e->message.find(message) != std::string::npos);
    CHECK(e->begin == 0);
    CHECK(e->end == 0);
  };
  fails(duration_from_number(1.5, "ms"), "not a whole number of milliseconds");
  fails(duration_from_number(0.0001, "s"), "not a whole number of milliseconds");
  fails(duration_from_number(-1, "s"), "negative");
  fails(duration_from_number(1e30, "ms"), "too large");
  fails(duration_from_number(std::numeric_limits<double>::infinity(), "s"), "finite");
  fails(duration_from_number(std::numeric_limits<double>::quiet_NaN(), "s"), "finite");
  fails(duration_from_number(1, "h"), "unknown duration unit");
}
