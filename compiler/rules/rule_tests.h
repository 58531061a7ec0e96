#pragma once
// `claudelint test-rules`: every rule's own examples, run through the
// engine. The `bad` example must give a finding of the rule and the `good`
// one none; a rule with a `rewrite:` must fix its bad example (every finding
// has a fix, and with the fixes applied the example passes) — so a rule pack
// carries its own tests, built-in or not.
#include <string>
#include <vector>

#include "rules/rule.h"

namespace claudelint::rules {

struct ExampleResult {
  const Rule* rule = nullptr;
  std::string example; ///< "bad" or "good"
  bool passed = false;
  std::string detail;  ///< why not, or the finding the bad example gave
};

/// Runs the examples of every environment rule of `pack`, in id order. A
/// rule without examples gives one failed result saying so; file and tree
/// rules have none (their fixture trees test them).
std::vector<ExampleResult> run_rule_examples(const RulePack& pack);

} // namespace claudelint::rules
