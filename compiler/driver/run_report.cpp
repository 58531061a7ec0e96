#include "driver/run_report.h"

#include "driver/baseline.h"
#include "driver/catalog.h"
#include "support/parallel.h"

namespace claudelint::driver {

RunReport::RunReport(const RunResult& result, bool with_fingerprints)
    : result_(result), catalog_(rule_catalog(result.rules)) {
  if (with_fingerprints) {
    const BaselineLocation here{result.cwd, result.cwd};
    fingerprints_.resize(result.diagnostics.size());
    support::parallel_for(result.diagnostics.size(), result.jobs, [&](std::size_t i) {
      fingerprints_[i] = fingerprint(result.diagnostics[i], result.sources, here);
    });
    for (const auto& d : result.suppressed) suppressed_fingerprints_.push_back(fingerprint(d, result.sources, here));
    for (const auto& d : result.ignored) ignored_fingerprints_.push_back(fingerprint(d, result.sources, here));
  }
  for (std::size_t i = 0; i < result.workspace.trees.size() && i < result.environments.size(); ++i)
    trees_.push_back({&result.workspace.trees[i], &result.environments[i]});
}

report::RenderInput RunReport::input(int exit_code) const {
  report::RenderInput input{result_.diagnostics, result_.sources, result_.files_checked};
  input.suppressed = &result_.suppressed;
  input.ignored = &result_.ignored;
  input.fingerprints = &fingerprints_;
  input.suppressed_fingerprints = &suppressed_fingerprints_;
  input.ignored_fingerprints = &ignored_fingerprints_;
  input.rules = &catalog_;
  input.trees = &trees_;
  input.exit_code = exit_code;
  input.jobs = result_.jobs;
  input.shard = result_.shard;
  return input;
}

} // namespace claudelint::driver
