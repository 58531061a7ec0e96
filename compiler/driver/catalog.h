#pragma once
// Every rule a run can report, described for report formats: the policy
// rules of the run's packs and the findings claudelint emits itself
// (CL0xxx loading, CL1xxx schema, CL6xxx environments).
#include <vector>

#include "report/render.h"
#include "rules/rule.h"

namespace claudelint::driver {

/// Sorted by id.
std::vector<report::RuleInfo> rule_catalog(const rules::RulePack& pack);

} // namespace claudelint::driver
