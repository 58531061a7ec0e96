#include "rules/engine.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "compile/compiler.h"
#include "compile/merge.h"
#include "compile/units.h"
#include "rules/native/registry.h"
#include "rules/rewrite.h"
#include "rules/selector.h"
#include "rules/version.h"
#include "schema/engine.h"
#include "source/loader.h"

namespace claudelint::rules {

using nlohmann::json;
using compile::CompiledEnvironment;

namespace {

/// Adds the time until it goes out of scope to `times[rule]` (when set).
class Stopwatch {
public:
  Stopwatch(RuleTimes* times, const std::string& rule)
      : times_(times), rule_(rule), start_(times ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{}) {}
  ~Stopwatch() {
    if (times_) (*times_)[rule_] += std::chrono::steady_clock::now() - start_;
  }
  Stopwatch(const Stopwatch&) = delete;
  Stopwatch& operator=(const Stopwatch&) = delete;

private:
  RuleTimes* times_;
  const std::string& rule_;
  std::chrono::steady_clock::time_point start_;
};

} // namespace

namespace {

/// A value shown in a message: compact, cut, credentials redacted.
std::string show(const json* value, const std::string& pointer) {
  if (!value) return "absent";
  std::string text = compile::redact_credentials(*value, pointer).dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

/// A number, or a size/duration string in bytes/milliseconds.
std::optional<double> as_number(const json& value, const std::optional<std::string>& unit) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string() || !unit) return std::nullopt;
  const auto parsed = *unit == "size" ? compile::parse_size(value.get<std::string>())
                                      : compile::parse_duration(value.get<std::string>());
  if (const auto* n = std::get_if<std::uint64_t>(&parsed)) return static_cast<double>(*n);
  return std::nullopt;
}

bool compare(double left, const std::string& op, double right) {
  if (op == "<") return left < right;
  if (op == "<=") return left <= right;
  if (op == ">") return left > right;
  if (op == ">=") return left >= right;
  if (op == "==") return left == right;
  return left != right;
}

/// The result of one assertion on one value.
struct Outcome {
  bool ok = true;
  std::string expected;                   ///< for the message's {expected}
  /// Or, where working it out costs more (a schema's first violation, a
  /// list of allowed values), how to: called only for a finding that is
  /// reported, while most failing matches are values the schema stage
  /// reported already. It may refer to the assertion and the checked value,
  /// which outlive the evaluation.
  std::function<std::string()> expected_later;

  std::string expected_text() const { return expected_later ? expected_later() : expected; }
  std::optional<std::string> other;       ///< the compared value, shown
  const CompiledEnvironment* other_environment = nullptr;
  std::optional<std::string> other_pointer; ///< where the compared value is
};

class Evaluator {
public:
  Evaluator(const compile::Tree& tree, const std::vector<CompiledEnvironment>& environments, std::size_t index)
      : tree_(tree), environments_(environments), environment_(environments[index]), index_(index) {}

  /// Resolves an operand: a literal, or `{pointer, environment?}`.
  std::pair<const json*, const CompiledEnvironment*> operand(const json& argument, const std::vector<std::string>& captures,
                                                             std::string& pointer) {
    if (!argument.is_object()) return {&argument, nullptr};
    const CompiledEnvironment* environment = &environment_;
    if (const auto it = argument.find("environment"); it != argument.end()) {
      environment = neighbour(it->get<std::string>() == "previous" ? -1 : 1);
      if (!environment) return {nullptr, nullptr};
    }
    pointer = substitute(argument.at("pointer").get<std::string>(), captures, true);
    return {model::find_value(environment->document, pointer), environment};
  }

