#pragma once
// `--select` and `--rule` in a run: which stages the selected rules need,
// which findings are reported, and names that match no rule.
#include <vector>

#include "compile/workspace.h"
#include "driver/driver.h"
#include "rules/rule.h"
#include "source/suppressions.h"

namespace claudelint::driver {

/// Whether the trees' environments are compiled: with no --select, always;
/// otherwise only when a selected rule reads them (an environment or tree
/// rule; any rule of a --rule-pack or a tree's own pack, which are read
/// later) or a CL6xxx finding is selected.
bool needs_environments(const Options& options, const compile::Workspace& workspace);

/// Whether the run validates values against schemas: when it reports a
/// CL1xxx finding of a value, and whenever environments are compiled, as
/// the compiler and the environment rules leave alone the values the schema
/// reported (so --select never changes what a rule finds).
bool validates_values(const Options& options, bool environments_needed);

/// Whether staging is checked for parity with production (CL6004).
bool reports_parity(const Options& options);

/// Throws UsageError for a --select entry or --rule name that matches no
/// rule of `pack` (the run's rules) and no finding claudelint emits itself,
/// with the closest name; only in a run over whole trees
/// (Options::reject_unknown_rule_names).
void check_rule_names(const Options& options, const rules::RulePack& pack);

/// With --select, a suppression or ignore entry is about the selected rules
/// only: the rules it names that are not selected are left out, and an
/// entry left with none is dropped (it silences nothing this run could find,
/// and is not unused for it).
void keep_selected_suppressions(const Options& options, const rules::RulePack& pack,
                                std::vector<source::Suppression>& suppressions);
/// Whether one of `names` (rule ids or names) is selected; with no
/// --select, or for a name of no known rule, true.
bool names_selected_rule(const Options& options, const rules::RulePack& pack, const std::vector<std::string>& names);

/// Drops the findings --select does not select (never one that says a file
/// could not be checked), and gives the findings claudelint emits itself
/// the severity --rule sets for them (`off` drops them).
void apply_selection(const Options& options, const rules::RulePack& pack, std::vector<model::Diagnostic>& diagnostics);

} // namespace claudelint::driver
