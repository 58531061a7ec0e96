#include "cli/common.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>

#include "driver/exit_code.h"
#include "support/error.h"
#include "report/render.h"

namespace claudelint::cli {

const std::string_view common_options_help = R"(  --format text|json     output format (default: text)
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
  --rule-pack PATH       load more rules from a YAML file or folder (repeatable)
  --baseline FILE        do not report findings listed in FILE (fingerprints)
  --update-baseline      write the current findings to the --baseline FILE
  --max-file-size BYTES  skip larger files with an error (default: 67108864)
  --max-depth N          deepest nesting accepted (default: 200)
)";

namespace {

std::size_t parse_count(std::string_view option, const std::string& value) {
  try {
    std::size_t used = 0;
    const unsigned long long n = std::stoull(value, &used);
    if (used == value.size() && n > 0) return static_cast<std::size_t>(n);
  } catch (const std::exception&) {
  }
  throw UsageError(fmt::format("{} expects a positive number, got '{}'", option, value));
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
    if (v == "text") output.format = Format::text;
    else if (v == "json") output.format = Format::json;
    else throw UsageError(fmt::format("unknown format '{}' (expected text or json)", v));
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
  } else if (arg == "--max-depth") {
    driver.limits.max_depth = static_cast<unsigned>(std::min<std::size_t>(parse_count(arg, value()), 10000));
  } else {
    return false;
  }
  return true;
}

int render(const driver::RunResult& result, const OutputOptions& output) {
  if (result.baselined > 0)
    fmt::print(stderr, "claudelint: {} finding{} listed in the baseline {} not shown\n", result.baselined,
               result.baselined == 1 ? "" : "s", result.baselined == 1 ? "is" : "are");
  const report::RenderInput input{result.diagnostics, result.sources, result.files_checked};
  const std::string text = output.format == Format::json
                               ? report::render_json(input)
                               : report::render_text(input, {use_color(output.color), output.quiet});
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  const auto summary = model::summarize(result.diagnostics, result.files_checked);
  return summary.errors > 0 ? driver::exit_code::findings : driver::exit_code::ok;
}

} // namespace claudelint::cli