  /// Whether `value` (null when absent) passes `a`. What was expected and
  /// the value compared with are worked out only for a failure: most checks
  /// pass, and this runs for every selected value of every environment.
  Outcome check(const Assertion& a, const json* value, const std::string& pointer,
                const std::vector<std::string>& captures) {
    Outcome out;
    const json& arg = a.argument;
    switch (a.check) {
    case AssertionKind::exists: return fail_if(!value, [] { return "a value here"; }, out);
    case AssertionKind::absent: return fail_if(value != nullptr, [] { return "no value here"; }, out);
    // truthy/falsy judge a value that is there; `exists` requires one.
    case AssertionKind::truthy: return fail_if(value && *value != true, [] { return "true"; }, out);
    case AssertionKind::falsy: return fail_if(value && *value != false, [] { return "false"; }, out);
    default: break;
    }
    if (!value) return out; // the rest judge values that exist
    switch (a.check) {
    case AssertionKind::equals:
    case AssertionKind::not_equals: {
      std::string other_pointer;
      const auto [other_value, where] = operand(arg, captures, other_pointer);
      const json* const other = other_value; // clang 14 lambdas cannot capture bindings
      if (!other) return out;
      const bool equal = *value == *other;
      const bool wanted = a.check == AssertionKind::equals;
      if (equal != wanted) note_other(out, other, where, other_pointer);
      return fail_if(equal != wanted, [&] { return (wanted ? "" : "anything but ") + show(other, other_pointer); }, out);
    }
    case AssertionKind::one_of:
    case AssertionKind::not_one_of: {
      const bool in = std::find(arg.begin(), arg.end(), *value) != arg.end();
      const bool wanted = a.check == AssertionKind::one_of;
      out.ok = in == wanted;
      if (!out.ok) out.expected_later = [&arg, wanted] { return list(arg, wanted ? "one of " : "none of "); };
      return out;
    }
    case AssertionKind::matches:
    case AssertionKind::not_matches: {
      const bool wanted = a.check == AssertionKind::matches;
      if (!value->is_string()) return fail_if(wanted, [] { return "a string"; }, out);
      const bool hit = a.regex->search(value->get_ref<const std::string&>()).value_or(false);
      return fail_if(hit != wanted, [&] {
        return fmt::format("{}a match of /{}/", wanted ? "" : "no ", arg.get<std::string>());
      }, out);
    }
    case AssertionKind::version_at_least:
    case AssertionKind::version_at_most: {
      std::string other_pointer;
      const auto [other_value, where] = operand(arg, captures, other_pointer);
      const json* const other = other_value; // clang 14 lambdas cannot capture bindings
      if (!other) return out;
      const auto mine = version_parts(*value), theirs = version_parts(*other);
      if (mine.empty()) {
        note_other(out, other, where, other_pointer);
        return fail_if(true, [] { return "a version number"; }, out);
      }
      if (theirs.empty()) return out;
      const int order = compare_versions(mine, theirs);
      const bool at_least = a.check == AssertionKind::version_at_least;
      const bool failed = at_least ? order < 0 : order > 0;
      if (failed) note_other(out, other, where, other_pointer);
      return fail_if(failed, [&] {
        const std::string shown = other->is_string() ? other->get<std::string>() : other->dump();
        return "version " + shown + (at_least ? " or later" : " or earlier");
      }, out);
    }
    case AssertionKind::compare: {
      const std::string& op = arg.at("op").get_ref<const std::string&>();
      const auto unit_at = arg.find("unit");
      const std::optional<std::string> unit =
          unit_at != arg.end() ? std::optional(unit_at->get<std::string>()) : std::nullopt;
      std::string other_pointer;
      const auto [other_value, where] = operand(arg.at("value"), captures, other_pointer);
      const json* const other = other_value; // clang 14 lambdas cannot capture bindings
      if (!other) return out;
      const auto left = as_number(*value, unit), right = as_number(*other, unit);
      if (!left || !right) return out; // not numbers: the schema's business
      const bool failed = !compare(*left, op, *right);
      if (failed) note_other(out, other, where, other_pointer);
      return fail_if(failed, [&] {
        return fmt::format("{} {}", op, other->is_string() ? other->get<std::string>() : other->dump());
      }, out);
    }
    case AssertionKind::count: {
      if (!value->is_array() && !value->is_object()) return out;
      const auto n = value->size();
      const auto min = arg.value("min", std::size_t{0});
      const auto max = arg.value("max", std::numeric_limits<std::size_t>::max());
      return fail_if(n < min || n > max, [&] {
        return arg.contains("min") && arg.contains("max")
                   ? fmt::format("between {} and {} items", min, max)
               : arg.contains("min") ? fmt::format("at least {} item{}", min, min == 1 ? "" : "s")
                                     : fmt::format("at most {} item{}", max, max == 1 ? "" : "s");
      }, out);
    }
    case AssertionKind::unique: {
      if (!value->is_array()) return out;
      std::set<std::string> seen;
      for (const auto& item : *value)
        if (!seen.insert(item.dump()).second) return fail_if(true, [] { return "no repeated item"; }, out);
      return out;
    }
    case AssertionKind::subset_of: {
      const auto allowed = [&](const json& item) { return std::find(arg.begin(), arg.end(), item) != arg.end(); };
      const bool ok = value->is_array() ? std::all_of(value->begin(), value->end(), allowed) : allowed(*value);
      return fail_if(!ok, [&] { return list(arg, "only "); }, out);
    }
    case AssertionKind::contains: {
      const bool ok = value->is_array() && std::find(value->begin(), value->end(), arg) != value->end();
      return fail_if(!ok, [&] { return "a list holding " + arg.dump(); }, out);
    }
    case AssertionKind::non_empty: {
      const bool empty = (value->is_string() && value->get_ref<const std::string&>().empty()) ||
                         (value->is_structured() && value->empty()) || value->is_null();
      return fail_if(empty, [] { return "a non-empty value"; }, out);
    }
    case AssertionKind::schema: {
      if (a.schema->valid(*value)) return out;
      out.ok = false;
      out.expected_later = [schema = a.schema.get(), value] {
        const auto violations = schema->validate(*value);
        return violations.empty() ? std::string() : violations.front().message;
      };
      return out;
    }
    case AssertionKind::native: {
      const native::Check* checker = native::find(arg.get<std::string>());
      if (!checker) return out;
      if (auto failure = (*checker)({*value, pointer, environment_})) {
        out.ok = false;
        out.expected = failure->expected;
        if (failure->other_pointer) {
          const json* other = model::find_value(environment_.document, *failure->other_pointer);
          note_other(out, other, &environment_, *failure->other_pointer);
        }
      }
      return out;
    }
    default: return out;
    }
  }

