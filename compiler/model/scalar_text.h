#pragma once
// How one scalar is written in JSON, YAML or .env text: in double quotes, in
// single quotes, or plain. Fixes use it to write a new value the way the old
// one was written, so an edit changes the value and nothing else.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace claudelint::model {

enum class Quoting { plain, single_quoted, double_quoted };

struct WrittenScalar {
  Quoting quoting = Quoting::plain;
  std::string_view body;       ///< between the quotes; all of the text when plain
  std::size_t body_offset = 0; ///< where `body` starts in the written text
};

/// Splits the bytes of one scalar into its quotes and its body. The body is
/// the value itself only when nothing in it is escaped or folded: callers
/// compare it with the value they expect before editing inside it.
WrittenScalar read_scalar(std::string_view written);

/// True when YAML reads `word`, written plain, back as this same string:
/// it starts with a letter or `_`, holds only letters, digits and
/// `_ - . / : + @ ~ % = ? &`, does not end with `:`, and is not a boolean or
/// null word (`true`, `no`, `null` …, including YAML 1.1's `yes`/`on`/`off`).
bool plain_string(std::string_view word);

/// `word` as a string written with `quoting`: "…" with JSON escapes; '…'
/// (nullopt when `word` holds a quote or a line break); plain (nullopt unless
/// `plain_string`).
std::optional<std::string> write_string(Quoting quoting, std::string_view word);

} // namespace claudelint::model
