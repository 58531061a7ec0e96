#include "cli/common.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>

#include "driver/run_report.h"
#include "driver/exit_code.h"
#include "support/atomic_file.h"
#include "support/error.h"
#include "report/render.h"

namespace claudelint::cli {

const std::string_view common_options_help = R"(  --format FORMAT        text (default), json, sarif, junit, github, gitlab
                         or html (docs/output-formats.md)
  --output-file FORMAT=PATH
                         also write a report in FORMAT to PATH (repeatable;
                         written atomically)
  --fail-on error|warning|info
                         the least severe finding that fails the run
                         (default: error)
  --max-warnings N       fail the run when there are more than N warnings
  -j, --jobs N           threads that load, validate and check (default:
                         the number of cores); the output never depends on it
  --stats                print the time of each stage and, per rule, its
                         findings and time (on stderr)
  --color auto|always|never
                         colour in text output (default: auto: only on a
                         terminal, and never when NO_COLOR is set)
  -q, --quiet            print errors only (text format)
  --schema FILE          validate every file against this JSON Schema
  --ref-map PREFIX=DIR   serve $refs under the URL PREFIX from the folder DIR
                         (repeatable; nothing is ever downloaded)
  --require-schema       a file no schema applies to is an error
  --rule ID=SEVERITY     set a rule's severity (error, warning, info, off);
                         ID is its id (CL2001) or name (plain-http-endpoint)
  --select LIST          report only these rules (comma-separated ids, names,
                         categories or id prefixes: CL2001,secrets,CL1), and
                         skip the stages no selected rule needs; syntax
                         errors and unreadable files are always reported
  --rule-pack PATH       load more rules from a YAML file or folder (repeatable)
  --baseline FILE        do not report findings listed in FILE (fingerprints)
  --update-baseline      write the current findings to the --baseline FILE
  --shard I/N            check and validate only: check the I-th of N slices
                         of the config trees (a CI matrix of N jobs); a tree
                         stays whole in one slice, and the N reports together
                         are the whole run's
  --max-file-size BYTES  skip larger files with an error (default: 67108864)
  --max-depth N          deepest nesting accepted (default: 200)
)";

namespace {

/// A whole number written in digits only (stoull would take "-1").
std::optional<std::size_t> parse_digits(const std::string& value) {
  if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return static_cast<std::size_t>(std::stoull(value));
}

std::size_t parse_count(std::string_view option, const std::string& value) {
  const auto n = parse_digits(value);
  if (!n || *n == 0) throw UsageError(fmt::format("{} expects a positive number, got '{}'", option, value));
  return *n;
}

/// `--shard I/N`, 1 <= I <= N <= 10000.
compile::Shard parse_shard(const std::string& value) {
  const auto slash = value.find('/');
  const auto index = slash == std::string::npos ? std::nullopt : parse_digits(value.substr(0, slash));
  const auto count = slash == std::string::npos ? std::nullopt : parse_digits(value.substr(slash + 1));
  if (!index || !count || *index < 1 || *index > *count)
    throw UsageError(fmt::format("--shard expects I/N with 1 <= I <= N, got '{}'", value));
  if (*count > 10000) throw UsageError(fmt::format("--shard expects at most 10000 shards, got '{}'", value));
  return {*index, *count};
}

} // namespace

bool use_color(ColorMode mode) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fileno(stdout)) == 1;
}

EnvironmentRef find_environment(const driver::RunResult& result, std::string_view name,
                                const std::optional<std::string>& tree_root) {
  std::vector<EnvironmentRef> found;
  std::string available;
  for (std::size_t t = 0; t < result.workspace.trees.size(); ++t) {
    const auto& tree = result.workspace.trees[t];
    if (tree_root && tree.root != *tree_root) continue;
    for (std::size_t e = 0; e < tree.environments.size() && t < result.environments.size(); ++e) {
      const auto& spec = tree.environments[e];
      available += fmt::format("{}{} ({})", available.empty() ? "" : ", ", spec.name, tree.root);
      if (spec.answers_to(name)) found.push_back({&tree, &result.environments[t][e]});
    }
  }
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    if (available.empty())
      throw UsageError(tree_root ? fmt::format("no config tree at {}", *tree_root)
                                 : std::string("no environments found: no claudelint.yaml and no environment-named "
                                               "files (dev.json, staging.json, production.json …)"));
    throw UsageError(fmt::format("no environment named '{}'; there are: {}", name, available));
  }
  std::string trees;
  for (const auto& ref : found) trees += fmt::format("{}{}", trees.empty() ? "" : ", ", ref.tree->root);
  throw UsageError(fmt::format("'{}' is an environment of several trees ({}); choose one with --tree DIR", name, trees));
}

