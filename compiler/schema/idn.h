#pragma once
// Host names: RFC 1123 for `hostname`, IDNA2008 (RFC 5890-5893) for the
// A-labels in it and for `idn-hostname`, Punycode (RFC 3492) between them.
#include <optional>
#include <string>

namespace claudelint::schema {

/// RFC 1123 host name; `xn--` labels must be valid IDNA2008 A-labels.
bool is_ascii_hostname(const std::u32string& name);

/// Internationalized host name: U-labels and A-labels, separated by any of
/// the four IDNA full stops.
bool is_idn_hostname(const std::u32string& name);

/// RFC 3492 decoding of the part after `xn--`; nullopt when malformed.
std::optional<std::u32string> punycode_decode(const std::u32string& encoded);

/// RFC 3492 encoding; nullopt on overflow.
std::optional<std::u32string> punycode_encode(const std::u32string& decoded);

} // namespace claudelint::schema
