#pragma once
// What every report of a run is rendered from: the run's findings with the
// parts the richer formats add (fingerprints, the rule catalog, the compiled
// trees). One place, so the CLI and the fuzz targets render the same input.
#include <string>
#include <vector>

#include "driver/driver.h"
#include "report/render.h"

namespace claudelint::driver {

class RunReport {
public:
  /// `with_fingerprints`: compute each finding's baseline fingerprint (on
  /// `result.jobs` threads); only SARIF and GitLab show them, and for tens of
  /// thousands of findings they cost a twentieth of a large check.
  RunReport(const RunResult& result, bool with_fingerprints);

  /// The renderers' input; valid while this object and the run live.
  report::RenderInput input(int exit_code) const;

private:
  const RunResult& result_;
  std::vector<std::string> fingerprints_, suppressed_fingerprints_, ignored_fingerprints_;
  std::vector<report::RuleInfo> catalog_;
  std::vector<report::TreeView> trees_;
};

} // namespace claudelint::driver
