#pragma once
// Every rule a run can report, described for report formats: the policy
// rules of the run's packs and the findings claudelint emits itself
// (CL0xxx loading, CL1xxx schema, CL6xxx environments).
#include <string>
#include <string_view>
#include <vector>

#include "report/render.h"
#include "rules/rule.h"

namespace claudelint::driver {

/// Where a rule is documented: the section of docs/diagnostics.md for the
/// findings claudelint emits itself, else the rule's own page. Every format
/// that links a rule (SARIF helpUri, the LSP codeDescription) uses this.
std::string documentation_url(std::string_view rule_id);

/// Sorted by id.
std::vector<report::RuleInfo> rule_catalog(const rules::RulePack& pack);

} // namespace claudelint::driver
