#pragma once
// RFC 3986 URI references, as far as JSON Schema needs them: splitting,
// resolving a reference against a base URI, and percent-decoding fragments.
#include <optional>
#include <string>
#include <string_view>

namespace claudelint::schema::uri {

/// The five components of a URI reference (RFC 3986 §3); absent components
/// are nullopt, which differs from present-but-empty (`http://x/?#`).
struct Parts {
  std::optional<std::string> scheme;
  std::optional<std::string> authority;
  std::string path;
  std::optional<std::string> query;
  std::optional<std::string> fragment;
};

/// Splits a URI reference with the regular expression of RFC 3986 appendix B.
Parts parse(std::string_view reference);

/// Joins components back into a URI reference (RFC 3986 §5.3).
std::string recompose(const Parts& parts);

/// Resolves `reference` against `base` (RFC 3986 §5.2, strict). A base without
/// a scheme is used as it is; the result is then relative too.
std::string resolve(std::string_view base, std::string_view reference);

/// The URI without its fragment; a lower-case scheme and authority, so
/// equal URIs compare equal as strings.
std::string without_fragment(std::string_view uri);

/// The fragment of `uri`, undecoded (empty when there is none).
std::string fragment_of(std::string_view uri);

/// Decodes `%XX` escapes; malformed escapes are kept verbatim.
std::string percent_decode(std::string_view text);

/// Percent-encodes every byte outside RFC 3986 `pchar` / "/" / "?", so the
/// result can stand in a fragment (`%` itself becomes `%25`).
std::string percent_encode_fragment(std::string_view text);

} // namespace claudelint::schema::uri
