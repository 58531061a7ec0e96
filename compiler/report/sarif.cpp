// SARIF 2.1.0 (docs/output-formats.md): one run, every rule of the run as a
// reportingDescriptor, every finding as a result, and every silenced finding
// as a result with a suppression. No source text ever goes in: no snippets,
// no context regions, no file contents.
#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/render.h"
#include "report/snippet.h"

namespace claudelint::report {

namespace {

using nlohmann::ordered_json;

/// What relative artifact URIs are resolved against: the working directory
/// claudelint ran in (run from the repository root for repository paths).
constexpr const char* src_root = "%SRCROOT%";

std::string_view sarif_level(model::Severity severity) {
  switch (severity) {
  case model::Severity::error: return "error";
  case model::Severity::warning: return "warning";
  case model::Severity::info: return "note";
  }
  return "error";
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`,
/// so any path becomes a valid URI path (a `:` in a first segment would
/// otherwise read as a scheme).
std::string encode_path(std::string_view path) {
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += ch;
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

/// A display path as an artifactLocation: relative to %SRCROOT%, or an
/// absolute file: URI for a file outside the working directory.
ordered_json artifact_location(const std::string& path) {
  ordered_json location;
  if (!path.empty() && path.front() == '/') {
    location["uri"] = "file://" + encode_path(path);
  } else {
    location["uri"] = encode_path(path);
    location["uriBaseId"] = src_root;
  }
  return location;
}

/// 1-based lines; 1-based columns in UTF-16 code units (run.columnKind);
/// the end is exclusive, as SARIF's endColumn is.
ordered_json region(const model::SourceFile& file, std::size_t begin, std::size_t end) {
  end = std::max(begin, end);
  const auto lc = line_columns(file, begin, end);
  const auto& lines = file.lines();
  ordered_json out;
  out["startLine"] = lc.begin.line;
  out["startColumn"] = lines.utf16_column(file.text(), begin) + 1;
  out["endLine"] = lc.end.line;
  out["endColumn"] = lines.utf16_column(file.text(), end) + 1;
  return out;
}

ordered_json physical_location(const model::SourceManager& sources, const model::Range& range) {
  const auto& file = sources.file(range.file);
  ordered_json out;
  out["artifactLocation"] = artifact_location(file.path());
  out["region"] = region(file, range.begin, range.end);
  return out;
}

/// A SARIF message or multiformatMessageString with plain text only.
ordered_json plain(std::string_view value) { return {{"text", value}}; }

ordered_json rule_descriptor(const RuleInfo& rule) {
  ordered_json out;
  out["id"] = rule.id;
  out["name"] = rule.name;
  out["shortDescription"] = plain(rule.title);
  out["fullDescription"] = plain(rule.description.empty() ? rule.title : rule.description);
  ordered_json help;
  help["text"] = rule.help.empty() ? rule.title : rule.help;
  std::string markdown = rule.help.empty() ? rule.title : rule.help;
  if (!rule.help_uri.empty()) markdown += fmt::format("\n\nSee [{} {}]({}).", rule.id, rule.name, rule.help_uri);
  help["markdown"] = markdown;
  out["help"] = std::move(help);
  if (!rule.help_uri.empty()) out["helpUri"] = rule.help_uri;
  out["defaultConfiguration"] = {{"level", sarif_level(rule.default_severity)}};
  return out;
}

/// The run's rules: the catalog, plus any rule a finding names that the
/// catalog lacks (so every result's ruleId is described), sorted by id.
std::vector<RuleInfo> run_rules(const RenderInput& input) {
  std::vector<RuleInfo> rules = input.rules ? *input.rules : std::vector<RuleInfo>{};
  const auto add_missing = [&rules](const std::vector<model::Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics) {
      const bool known = std::any_of(rules.begin(), rules.end(), [&d](const RuleInfo& r) { return r.id == d.rule.code; });
      if (!known) rules.push_back({d.rule.code, d.rule.name, d.rule.name, d.rule.name, {}, {}, d.severity});
    }
  };
  add_missing(input.diagnostics);
  if (input.suppressed) add_missing(*input.suppressed);
  if (input.ignored) add_missing(*input.ignored);
  std::stable_sort(rules.begin(), rules.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return rules;
}

ordered_json result(const model::Diagnostic& d, const model::SourceManager& sources,
                    const std::map<std::string, std::size_t>& rule_index, const std::string* fingerprint,
                    std::string_view suppression_kind) {
  ordered_json out;
  out["ruleId"] = d.rule.code;
  out["ruleIndex"] = rule_index.at(d.rule.code);
  out["level"] = sarif_level(d.severity);
  out["message"] = plain(d.message);
  ordered_json location;
  location["physicalLocation"] = physical_location(sources, d.range);
  if (d.pointer) {
    ordered_json logical;
    logical["fullyQualifiedName"] = *d.pointer;
    logical["kind"] = "member";
    location["logicalLocations"] = ordered_json::array({std::move(logical)});
  }
  out["locations"] = ordered_json::array({std::move(location)});
  if (!d.related.empty()) {
    ordered_json related = ordered_json::array();
    for (std::size_t i = 0; i < d.related.size(); ++i) {
      ordered_json entry;
      entry["id"] = i + 1;
      entry["physicalLocation"] = physical_location(sources, d.related[i].range);
      entry["message"] = plain(d.related[i].message);
      related.push_back(std::move(entry));
    }
    out["relatedLocations"] = std::move(related);
  }
  if (fingerprint) out["partialFingerprints"] = {{"claudelint/v1", *fingerprint}};
  if (!suppression_kind.empty()) {
    ordered_json suppression;
    suppression["kind"] = suppression_kind;
    out["suppressions"] = ordered_json::array({std::move(suppression)});
  }
  if (d.environment) out["properties"] = {{"environment", *d.environment}};
  return out;
}

} // namespace

std::string render_sarif(const RenderInput& input) {
  const std::vector<RuleInfo> rules = run_rules(input);
  std::map<std::string, std::size_t> rule_index;
  ordered_json descriptors = ordered_json::array();
  for (const auto& rule : rules) {
    if (!rule_index.emplace(rule.id, descriptors.size()).second) continue;
    descriptors.push_back(rule_descriptor(rule));
  }

  // The findings in their (sorted) order, then the silenced ones, sorted
  // the same way: by file, range, rule and message.
  ordered_json results = ordered_json::array();
  // `kind`: "" for a finding; "inSource" for one an inline comment
  // silenced, "external" for one the manifest's `ignore:` silenced.
  const auto add = [&](const std::vector<model::Diagnostic>& diagnostics, const std::vector<std::string>* prints,
                       std::string_view kind) {
    const bool suppressed = !kind.empty();
    std::vector<std::size_t> order(diagnostics.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (suppressed) std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto& x = diagnostics[a];
      const auto& y = diagnostics[b];
      const auto& px = input.sources.file(x.range.file).path();
      const auto& py = input.sources.file(y.range.file).path();
      return std::tie(px, x.range.begin, x.range.end, x.rule.code, x.message) <
             std::tie(py, y.range.begin, y.range.end, y.rule.code, y.message);
    });
    for (const std::size_t i : order) {
      const std::string* print = prints && i < prints->size() ? &(*prints)[i] : nullptr;
      results.push_back(result(diagnostics[i], input.sources, rule_index, print, kind));
    }
  };
  add(input.diagnostics, input.fingerprints, "");
  if (input.suppressed) add(*input.suppressed, input.suppressed_fingerprints, "inSource");
  if (input.ignored) add(*input.ignored, input.ignored_fingerprints, "external");

  ordered_json driver;
  driver["name"] = "claudelint";
  driver["version"] = CLAUDELINT_VERSION;
  driver["informationUri"] = "https://claudelint.dev";
  driver["rules"] = std::move(descriptors);

  ordered_json invocation;
  invocation["executionSuccessful"] = input.exit_code != 2;
  invocation["exitCode"] = input.exit_code;

  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = ordered_json::array({std::move(invocation)});
  run["originalUriBaseIds"] = {
      {src_root, {{"description", plain("The working directory claudelint ran in; relative paths start there.")}}}};
  run["results"] = std::move(results);
  run["columnKind"] = "utf16CodeUnits";

  ordered_json out;
  out["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  out["version"] = "2.1.0";
  out["runs"] = ordered_json::array({std::move(run)});
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace claudelint::report
