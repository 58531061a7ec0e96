#pragma once
// A policy rule as data (rules/<pack>/<id>-<name>.yaml, schema
// schemas/rule.schema.json): what it selects in a compiled environment, what
// it asserts, when, how severe, and its documentation.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"
#include "rules/selector.h"
#include "schema/regex.h"

namespace claudelint::schema {
class CompiledSchema;
}

namespace claudelint::rules {

/// The assertion kinds, in the order of assertion_kind_names.
enum class AssertionKind {
  exists, absent, truthy, falsy, equals, not_equals, one_of, not_one_of, matches, not_matches,
  version_at_least, version_at_most, compare, count, unique, subset_of, contains, non_empty, schema, native,
};

/// The name a rule file gives each AssertionKind (`equals`, `not_one_of` …).
extern const std::string_view assertion_kind_names[20];

/// The AssertionKind named `name`, or nullopt.
std::optional<AssertionKind> assertion_kind_named(std::string_view name);

/// One check on a value: its kind (`equals`, `matches`, `compare` …) and the
/// argument written in the rule.
struct Assertion {
  nlohmann::json argument;
  std::shared_ptr<const schema::Regex> regex;           ///< matches / not_matches
  std::shared_ptr<const schema::CompiledSchema> schema; ///< schema
  AssertionKind check = AssertionKind::exists; ///< resolved once, when the rule is read

  /// The kind as the rule file names it (`equals`, `not_one_of` …).
  std::string_view kind() const { return assertion_kind_names[static_cast<std::size_t>(check)]; }
};

/// `when:` — the value at `pointer` must satisfy `assertion`.
struct Condition {
  std::string pointer;
  Assertion assertion;
};

/// `rewrite:` — the edit that fixes a finding, for a rule whose fix is
/// exactly defined: `set` (write this boolean or string over the value),
/// `set_version` (write this version number, keeping the rest as written) or
/// `replace_prefix` ({from, to}). rules/rewrite.h applies it.
struct Rewrite {
  std::string kind;
  nlohmann::json argument;
};

/// What a rule runs over: each compiled environment (selecting values with
/// `given`), each loaded file of its `kinds` (a native file check), or each
/// config tree as a whole (a native tree check).
enum class Scope { environment, file, tree };

struct Rule {
  std::string id;
  std::string name;
  std::string category;
  std::string title;
  /// Severity per environment (nullopt: off there); `default_severity` elsewhere.
  std::optional<model::Severity> default_severity;
  std::map<std::string, std::optional<model::Severity>> severity_by_environment;
  Scope scope = Scope::environment;
  std::vector<std::string> kinds;        ///< file scope: file kinds it reads ("*": all)
  std::vector<std::string> environments; ///< empty: every environment
  std::vector<std::string> given;
  std::vector<Pattern> patterns; ///< `given`, split into segments once, when the rule is read
  std::vector<Condition> when;
  Assertion assertion;
  std::string message;
  std::string rationale;
  std::string fix;
  std::optional<Rewrite> rewrite; ///< the machine fix, when exactly defined
  std::string example_bad;
  std::string example_good;
  std::vector<std::string> references;
  std::string source; ///< the rule file, for `claudelint explain`

  /// The severity in `environment`, or nullopt when the rule is off there.
  std::optional<model::Severity> severity_in(const std::string& environment) const;
  bool applies_to(const std::string& environment) const;
};

/// Every rule of a run, sorted by id.
struct RulePack {
  std::vector<Rule> rules;
  const Rule* find(std::string_view id_or_name) const;
};

/// `error`/`warning`/`info` → Severity, `off` → nullopt.
std::optional<model::Severity> parse_severity(std::string_view text);

} // namespace claudelint::rules
