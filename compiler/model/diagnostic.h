#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/position.h"

namespace claudelint::model {

/// Ordered from most to least severe, so thresholds compare with `<=`.
enum class Severity { error, warning, info };

std::string_view to_string(Severity severity);

/// `text` (a key, usually) as a JSON string literal for a message. Past 64
/// bytes it is cut (at a character boundary) and its length added, as in
/// `"kkkk…" (1048576 bytes)`, so that a 1 MB key does not make a 1 MB message.
std::string quote_for_message(std::string_view text);

/// How safe a fix is to apply without review (ruff's three levels).
enum class Applicability { safe, unsafe, display_only };

/// A rule's permanent id (`CL0002`) and the kebab-case name of the problem it
/// reports (`duplicate-key`).
struct RuleId {
  std::string code;
  std::string name;
  friend bool operator==(const RuleId&, const RuleId&) = default;
};

struct Edit {
  Range range;
  std::string replacement;
};

struct Fix {
  std::string title;
  Applicability applicability = Applicability::display_only;
  std::vector<Edit> edits;
};

/// `text` with `edits` (ranges in it, not overlapping) applied.
std::string apply_edits(std::string_view text, std::vector<Edit> edits);

/// A secondary location that explains the finding ("first defined here").
struct Related {
  Range range;
  std::string message;
};

/// One finding about the user's input. Messages are one sentence without a
/// trailing period and never contain a secret's value.
struct Diagnostic {
  RuleId rule;
  Severity severity = Severity::error;
  std::string message;
  Range range;
  std::optional<std::string> pointer;     ///< RFC 6901, when about a value
  std::optional<std::string> environment; ///< when known
  std::vector<Related> related;
  std::optional<std::string> help;        ///< how to fix, one sentence
  std::optional<Fix> fix;
};

/// Sorts diagnostics by (file, begin, end, rule, message, severity, …) and
/// drops duplicates: the same finding at the same place, which a value of a
/// shared file gives once per environment, is kept once (the most severe),
/// so output is identical whatever order producers ran in.
void sort_and_deduplicate(std::vector<Diagnostic>& diagnostics);

/// Moves `part` to the end of `into` and frees part's storage. Callers that
/// join many parts reserve the total first (or use the overload below), so
/// that tens of thousands of findings are never held twice.
void move_append(std::vector<Diagnostic>& into, std::vector<Diagnostic>& part);
/// Moves every part, in order, to the end of `into`, reserving the total
/// once and freeing each part as it goes.
void move_append(std::vector<Diagnostic>& into, std::vector<std::vector<Diagnostic>>& parts);

/// Counts per severity.
struct Summary {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
  std::size_t files = 0;
};

Summary summarize(const std::vector<Diagnostic>& diagnostics, std::size_t files);

} // namespace claudelint::model
