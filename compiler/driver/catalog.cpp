#include "driver/catalog.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "compile/compile_rules.h"
#include "rules/rule_pack.h"
#include "schema/schema_rules.h"
#include "source/suppressions.h"
#include "source/syntax_rules.h"

namespace claudelint::driver {

namespace {

using model::Severity;

/// A finding claudelint emits itself; the text is docs/diagnostics.md's.
struct BuiltinRule {
  const model::RuleId& id;
  const char* title;
  const char* description;
  const char* help;
  Severity severity;
};

// clang-format off
const BuiltinRule builtin_rules[] = {
  {source::rule::syntax_error, "The file is not valid JSON, YAML, .env or shell",
   "The file is not valid JSON / YAML / .env / shell at this point; what follows it may not be read.",
   "fix the syntax at the position shown", Severity::error},
  {source::rule::duplicate_key, "A key appears twice in one mapping",
   "A key appears twice in one mapping. Most readers keep the last value silently, so the first one is lost.",
   "remove one of the two, or merge their values", Severity::error},
  {source::rule::invalid_utf8, "The file is not valid UTF-8",
   "A byte of the file is not valid UTF-8; the file is not parsed.",
   "re-save the file as UTF-8", Severity::error},
  {source::rule::byte_order_mark, "The file starts with a byte order mark",
   "The file starts with a UTF-8 BOM, which some readers treat as part of the first key.",
   "remove the BOM; some tools read it as part of the first key", Severity::warning},
  {source::rule::empty_file, "The file is empty",
   "The file holds nothing but whitespace (or, for YAML, comments).",
   "add the configuration, or delete the file", Severity::warning},
  {source::rule::ambiguous_yaml_scalar, "A plain YAML value reads differently under YAML 1.1",
   "A plain YAML value reads differently under YAML 1.1 than YAML 1.2 (yes, off, 0755, 1e3, 1_000, 1:30). "
   "claudelint reads YAML 1.2; many deployment tools still read 1.1.",
   "quote the value if you mean the text, or write it unambiguously", Severity::warning},
  {source::rule::nesting_too_deep, "Nesting exceeds --max-depth",
   "Nesting exceeds --max-depth (default 200); the file is not parsed.",
   "flatten the structure; no configuration needs this depth", Severity::error},
  {source::rule::file_too_large, "The file exceeds --max-file-size",
   "The file exceeds --max-file-size (default 64 MiB); it is not read.",
   "split the file, or raise the limit with --max-file-size", Severity::error},
  {source::rule::alias_expansion_limit, "YAML aliases expand to too many values",
   "YAML aliases expand to more than 100,000 values in one document (a \"billion laughs\" bomb); "
   "expansion stops at this alias.",
   "reference smaller anchors", Severity::error},
  {source::rule::trailing_comma, "A comma before ] or }",
   "A comma before ] or }: an error in .json, a warning in .jsonc. Comes with a safe fix.",
   "remove the comma", Severity::error},
  {source::rule::comment_in_strict_json, "A comment in a .json file",
   "A comment in a .json file, which strict JSON readers reject.",
   "remove the comment, or rename the file to .jsonc if every reader accepts comments", Severity::error},
  {source::rule::skipped_path, "A path the walk did not read",
   "A path the walk did not read: a symbolic link out of the scanned root, a link loop, a broken link, a FIFO or "
   "device named like a config file, an unreadable folder, or an explicit file of an unknown kind.",
   "check the path, or leave it out of the run", Severity::info},
  {source::rule::unreadable_file, "The file could not be read",
   "The file could not be opened or read.",
   "check that the file exists and is readable", Severity::error},
  {source::rule::unsupported_yaml_feature, "A YAML construct with no JSON form",
   "A YAML construct with no JSON form, such as a mapping used as a key.",
   "rewrite it with plain mappings, lists and scalars", Severity::warning},
  {rules::invalid_rule, "A rule file cannot be used",
   "A rule file (a --rule-pack) cannot be used: a regular expression or inline schema that does not compile, a "
   "condition with no assertion, a duplicate id.",
   "fix the rule file at the position shown", Severity::error},
  {source::rule::unused_suppression, "A suppression silences nothing",
   "A claudelint: disable= comment, or a manifest ignore: entry, silences nothing.",
   "remove it, or move it onto (or directly above) the line of the finding", Severity::warning},
  {source::rule::invalid_suppression, "A malformed claudelint: comment",
   "A claudelint: comment that is malformed, names no rule, or gives no reason; it is ignored.",
   "write `claudelint: disable=<id> -- <reason>`", Severity::error},

  {schema::rule::type_mismatch, "The value has the wrong type",
   "The value has the type the schema does not allow (expected integer, found string \"10\").",
   "give the value the type the schema expects", Severity::error},
  {schema::rule::value_not_allowed, "The value is not one of the allowed values",
   "The value is not one of the schema's enum/const values, or is one a `not` forbids.",
   "use one of the allowed values", Severity::error},
  {schema::rule::unknown_key, "A key the schema does not allow",
   "A key the schema does not allow (additionalProperties: false), often a typo.",
   "rename or remove the key", Severity::error},
  {schema::rule::missing_required_key, "A required key is missing",
   "A key the schema requires is missing from the object.",
   "add the keys the schema requires", Severity::error},
  {schema::rule::value_out_of_range, "A value outside the schema's bounds",
   "A number, length, item count or key count outside the schema's bounds, or list items that must be unique.",
   "bring the value within the bounds", Severity::error},
  {schema::rule::pattern_mismatch, "A string that does not match the schema's pattern",
   "A string that does not match the schema's pattern.",
   "write the value in the form the pattern describes", Severity::error},
  {schema::rule::invalid_format, "A string that is not a valid format",
   "A string that is not a valid format (date-time, uri, email, ipv4, ...).",
   "write the value in the format the schema names", Severity::error},
  {schema::rule::schema_mismatch, "Any other schema constraint",
   "A value that fails any other schema constraint (oneOf, dependencies, ...).",
   "change the value so that it satisfies the schema", Severity::error},
  {schema::rule::unusable_schema, "The schema named by $schema cannot be used",
   "The schema named by $schema cannot be used: not found, remote (never downloaded), unsupported draft, or "
   "invalid.",
   "point $schema at a local schema, or map its URL with --ref-map", Severity::error},
  {schema::rule::no_schema, "No schema applies to the file",
   "With --require-schema: no schema applies to the file.",
   "add a $schema, a manifest schemas: entry, or pass --schema", Severity::error},

  {compile::rule::invalid_size, "A size that cannot be read",
   "A value the schema marks as a size cannot be read: unknown or lower-case unit (10 Gb), no unit, not a whole "
   "number of bytes.",
   "write a whole number with a unit, such as 512MiB", Severity::error},
  {compile::rule::invalid_duration, "A duration that cannot be read",
   "A value marked as a duration cannot be read: unknown unit, ambiguous M, units out of order, no unit.",
   "write a number with a unit, such as 30s or 5m", Severity::error},
  {compile::rule::layer_type_conflict, "A later layer changes a value's type",
   "A later layer gives a value another JSON type than an earlier one did (an object becomes a string).",
   "give the value the same type in every file of the environment, or remove it with `null` first",
   Severity::error},
  {compile::rule::env_parity, "Two environments of a parity pair differ",
   "Two environments of a parity pair differ where no allow pattern says they may.",
   "make the values match, or list the pointer under allow of the parity pair", Severity::warning},
  {compile::rule::unmatched_glob, "A manifest glob matches no file",
   "A glob in the manifest matches no file.",
   "fix the path (globs are relative to the manifest's folder), or remove the entry", Severity::warning},
  {compile::rule::unknown_environment, "The manifest names an undeclared environment",
   "The manifest names an environment in extends or parity that it does not declare.",
   "declare the environment, or fix its name", Severity::error},
  {compile::rule::conflicting_environment_files, "Two files name the same environment",
   "Two files in one folder name the same environment (staging.json and test.json); their values are layered in "
   "path order.",
   "rename one of them, or list both under the environment in the manifest", Severity::warning},
  {compile::rule::extends_cycle, "Environments extend each other in a cycle",
   "Environments extend each other in a cycle; the closing extends entry is ignored.",
   "remove one extends entry of the cycle", Severity::error},
};
// clang-format on

/// The rule's default severity; a rule that is off by default reports at
/// its most severe per-environment level (error when it names none).
Severity default_level(const rules::Rule& rule) {
  if (rule.default_severity) return *rule.default_severity;
  std::optional<Severity> most;
  for (const auto& entry : rule.severity_by_environment)
    if (entry.second && (!most || *entry.second < *most)) most = entry.second;
  return most.value_or(Severity::error);
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

} // namespace

std::string documentation_url(std::string_view rule_id) {
  for (const auto& rule : builtin_rules)
    if (rule.id.code == rule_id) return "https://claudelint.dev/diagnostics#" + lowercase(std::string(rule_id));
  return "https://claudelint.dev/rules/" + std::string(rule_id);
}

std::vector<report::RuleInfo> rule_catalog(const rules::RulePack& pack) {
  std::vector<report::RuleInfo> out;
  std::set<std::string> ids;
  for (const auto& rule : builtin_rules) {
    if (!ids.insert(rule.id.code).second) continue;
    out.push_back({rule.id.code, rule.id.name, rule.title, rule.description, rule.help,
                   documentation_url(rule.id.code), rule.severity});
  }
  for (const auto& rule : pack.rules) {
    if (!ids.insert(rule.id).second) continue;
    out.push_back({rule.id, rule.name, rule.title, rule.rationale, rule.fix, documentation_url(rule.id),
                   default_level(rule)});
  }
  std::sort(out.begin(), out.end(), [](const report::RuleInfo& a, const report::RuleInfo& b) { return a.id < b.id; });
  return out;
}

} // namespace claudelint::driver