  const CompiledEnvironment* neighbour(int step) const {
    const auto at = static_cast<long>(index_) + step;
    if (at < 0 || at >= static_cast<long>(environments_.size())) return nullptr;
    return &environments_[static_cast<std::size_t>(at)];
  }

private:
  /// Sets the outcome; `expected()` gives the message's {expected}, asked
  /// only when the check failed.
  template <typename Expected>
  static Outcome& fail_if(bool failed, const Expected& expected, Outcome& out) {
    out.ok = !failed;
    if (failed) out.expected = expected();
    return out;
  }

  static std::string list(const json& values, const std::string& prefix) {
    std::string text;
    for (const auto& v : values) text += (text.empty() ? "" : ", ") + v.dump();
    return prefix + text;
  }

  static void note_other(Outcome& out, const json* other, const CompiledEnvironment* where, const std::string& pointer) {
    if (!where) return;
    out.other = show(other, pointer);
    out.other_environment = where;
    out.other_pointer = pointer;
  }

  [[maybe_unused]] const compile::Tree& tree_;
  const std::vector<CompiledEnvironment>& environments_;
  const CompiledEnvironment& environment_;
  std::size_t index_;
};

std::string format_message(const Rule& rule, const std::string& pointer, const json* value, const std::string& environment,
                           const Outcome& outcome, const std::vector<std::string>& captures) {
  std::string text = substitute(rule.message, captures, false);
  const auto replace = [&](std::string_view key, const std::string& with) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + with.size()))
      text.replace(at, key.size(), with);
  };
  replace("{pointer}", pointer);
  replace("{value}", show(value, pointer));
  replace("{environment}", environment);
  replace("{expected}", outcome.expected_text());
  replace("{other}", outcome.other.value_or("absent"));
  return text;
}

/// The origin of `pointer` in a source file: its own, or, when that is a
/// schema default (no file), the nearest ancestor's; `exact` turns false then.
const compile::Origin* reportable_origin(const CompiledEnvironment& environment, std::string pointer, bool& exact) {
  for (;;) {
    const compile::Origin* origin = environment.origin(pointer);
    if (!origin) return nullptr;
    if (origin->file) return origin;
    exact = false;
    if (pointer.empty()) return nullptr;
    pointer.erase(pointer.rfind('/'));
  }
}

std::optional<model::Severity> severity_for(const Rule& rule, const RuleSettings& settings, const std::string& environment) {
  if (settings.selection && !settings.selection->selects(rule.id, rule.name, rule.category)) return std::nullopt;
  for (const auto& key : {rule.id, rule.name})
    if (const auto it = settings.severity.find(key); it != settings.severity.end()) return it->second;
  return rule.severity_in(environment);
}

