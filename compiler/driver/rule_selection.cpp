#include "driver/rule_selection.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compile/compile_rules.h"
#include "driver/catalog.h"
#include "rules/rule_pack.h"
#include "rules/selection.h"
#include "schema/explain.h"
#include "schema/schema_rules.h"

namespace claudelint::driver {

namespace {

/// The category of a rule of `pack` (empty for claudelint's own findings).
std::string_view category_of(const rules::RulePack& pack, std::string_view id) {
  const rules::Rule* rule = pack.find(id);
  return rule ? std::string_view(rule->category) : std::string_view();
}

/// Whether --select selects the rule named `name` (an id or a name); a
/// name of no known rule counts as selected.
bool selects_name(const rules::Selection& selection, const rules::RulePack& pack,
                  const std::vector<report::RuleInfo>& catalog, std::string_view name) {
  for (const auto& info : catalog)
    if (info.id == name || info.name == name) return selection.selects(info.id, info.name, category_of(pack, info.id));
  return true;
}

} // namespace

bool validates_values(const Options& options, bool environments_needed) {
  if (!options.selection || environments_needed) return true;
  namespace rule = schema::rule;
  for (const model::RuleId* id : {&rule::type_mismatch, &rule::value_not_allowed, &rule::unknown_key,
                                  &rule::missing_required_key, &rule::value_out_of_range, &rule::pattern_mismatch,
                                  &rule::invalid_format, &rule::schema_mismatch})
    if (options.selection->selects(id->code, id->name)) return true;
  return false;
}

bool reports_parity(const Options& options) {
  const model::RuleId& parity = compile::rule::env_parity;
  return !options.selection || options.selection->selects(parity.code, parity.name);
}

bool needs_environments(const Options& options, const compile::Workspace& workspace) {
  if (!options.selection) return true;
  for (const auto& info : rule_catalog(rules::RulePack{}))
    if (info.id.starts_with("CL6") && options.selection->selects(info.id, info.name)) return true;
  if (!options.rules) return false;
  const auto has_own_pack = [](const compile::Tree& tree) { return !tree.rule_packs.empty(); };
  if (!options.rule_packs.empty() || std::any_of(workspace.trees.begin(), workspace.trees.end(), has_own_pack))
    return true;
  for (const auto& rule : rules::builtin_pack().rules)
    if (rule.scope != rules::Scope::file && options.selection->selects(rule.id, rule.name, rule.category)) return true;
  return false;
}

void check_rule_names(const Options& options, const rules::RulePack& pack) {
  if (!options.selection && options.rule_severities.empty()) return;
  if (!options.reject_unknown_rule_names || options.focus || options.shard) return;
  const auto catalog = rule_catalog(pack);
  std::vector<std::string> names;
  for (const auto& info : catalog) {
    names.push_back(info.id);
    names.push_back(info.name);
  }
  const auto fail = [&](std::string_view option, const std::string& argument, const std::string& name,
                        std::string_view what) {
    std::string message = fmt::format("{} {}: no rule has this {}", option, argument, what);
    if (const auto close = schema::closest_match(name, names)) message += fmt::format("; did you mean {}?", *close);
    throw UsageError(message + "\n  `claudelint rules` lists the rules");
  };
  for (const auto& setting : options.rule_severities) {
    const std::string& name = setting.first;
    if (std::none_of(catalog.begin(), catalog.end(),
                     [&](const report::RuleInfo& info) { return info.id == name || info.name == name; }))
      fail("--rule", name + "=" + setting.second, name, "id or name");
  }
  if (!options.selection) return;
  for (const auto& entry : options.selection->entries()) {
    const bool known = std::any_of(catalog.begin(), catalog.end(), [&](const report::RuleInfo& info) {
      return rules::Selection::entry_selects(entry, info.id, info.name, category_of(pack, info.id));
    });
    if (!known) fail("--select", entry, entry, "id, name, category or id prefix");
  }
}

void keep_selected_suppressions(const Options& options, const rules::RulePack& pack,
                                std::vector<source::Suppression>& suppressions) {
  if (!options.selection) return;
  const auto catalog = rule_catalog(pack);
  for (auto& suppression : suppressions)
    std::erase_if(suppression.rules,
                  [&](const std::string& name) { return !selects_name(*options.selection, pack, catalog, name); });
  std::erase_if(suppressions, [](const source::Suppression& s) { return s.rules.empty(); });
}

bool names_selected_rule(const Options& options, const rules::RulePack& pack, const std::vector<std::string>& names) {
  if (!options.selection) return true;
  const auto catalog = rule_catalog(pack);
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& name) { return selects_name(*options.selection, pack, catalog, name); });
}

void apply_selection(const Options& options, const rules::RulePack& pack, std::vector<model::Diagnostic>& diagnostics) {
  if (!options.selection && options.rule_severities.empty()) return;
  // --rule for claudelint's own findings; the policy rules had theirs.
  std::map<std::string, std::optional<model::Severity>, std::less<>> own_severity;
  for (const auto& [name, severity] : options.rule_severities)
    if (!pack.find(name)) own_severity[name] = rules::parse_severity(severity);
  struct Decision {
    bool keep = true;
    std::optional<model::Severity> severity; ///< set by --rule
  };
  std::map<std::string, Decision, std::less<>> by_rule; // decided once per rule id
  const auto decide = [&](const model::RuleId& rule) {
    Decision decision;
    decision.keep = !options.selection || rules::always_reported(rule.code) ||
                    options.selection->selects(rule.code, rule.name, category_of(pack, rule.code));
    if (decision.keep && !pack.find(rule.code))
      for (const auto& key : {rule.code, rule.name})
        if (const auto set = own_severity.find(key); set != own_severity.end()) {
          decision.keep = set->second.has_value();
          decision.severity = set->second;
          break;
        }
    return decision;
  };
  std::erase_if(diagnostics, [&](model::Diagnostic& d) {
    auto it = by_rule.find(d.rule.code);
    if (it == by_rule.end()) it = by_rule.emplace(d.rule.code, decide(d.rule)).first;
    if (it->second.severity) d.severity = *it->second.severity;
    return !it->second.keep;
  });
}

} // namespace claudelint::driver
