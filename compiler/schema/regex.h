#pragma once
// `pattern` and `patternProperties`: ECMA-262 regular expressions (Unicode
// mode, no flags, unanchored search), evaluated with PCRE2. The pattern is
// translated where the two dialects differ (`\s`, `.`, `[]`, `[^]`,
// surrogate-pair escapes, long Unicode property names). PCRE2 keeps its own
// backtracking limits, so no input can exhaust the stack.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace claudelint::schema {

class Regex {
public:
  /// Compiles an ECMA-262 pattern; nullopt (and the reason in `error`) when
  /// it is invalid or uses what PCRE2 cannot do (variable-length lookbehind).
  static std::optional<Regex> compile(std::string_view pattern, std::string& error);

  /// Whether the pattern matches somewhere in `subject` (UTF-8); nullopt when
  /// the match could not be decided (invalid UTF-8, backtracking limit).
  std::optional<bool> search(std::string_view subject) const;

private:
  struct Code;
  explicit Regex(std::shared_ptr<const Code> code) : code_(std::move(code)) {}
  std::shared_ptr<const Code> code_;
};

/// The PCRE2 spelling of an ECMA-262 pattern (exposed for tests).
std::string translate_ecmascript_regex(std::string_view pattern);

} // namespace claudelint::schema