/// The fix a rule's `rewrite:` makes to a failing value written at
/// `origin`, when the edited text would pass the rule.
std::optional<model::Fix> fix_for(const Rule& rule, Evaluator& evaluator, const MatchView& match, const compile::Origin& origin,
                                  const model::SourceManager& sources) {
  if (!rule.rewrite || !match.value || !origin.file || *origin.file >= sources.size()) return std::nullopt;
  auto rewritten = rewrite(*rule.rewrite, *match.value, sources.file(*origin.file).text(),
                           {*origin.file, origin.value.begin, origin.value.end});
  // A fix after which the rule still fires is no fix.
  if (!rewritten || !evaluator.check(rule.assertion, &rewritten->value, match.pointer, match.captures).ok)
    return std::nullopt;
  return std::move(rewritten->fix);
}

bool in_scope(const Rule& rule, const RuleSettings& settings, const std::string& environment) {
  for (const auto& key : {rule.id, rule.name})
    if (const auto it = settings.environments.find(key); it != settings.environments.end())
      return std::find(it->second.begin(), it->second.end(), environment) != it->second.end();
  return rule.applies_to(environment);
}

} // namespace

void evaluate(const RulePack& pack, const RuleSettings& settings, const compile::Tree& tree,
              const std::vector<CompiledEnvironment>& environments, const model::SourceManager& sources,
              std::vector<model::Diagnostic>& out,
              const std::set<std::pair<model::FileId, std::string>>* schema_findings) {
  for (std::size_t index = 0; index < environments.size(); ++index) {
    const CompiledEnvironment& environment = environments[index];
    Evaluator evaluator(tree, environments, index);
    for (const Rule& rule : pack.rules) {
      if (rule.scope != Scope::environment || !in_scope(rule, settings, environment.name)) continue;
      const auto severity = severity_for(rule, settings, environment.name);
      if (!severity) continue;
      const Stopwatch watch(settings.times, rule.id);
      for (const auto& pattern : rule.patterns) {
        for_each_match(environment.document, pattern, [&](const MatchView& match) {
          const bool holds = std::all_of(rule.when.begin(), rule.when.end(), [&](const Condition& condition) {
            const std::string at = substitute(condition.pointer, match.captures, true);
            const json* there = model::find_value(environment.document, at);
            // A condition about a value holds only when the value is there
            // (except the conditions that are about absence).
            const AssertionKind check = condition.assertion.check;
            if (!there && check != AssertionKind::absent && check != AssertionKind::falsy && check != AssertionKind::exists) return false;
            return evaluator.check(condition.assertion, there, at, match.captures).ok;
          });
          if (!holds) return;
          const Outcome outcome = evaluator.check(rule.assertion, match.value, match.pointer, match.captures);
          if (outcome.ok) return;
          // At the value's origin; for an absent value, at the nearest key it
          // has; for a value a schema `default` filled in, at the nearest
          // ancestor written in a file (the object the default went into).
          bool exact = match.value && environment.provenance.contains(match.pointer);
          const compile::Origin* origin = reportable_origin(environment, match.pointer, exact);
          if (!origin) return; // nothing in a source file to point at
          // A value the schema already reported (or, for a list or object,
          // one with a value inside it reported) gets no second finding.
          const bool container = match.value && match.value->is_structured();
          if (exact && schema_findings) {
            if (schema_findings->contains({*origin->file, origin->source_pointer})) return;
            if (container) {
              const std::string inside = origin->source_pointer + "/";
              const auto it = schema_findings->lower_bound({*origin->file, inside});
              if (it != schema_findings->end() && it->first == *origin->file && it->second.starts_with(inside)) return;
            }
          }
          // A list or object as a whole is named by its key, not its first item.
          const model::ByteRange range = (!exact || container) && origin->key ? *origin->key : origin->value;
          // A value of a shared file, judged alike everywhere, breaks the rule
          // in every environment: say so once instead of once per environment.
          const bool everywhere = environments.size() > 1 && origin->layer == "shared" && rule.environments.empty() &&
                                  rule.severity_by_environment.empty() && !outcome.other_environment;
          auto d = source::make_diagnostic(
              {rule.id, rule.name}, *severity, *origin->file, range.begin, range.end,
              format_message(rule, match.pointer, match.value, everywhere ? "every environment" : environment.name,
                             outcome, match.captures));
          d.pointer = match.pointer;
          d.environment = environment.name;
          d.help = rule.fix;
          // A value as written (not a default filled in, not a whole list).
          if (exact && !container) d.fix = fix_for(rule, evaluator, match, *origin, sources);
          if (outcome.other_pointer && outcome.other_environment) {
            const auto* other = outcome.other_environment->origin(*outcome.other_pointer);
            const bool elsewhere = other && other->file &&
                                   (*other->file != *origin->file || other->value.begin != origin->value.begin);
            if (elsewhere)
              d.related.push_back({{*other->file, other->value.begin, other->value.end},
                                   outcome.other_environment == &environment
                                       ? fmt::format("compared with {}", *outcome.other_pointer)
                                       : fmt::format("the {} value", outcome.other_environment->name)});
          }
          out.push_back(std::move(d));
        });
      }
    }
  }
}