std::string origin_location(const driver::RunResult& result, const compile::Origin& origin) {
  if (!origin.file) return origin.schema.empty() ? std::string("(derived)") : origin.schema + "#" + origin.source_pointer;
  const auto& file = result.sources.file(*origin.file);
  const auto position = file.position(origin.value.begin);
  return fmt::format("{}:{}:{}", file.path(), position.line, position.column);
}

void note_errors(const driver::RunResult& result, std::string_view command) {
  const auto summary = model::summarize(result.diagnostics, result.files_checked);
  if (summary.errors == 0) return;
  fmt::print(stderr, "claudelint {}: note: the tree has {} error{}; run `claudelint check` to see {}\n", command,
             summary.errors, summary.errors == 1 ? "" : "s", summary.errors == 1 ? "it" : "them");
}

bool parse_common(const std::vector<std::string>& args, std::size_t& i, driver::Options& driver,
                  OutputOptions& output) {
  const std::string& arg = args[i];
  auto value = [&]() -> const std::string& {
    if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", arg));
    return args[++i];
  };
  if (arg == "--format") {
    const auto& v = value();
    const auto format = parse_format(v);
    if (!format)
      throw UsageError(fmt::format("unknown format '{}' (expected text, json, sarif, junit, github, gitlab or html)", v));
    output.format = *format;
  } else if (arg == "--output-file") {
    const auto& v = value();
    const auto eq = v.find('=');
    const auto format = eq == std::string::npos ? std::nullopt : parse_format(v.substr(0, eq));
    if (!format || eq + 1 == v.size())
      throw UsageError(fmt::format("--output-file expects FORMAT=PATH with FORMAT text, json, sarif, junit, github, "
                                   "gitlab or html, got '{}'",
                                   v));
    output.files.emplace_back(*format, std::filesystem::path(v.substr(eq + 1)));
  } else if (arg == "--fail-on") {
    const auto& v = value();
    if (v == "error") output.fail_on = model::Severity::error;
    else if (v == "warning") output.fail_on = model::Severity::warning;
    else if (v == "info") output.fail_on = model::Severity::info;
    else throw UsageError(fmt::format("--fail-on expects error, warning or info, got '{}'", v));
  } else if (arg == "--stats") {
    driver.stats = true;
  } else if (arg == "--jobs" || arg == "-j") {
    driver.jobs = static_cast<unsigned>(std::clamp<std::size_t>(parse_count(arg, value()), 1, 256));
  } else if (arg == "--max-warnings") {
    const auto& v = value();
    output.max_warnings = parse_digits(v);
    if (!output.max_warnings) throw UsageError(fmt::format("--max-warnings expects a number (0 or more), got '{}'", v));
  } else if (arg == "--color" || arg == "--colour") {
    const auto& v = value();
    if (v == "auto") output.color = ColorMode::automatic;
    else if (v == "always") output.color = ColorMode::always;
    else if (v == "never") output.color = ColorMode::never;
    else throw UsageError(fmt::format("unknown color mode '{}' (expected auto, always or never)", v));
  } else if (arg == "-q" || arg == "--quiet") {
    output.quiet = true;
  } else if (arg == "--schema") {
    driver.schemas.schema = std::filesystem::path(value());
  } else if (arg == "--ref-map") {
    const auto& v = value();
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
      throw UsageError(fmt::format("--ref-map expects PREFIX=DIR, got '{}'", v));
    driver.schemas.ref_maps.emplace_back(v.substr(0, eq), std::filesystem::path(v.substr(eq + 1)));
  } else if (arg == "--rule") {
    const auto& v = value();
    const auto eq = v.find('=');
    const std::string level = eq == std::string::npos ? "" : v.substr(eq + 1);
    if (eq == std::string::npos || eq == 0 || (level != "error" && level != "warning" && level != "info" && level != "off"))
      throw UsageError(fmt::format("--rule expects ID=SEVERITY with error, warning, info or off, got '{}'", v));
    driver.rule_severities.emplace_back(v.substr(0, eq), level);
  } else if (arg == "--select") {
    std::vector<std::string> entries = driver.selection ? driver.selection->entries() : std::vector<std::string>();
    const std::string& list = value();
    for (std::size_t begin = 0; begin <= list.size();) {
      const auto comma = std::min(list.find(',', begin), list.size());
      std::string entry = list.substr(begin, comma - begin);
      entry.erase(0, entry.find_first_not_of(' '));
      entry.erase(entry.find_last_not_of(' ') + 1);
      if (entry.empty())
        throw UsageError(
            fmt::format("--select expects rule ids, names or categories separated by commas, got '{}'", list));
      entries.push_back(std::move(entry));
      begin = comma + 1;
    }
    driver.selection.emplace(std::move(entries));
  } else if (arg == "--baseline") {
    driver.baseline = std::filesystem::path(value());
  } else if (arg == "--update-baseline") {
    driver.update_baseline = true;
  } else if (arg == "--rule-pack") {
    driver.rule_packs.emplace_back(value());
  } else if (arg == "--require-schema") {
    driver.schemas.require = true;
  } else if (arg == "--max-file-size") {
    driver.limits.max_file_bytes = parse_count(arg, value());
  } else if (arg == "--shard") {
    driver.shard = parse_shard(value());
  } else if (arg == "--max-depth") {
    driver.limits.max_depth = static_cast<unsigned>(std::min<std::size_t>(parse_count(arg, value()), 10000));
  } else {
    return false;
  }
  return true;
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "sarif") return Format::sarif;
  if (name == "junit") return Format::junit;
  if (name == "github") return Format::github;
  if (name == "gitlab") return Format::gitlab;
  if (name == "html") return Format::html;
  return std::nullopt;
}

