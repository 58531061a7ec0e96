// GitLab Code Quality: a JSON array of issues, one per finding, which
// GitLab shows in merge requests and diffs (docs/output-formats.md).
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/ci_formats.h"
#include "report/render.h"
#include "support/sha256.h"

namespace claudelint::report {

namespace {

using nlohmann::ordered_json;

/// Code Quality has five levels; claudelint's three map onto the middle of
/// them: an error is "major", a warning "minor", an info "info".
std::string_view code_quality_severity(model::Severity severity) {
  switch (severity) {
  case model::Severity::error: return "major";
  case model::Severity::warning: return "minor";
  case model::Severity::info: return "info";
  }
  return "major";
}

/// The run's fingerprint of finding `index`, or, for a caller that has
/// none, one made the same way: from what the finding says, not its line.
std::string base_fingerprint(const RenderInput& input, std::size_t index) {
  if (input.fingerprints && index < input.fingerprints->size()) return (*input.fingerprints)[index];
  const auto& d = input.diagnostics[index];
  const std::string key = fmt::format("{}\n{}\n{}\n{}\n{}", d.rule.code, input.sources.file(d.range.file).path(),
                                      d.environment.value_or(""), d.pointer.value_or(""), d.message);
  return support::sha256_hex(key).substr(0, 16);
}

} // namespace

std::string render_gitlab(const RenderInput& input) {
  ordered_json issues = ordered_json::array();
  // Fingerprints ignore lines, so two findings can share one (the same
  // duplicate key twice in a file); GitLab needs them unique. The second
  // gets `-2`, the third `-3`, in output order.
  std::set<std::string> used;
  for (std::size_t i = 0; i < input.diagnostics.size(); ++i) {
    const auto& d = input.diagnostics[i];
    const auto& file = input.sources.file(d.range.file);
    const auto at = line_span(file, d.range);
    const std::string base = base_fingerprint(input, i);
    std::string fingerprint = base;
    for (std::size_t n = 2; used.contains(fingerprint); ++n) fingerprint = fmt::format("{}-{}", base, n);
    used.insert(fingerprint);

    ordered_json issue;
    issue["description"] = d.message;
    issue["check_name"] = d.rule.code;
    issue["fingerprint"] = fingerprint;
    issue["severity"] = std::string(code_quality_severity(d.severity));
    issue["location"] = {{"path", file.path()}, {"lines", {{"begin", at.line}, {"end", at.end_line}}}};
    issues.push_back(std::move(issue));
  }
  return issues.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace claudelint::report
