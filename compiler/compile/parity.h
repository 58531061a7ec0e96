#pragma once
// Parity between environments: every difference between two compiled
// environments that the tree does not declare as expected is a finding,
// located at the value in the lower environment (the guide: staging
// simulates production).
#include <vector>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/diagnostic.h"

namespace claudelint::compile {

/// Checks each ParitySpec of `tree` over its compiled `environments`.
/// Incomplete environments (syntax errors) are skipped.
void check_parity(const Tree& tree, const std::vector<CompiledEnvironment>& environments,
                  std::vector<model::Diagnostic>& diagnostics);

} // namespace claudelint::compile
