#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "compile/compiler.h"
#include "compile/diff.h"
#include "compile/parity.h"
#include "driver/exit_code.h"
#include "report/diff.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint diff [OPTIONS] ENV_A ENV_B [DIR]
       claudelint diff [OPTIONS] ENV --against OTHER_DIR [DIR]

Prints the semantic difference between two compiled environments, by JSON
Pointer: added, removed, changed and type-changed values. List items are
matched by an identity key (name, id, region, type, key) where every item has
one, so reordering is not a change. DIR defaults to the current directory.
With --against, the environment(s) on the left come from OTHER_DIR (another
checkout or revision of the tree), the right one from DIR.

Options:
  --format text|json|markdown
                         output format (default: text; markdown is a table
                         for a pull-request comment)
  --against OTHER_DIR    take the left-hand environment from OTHER_DIR
  --tree DIR             the tree to use when several have the environment
  --color auto|always|never
                         colour in text output (default: auto)
  -h, --help             print this help and exit

Exit status: 0 no differences, 1 differences, 2 usage error.
)";

enum class DiffFormat { text, json, markdown };

driver::RunResult run_on(const std::string& dir, const driver::Options& base) {
  driver::Options options = base;
  options.paths = {dir};
  auto result = driver::run(options);
  note_errors(result, "diff");
  return result;
}

} // namespace

int command_diff(const std::vector<std::string>& args) {
  DiffFormat format = DiffFormat::text;
  ColorMode color = ColorMode::automatic;
  std::optional<std::string> against;
  std::optional<std::string> tree;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", arg));
      return args[++i];
    };
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", usage);
      return driver::exit_code::ok;
    }
    if (arg == "--format") {
      const auto& v = value();
      if (v == "text") format = DiffFormat::text;
      else if (v == "json") format = DiffFormat::json;
      else if (v == "markdown" || v == "md") format = DiffFormat::markdown;
      else throw UsageError(fmt::format("unknown format '{}' (expected text, json or markdown)", v));
    } else if (arg == "--color" || arg == "--colour") {
      const auto& v = value();
      if (v == "auto") color = ColorMode::automatic;
      else if (v == "always") color = ColorMode::always;
      else if (v == "never") color = ColorMode::never;
      else throw UsageError(fmt::format("unknown color mode '{}' (expected auto, always or never)", v));
    } else if (arg == "--against") {
      against = value();
    } else if (arg == "--tree") {
      tree = value();
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError(fmt::format("unknown option '{}'", arg));
    } else {
      positional.push_back(arg);
    }
  }
  // ENV_A ENV_B [DIR], or with --against: ENV [DIR] (or ENV_A ENV_B [DIR]).
  std::string left_name, right_name, dir = ".";
  std::error_code ec;
  if (against && (positional.size() == 1 || (positional.size() == 2 && std::filesystem::exists(positional[1], ec)))) {
    left_name = right_name = positional[0];
    if (positional.size() == 2) dir = positional[1];
  } else if (positional.size() == 2 || positional.size() == 3) {
    left_name = positional[0];
    right_name = positional[1];
    if (positional.size() == 3) dir = positional[2];
  } else {
    throw UsageError(against ? "diff --against needs an environment and at most one folder"
                             : "diff needs two environments and at most one folder");
  }
  driver::Options options;
  const auto right_run = run_on(dir, options);
  const auto left_run = against ? run_on(*against, options) : driver::RunResult{};
  const driver::RunResult& left_source = against ? left_run : right_run;
  const auto left = find_environment(left_source, left_name, against ? std::nullopt : tree);
  const auto right = find_environment(right_run, right_name, tree);

  const auto changes = compile::diff_environments(left.environment->document, right.environment->document);
  report::DiffSide before{left.environment->name}, after{right.environment->name};
  if (against) {
    before.name += fmt::format(" ({})", *against);
    after.name += fmt::format(" ({})", dir);
  }
  report::DiffRenderOptions render;
  render.color = format == DiffFormat::text && use_color(color);
  render.sensitive = [](const std::string& pointer) { return compile::is_sensitive_pointer(pointer); };
  render.location = [&](bool after_side, const std::string& pointer) -> std::optional<std::string> {
    const auto& run = after_side ? right_run : left_source;
    const auto* environment = after_side ? right.environment : left.environment;
    const auto it = environment->provenance.find(pointer);
    if (it == environment->provenance.end() || it->second.empty() || !it->second.back().file) return std::nullopt;
    return origin_location(run, it->second.back());
  };
  std::string text;
  switch (format) {
  case DiffFormat::text: text = report::render_diff_text(changes, before, after, render); break;
  case DiffFormat::json: text = report::render_diff_json(changes, before, after, render); break;
  case DiffFormat::markdown: text = report::render_diff_markdown(changes, before, after, render); break;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return changes.empty() ? driver::exit_code::ok : driver::exit_code::findings;
}

} // namespace claudelint::cli
