// libFuzzer target: the size and duration parsers ("512MiB", "1h30m",
// "30_days") and the conversion of bare numbers with a declared unit. Each
// answer is a value or an error whose range lies inside the text; a value
// written back in the smallest unit parses to itself.
#include <cmath>
#include <cstring>
#include <string>
#include <variant>

#include "compile/units.h"
#include "fuzz_harness.h"

namespace {

using claudelint::compile::UnitError;
using claudelint::fuzz::check_range;
using claudelint::fuzz::violated;

/// The error's range is inside `text` and it says what is wrong.
void check_error(const UnitError& error, std::string_view text) {
  check_range(error.begin, error.end, text.size(), "unit error range outside the text");
  if (error.message.empty()) violated("a unit error without a message");
  if (error.message.back() == '.') violated("a unit error message ends in a period");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace claudelint::compile;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto size_value = parse_size(text);
  if (const auto* error = std::get_if<UnitError>(&size_value)) {
    check_error(*error, text);
  } else {
    const std::uint64_t bytes = std::get<std::uint64_t>(size_value);
    const auto again = parse_size(std::to_string(bytes) + "B");
    if (!std::holds_alternative<std::uint64_t>(again) || std::get<std::uint64_t>(again) != bytes)
      violated("a parsed size written back in bytes parses to another value");
  }

  const auto duration = parse_duration(text);
  if (const auto* error = std::get_if<UnitError>(&duration)) {
    check_error(*error, text);
  } else {
    const std::uint64_t ms = std::get<std::uint64_t>(duration);
    const auto again = parse_duration(std::to_string(ms) + "ms");
    if (!std::holds_alternative<std::uint64_t>(again) || std::get<std::uint64_t>(again) != ms)
      violated("a parsed duration written back in milliseconds parses to another value");
  }

  // The same bytes as a bare number of seconds and of milliseconds.
  if (size >= sizeof(double)) {
    double number;
    std::memcpy(&number, data, sizeof number);
    for (const char* unit : {"ms", "s"}) {
      const auto converted = duration_from_number(number, unit);
      if (const auto* error = std::get_if<UnitError>(&converted)) {
        if (error->begin != 0 || error->end != 0) violated("a bare number's error has a range");
        if (error->message.empty()) violated("a unit error without a message");
      } else if (!std::isfinite(number) || number < 0) {
        violated("a negative or non-finite number became a duration");
      }
    }
  }
  return 0;
}
