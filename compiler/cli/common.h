#pragma once
// What the subcommands share: output options, their parsing, and rendering.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/driver.h"

namespace claudelint::cli {

enum class Format { text, json, sarif, junit, github, gitlab, html };
enum class ColorMode { automatic, always, never };

struct OutputOptions {
  Format format = Format::text;
  ColorMode color = ColorMode::automatic;
  bool quiet = false;
  /// `--output-file FORMAT=PATH`: more reports, each written atomically.
  std::vector<std::pair<Format, std::filesystem::path>> files;
  /// `--fail-on`: the least severe finding that fails the run.
  model::Severity fail_on = model::Severity::error;
  /// `--max-warnings N`: more warnings than N fail the run too.
  std::optional<std::size_t> max_warnings;
};

/// The format called `name`, or nullopt.
std::optional<Format> parse_format(std::string_view name);

/// Arguments every subcommand understands. `parse_common` consumes one of
/// them at `args[i]` (advancing `i` past a value) and returns true, or
/// returns false when the argument is not a common option.
bool parse_common(const std::vector<std::string>& args, std::size_t& i, driver::Options& driver,
                  OutputOptions& output);

/// Help text for the options `parse_common` accepts.
extern const std::string_view common_options_help;

/// What a run shows: its report for stdout, its notes for stderr and its
/// exit code.
struct Rendered {
  std::string out;
  std::string err;
  int exit_code = 0;
};

/// Renders `result` in the chosen format and writes the `--output-file`
/// reports; prints nothing. The exit code is 1 when a finding reaches
/// --fail-on or the warnings exceed --max-warnings, else 0. With
/// `stream_json`, a `--format json` report is not held: the notes are printed
/// on stderr and the report on stdout as it is made, and both come back empty.
Rendered render_run(const driver::RunResult& result, const OutputOptions& output, bool stream_json = false);

/// Prints a rendered run (its notes on stderr, its report on stdout);
/// returns `exit_code`.
int print_rendered(std::string_view out, std::string_view err, int exit_code);

/// The `--stats` of `result` (when it has them) on stderr, then
/// render_run(result, output), printed.
int render(const driver::RunResult& result, const OutputOptions& output);

/// `result`, kept until the process exits and never destroyed: freeing the
/// documents, maps and diagnostics of thousands of files node by node took a
/// tenth of a whole check, and the process is about to end, which frees its
/// pages at once (compilers do the same: clang's -disable-free). For the
/// commands whose last act is reporting a run.
const driver::RunResult& keep_until_exit(driver::RunResult result);

/// A progress callback for driver::Options::progress that shows "files
/// done / total" on stderr while a long run loads files, only when stderr is
/// a terminal (never in redirected output), and erases it when done.
std::function<void(std::size_t, std::size_t)> terminal_progress();

/// Whether to colour output on stdout.
bool use_color(ColorMode mode);

/// One compiled environment of a run and the tree it belongs to.
struct EnvironmentRef {
  const compile::Tree* tree = nullptr;
  const compile::CompiledEnvironment* environment = nullptr;
};

/// The environment `name` (or one of its aliases) of the run's only tree
/// that has it, or of the tree at `tree_root` when given. Throws UsageError
/// naming the environments and trees there are when it is missing or
/// ambiguous.
EnvironmentRef find_environment(const driver::RunResult& result, std::string_view name,
                                const std::optional<std::string>& tree_root);

/// "file:line:column" of an origin, relative to the working directory.
std::string origin_location(const driver::RunResult& result, const compile::Origin& origin);

/// Prints a one-line note on stderr when the run found errors, so a diff or
/// explanation of a broken tree is not mistaken for a clean one.
void note_errors(const driver::RunResult& result, std::string_view command);

} // namespace claudelint::cli