namespace {

/// The exit code of a run: 1 when a finding reaches --fail-on or the
/// warnings exceed --max-warnings, else 0.
int gate(const driver::RunResult& result, const OutputOptions& output) {
  const auto summary = model::summarize(result.diagnostics, result.files_checked);
  const bool reached = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                   [&](const model::Diagnostic& d) { return d.severity <= output.fail_on; });
  const bool too_many_warnings = output.max_warnings && summary.warnings > *output.max_warnings;
  return reached || too_many_warnings ? driver::exit_code::findings : driver::exit_code::ok;
}

std::string render_as(Format format, const report::RenderInput& input, const OutputOptions& output, bool terminal) {
  switch (format) {
  case Format::text: return report::render_text(input, {terminal && use_color(output.color), output.quiet});
  case Format::json: return report::render_json(input);
  case Format::sarif: return report::render_sarif(input);
  case Format::junit: return report::render_junit(input);
  case Format::github: return report::render_github(input);
  case Format::gitlab: return report::render_gitlab(input);
  case Format::html: return report::render_html(input);
  }
  return {};
}

} // namespace

std::function<void(std::size_t, std::size_t)> terminal_progress() {
  if (!isatty(STDERR_FILENO)) return {};
  struct State {
    std::mutex mutex;
    std::chrono::steady_clock::time_point last{};
  };
  auto state = std::make_shared<State>();
  return [state](std::size_t done, std::size_t total) {
    if (total < 100) return; // a short run needs no progress line
    const std::lock_guard lock(state->mutex);
    const auto now = std::chrono::steady_clock::now();
    if (done == total) {
      fmt::print(stderr, "\r\033[K");
    } else if (now - state->last > std::chrono::milliseconds(100)) {
      state->last = now;
      fmt::print(stderr, "\rclaudelint: {}/{} files", done, total);
    }
    std::fflush(stderr);
  };
}

