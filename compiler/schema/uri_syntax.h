#pragma once
// RFC 3986 URIs and RFC 3987 IRIs, and the IP address literals inside them:
// full syntax checks for the `uri`, `uri-reference`, `iri`, `iri-reference`,
// `ipv4` and `ipv6` formats. Input is decoded text (code points).
#include <string>

namespace claudelint::schema {

/// RFC 2673 dotted quad: four decimal octets, no leading zeros.
bool is_ipv4(const std::u32string& text);

/// RFC 4291 §2.2 text form, with an optional trailing dotted quad; no zone id.
bool is_ipv6(const std::u32string& text);

/// An absolute URI (RFC 3986 `URI`); with `iri`, an RFC 3987 `IRI`.
bool is_uri(const std::u32string& text, bool iri);

/// A URI reference (RFC 3986 `URI-reference`); with `iri`, an `IRI-reference`.
bool is_uri_reference(const std::u32string& text, bool iri);

/// RFC 3987 `ucschar` (and `iprivate`), the non-ASCII code points IRIs allow.
bool is_ucschar(char32_t c);
bool is_iprivate(char32_t c);

} // namespace claudelint::schema
