#pragma once
// Internal to secrets/: the character classes and "obviously fake" test
// shared by the token scanner (shapes.cpp) and the value judge (detector.cpp).
#include <array>
#include <string>
#include <string_view>

namespace claudelint::secrets {

inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
/// ASCII lower case: std::tolower in the C locale, without a call per byte.
inline char ascii_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
/// `text` in ASCII lower case.
inline std::string lowercase(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = ascii_lower(c);
  return lowered;
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
inline bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
inline bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
/// `[A-Za-z0-9_-]`: the body of sk-… keys and GCP keys.
inline bool is_key_body_char(char c) { return is_alnum(c) || c == '_' || c == '-'; }

/// The scheme words of the deployment guide's keys: sk-prod-…, sk-test-…
inline constexpr std::array<std::string_view, 4> environment_schemes{"prod", "test", "dev", "ci"};

/// True for the body of a token that was obviously made up: it spells
/// `EXAMPLE`, `xxxx`, `your`, `dummy`, `0000000`, `1234567` …, repeats one
/// character, or has too little entropy (< 3 bits/char when 16+ long) to
/// be random. Random bodies practically never contain these.
bool looks_dummy(std::string_view body);

} // namespace claudelint::secrets