namespace {

/// A file or tree rule's message with the finding's `{fields}` filled in.
std::string fill_fields(std::string text, const std::map<std::string, std::string>& fields) {
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const std::string key = "{" + it->first + "}";
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + it->second.size()))
      text.replace(at, key.size(), it->second);
  }
  return text;
}

model::Diagnostic file_diagnostic(const Rule& rule, model::Severity severity, model::FileId file,
                                  const native::FileFinding& finding) {
  auto d = source::make_diagnostic({rule.id, rule.name}, finding.severity.value_or(severity), file,
                                   finding.range.begin, finding.range.end,
                                   finding.message.value_or(fill_fields(rule.message, finding.fields)));
  d.help = finding.help.value_or(rule.fix);
  d.related = finding.related;
  return d;
}

} // namespace

void evaluate_file(const RulePack& pack, const RuleSettings& settings, const native::FileContext& context,
                   std::vector<model::Diagnostic>& out) {
  // A file of one environment is judged with that environment's severity;
  // a shared file, or one outside any tree, with the rule's default.
  const std::string environment =
      context.role && !context.role->shared && context.role->environments.size() == 1 ? context.role->environments.front()
                                                                                       : std::string();
  const std::string kind(source::to_string(context.kind));
  for (const Rule& rule : pack.rules) {
    if (rule.scope != Scope::file) continue;
    if (std::find(rule.kinds.begin(), rule.kinds.end(), kind) == rule.kinds.end() &&
        std::find(rule.kinds.begin(), rule.kinds.end(), "*") == rule.kinds.end())
      continue;
    if (!environment.empty() && !in_scope(rule, settings, environment)) continue;
    const auto severity = severity_for(rule, settings, environment);
    if (!severity) continue;
    const native::FileCheck* check = native::find_file_check(rule.assertion.argument.get<std::string>());
    if (!check) continue; // the rule loader reports it
    const Stopwatch watch(settings.times, rule.id);
    std::vector<native::FileFinding> findings;
    (*check)(context, findings);
    for (const auto& finding : findings) {
      auto d = file_diagnostic(rule, *severity, context.file, finding);
      if (!environment.empty()) d.environment = environment;
      out.push_back(std::move(d));
    }
  }
}

void evaluate_tree(const RulePack& pack, const RuleSettings& settings, const native::TreeContext& context,
                   std::vector<model::Diagnostic>& out) {
  for (const Rule& rule : pack.rules) {
    if (rule.scope != Scope::tree) continue;
    const native::TreeCheck* check = native::find_tree_check(rule.assertion.argument.get<std::string>());
    if (!check) continue;
    const Stopwatch watch(settings.times, rule.id);
    std::vector<native::TreeFinding> findings;
    (*check)(context, findings);
    for (const auto& finding : findings) {
      const std::string environment = finding.environment.value_or("");
      if (!environment.empty() && !in_scope(rule, settings, environment)) continue;
      const auto severity = severity_for(rule, settings, environment);
      if (!severity) continue;
      auto d = file_diagnostic(rule, *severity, finding.file, finding.finding);
      d.environment = finding.environment;
      out.push_back(std::move(d));
    }
  }
}

RuleSettings settings_from_manifest(const json& rules) {
  RuleSettings settings;
  if (!rules.is_object()) return settings;
  for (const auto& [key, value] : rules.items()) {
    if (value.is_string()) {
      settings.severity[key] = parse_severity(value.get<std::string>());
    } else if (value.is_boolean()) {
      if (!value.get<bool>()) settings.severity[key] = std::nullopt;
    } else if (value.is_object()) {
      if (const auto it = value.find("severity"); it != value.end() && it->is_string())
        settings.severity[key] = parse_severity(it->get<std::string>());
      if (const auto it = value.find("environments"); it != value.end() && it->is_array())
        for (const auto& e : *it)
          if (e.is_string()) settings.environments[key].push_back(e.get<std::string>());
    }
  }
  return settings;
}

} // namespace claudelint::rules