/// `--stats` on stderr: stage times, then per rule its findings and time.
void print_stats(const driver::RunResult& result) {
  const auto ms = [](std::chrono::nanoseconds t) { return static_cast<double>(t.count()) / 1e6; };
  std::chrono::nanoseconds total{0};
  fmt::print(stderr, "claudelint: stats for {} file{}\n", result.files_checked, result.files_checked == 1 ? "" : "s");
  for (const auto& [stage, time] : result.stage_times) {
    fmt::print(stderr, "  {:<45} {:>10.2f} ms\n", stage, ms(time));
    total += time;
  }
  fmt::print(stderr, "  {:<45} {:>10.2f} ms\n", "total", ms(total));
  std::map<std::string, std::size_t> findings;
  for (const auto& d : result.diagnostics) ++findings[d.rule.code];
  std::map<std::string, std::string> names;
  for (const auto& d : result.diagnostics) names[d.rule.code] = d.rule.name;
  for (const auto& rule : result.rules.rules) names[rule.id] = rule.name;
  std::set<std::string> ids;
  for (const auto& entry : findings) ids.insert(entry.first);
  for (const auto& entry : result.rule_times) ids.insert(entry.first);
  fmt::print(stderr, "  {:<8} {:<36} {:>8} {:>10}\n", "rule", "name", "findings", "time");
  for (const auto& id : ids) {
    const auto time = result.rule_times.find(id);
    const auto count = findings.find(id);
    fmt::print(stderr, "  {:<8} {:<36} {:>8} {:>10}\n", id, names[id], count == findings.end() ? 0 : count->second,
               time == result.rule_times.end() ? std::string("-") : fmt::format("{:.3f} ms", ms(time->second)));
  }
}

const driver::RunResult& keep_until_exit(driver::RunResult result) {
  // Reachable from a static pointer, which has no destructor: nothing runs
  // at exit, and leak checkers, which scan globals, see the run as in use.
  static auto* const kept = new std::vector<std::unique_ptr<driver::RunResult>>;
  kept->push_back(std::make_unique<driver::RunResult>(std::move(result)));
  return *kept->back();
}

Rendered render_run(const driver::RunResult& result, const OutputOptions& output, bool stream_json) {
  Rendered rendered;
  if (result.baselined > 0)
    rendered.err = fmt::format("claudelint: {} finding{} listed in the baseline {} not shown\n", result.baselined,
                               result.baselined == 1 ? "" : "s", result.baselined == 1 ? "is" : "are");
  const int exit_code = gate(result, output);
  rendered.exit_code = exit_code;
  // What the richer formats add: fingerprints (only SARIF and GitLab show
  // them), the rule catalog, the trees.
  const auto fingerprinted = [](Format format) { return format == Format::sarif || format == Format::gitlab; };
  const bool with_fingerprints = fingerprinted(output.format) ||
                                 std::any_of(output.files.begin(), output.files.end(),
                                             [&](const auto& file) { return fingerprinted(file.first); });
  const driver::RunReport parts(result, with_fingerprints);
  const report::RenderInput input = parts.input(exit_code);
  for (const auto& [format, path] : output.files) {
    const std::string text = render_as(format, input, output, false);
    support::remove_abandoned_temporaries(path.has_parent_path() ? path.parent_path() : std::filesystem::path("."));
    support::write_file_atomically(path, text);
  }
  if (stream_json && output.format == Format::json) {
    // The largest report, written as it is made rather than held whole; the
    // notes go first, as print_rendered would print them.
    std::fwrite(rendered.err.data(), 1, rendered.err.size(), stderr);
    std::fflush(stderr);
    rendered.err.clear();
    report::render_json(input, [](std::string_view part) { std::fwrite(part.data(), 1, part.size(), stdout); });
    return rendered;
  }
  rendered.out = render_as(output.format, input, output, true);
  return rendered;
}

int print_rendered(std::string_view out, std::string_view err, int exit_code) {
  std::fwrite(err.data(), 1, err.size(), stderr);
  std::fflush(stderr);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return exit_code;
}

int render(const driver::RunResult& result, const OutputOptions& output) {
  if (!result.stage_times.empty()) print_stats(result);
  const Rendered rendered = render_run(result, output, /*stream_json=*/true);
  return print_rendered(rendered.out, rendered.err, rendered.exit_code);
}

} // namespace claudelint::cli
