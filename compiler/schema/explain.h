#pragma once
// Turns the engine's violations into diagnostics a person can act on: at the
// exact range of the offending key or value, saying what was expected and
// what was found, with a "did you mean" for misspelt keys.
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/document.h"
#include "schema/engine.h"

namespace claudelint::schema {

struct ExplainOptions {
  /// False for documents whose values are secrets (.env): messages then name
  /// the key and the expectation but never quote the value.
  bool show_values = true;
  /// The document's source text. With it, a "did you mean" finding (a
  /// misspelt key, a value close to an allowed one) carries a fix that
  /// writes the suggestion in its place.
  std::string_view text;
};

/// One diagnostic per violation, located through `document`'s source map.
std::vector<model::Diagnostic> explain(const model::Document& document, const CompiledSchema& schema,
                                       const std::vector<Violation>& violations, const ExplainOptions& options);

/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest of `candidates` to `word`, when close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

} // namespace claudelint::schema
