#pragma once
// Hexadecimal digits, for percent-decoding URIs.

namespace claudelint::support {

/// The value of hex digit `c` (either case), or -1 when it is not one.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace claudelint::support
