#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace claudelint::support {

/// Returns the byte offset of the first invalid UTF-8 sequence in `text`
/// (overlong forms, surrogates and code points past U+10FFFF are invalid),
/// or nullopt when the whole text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

/// Number of UTF-16 code units needed to encode the (valid) UTF-8 `text`.
/// Invalid bytes count as one unit each, so the result is always defined.
std::size_t utf16_length(std::string_view text);

/// Appends the UTF-8 encoding of `code_point` to `out`.
void append_utf8(std::string& out, char32_t code_point);

} // namespace claudelint::support
