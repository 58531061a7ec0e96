#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "compile/artifacts.h"
#include "driver/exit_code.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint build [OPTIONS] [PATHS...] [--out DIR] [--check]

Checks the config trees under PATHS (default: .) and, when there is no error,
compiles each environment into DIR (default: dist):
  <env>.json          the compiled environment, RFC 8785 canonical JSON
  <env>.sources.json  where every value came from (file, line, column, layer)
  manifest.json       SHA-256 of every artifact and of every input file
Each file is replaced atomically, and only when its content changes; with
errors nothing is written and the previous artifacts stay as they are.

Options:
  --out DIR              where to write the artifacts (default: dist)
  --check                write nothing; exit 1 when the artifacts in DIR are
                         missing or differ from what the build would write
)";

constexpr std::string_view usage_tail = R"(  -h, --help             print this help and exit

Exit status: 0 built (or up to date with --check), 1 errors in the tree or
stale artifacts, 2 usage error or an artifact could not be written.
)";

} // namespace

int command_build(const std::vector<std::string>& args) {
  driver::Options options;
  OutputOptions output;
  std::filesystem::path out = "dist";
  bool check = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}{}{}", usage, common_options_help, usage_tail);
      return driver::exit_code::ok;
    }
    if (arg == "--out" || arg == "-o") {
      if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", arg));
      out = args[++i];
      continue;
    }
    if (arg == "--check") {
      check = true;
      continue;
    }
    if (parse_common(args, i, options, output)) continue;
    if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    options.paths.push_back(arg);
  }
  if (options.paths.empty()) options.paths.push_back(".");
  // The artifacts' layout and manifest.json depend on every tree built.
  if (options.shard) throw UsageError("--shard does not apply to build: manifest.json lists every tree of the run");
  const auto result = driver::run(options);
  if (render(result, output) != driver::exit_code::ok) {
    fmt::print(stderr, "claudelint build: errors in the config tree; no artifacts were written to {}\n",
               out.generic_string());
    return driver::exit_code::findings;
  }
  if (result.workspace.trees.empty()) {
    fmt::print(stderr, "claudelint build: no environments found (no claudelint.yaml and no environment-named files); "
                       "nothing to build\n");
    return driver::exit_code::findings;
  }
  const auto artifacts = compile::render_artifacts(result.workspace.trees, result.environments, result.sources);
  std::size_t changed = 0;
  std::vector<std::string> stale;
  if (!check) {
    // A build killed mid-write leaves a temporary file beside the artifact
    // it was replacing (never a partial artifact); this one clears them.
    std::set<std::filesystem::path> folders;
    for (const auto& artifact : artifacts) folders.insert((out / artifact.path).parent_path());
    for (const auto& folder : folders) support::remove_abandoned_temporaries(folder);
  }
  for (const auto& artifact : artifacts) {
    const auto path = out / artifact.path;
    if (support::file_has_content(path, artifact.bytes)) continue;
    if (check) {
      stale.push_back((out / artifact.path).generic_string());
      continue;
    }
    support::write_file_atomically(path, artifact.bytes);
    ++changed;
  }
  std::size_t environments = 0;
  for (const auto& list : result.environments) environments += list.size();
  if (check) {
    if (stale.empty()) {
      fmt::print(stderr, "claudelint build --check: the {} artifacts in {} are up to date\n", artifacts.size(),
                 out.generic_string());
      return driver::exit_code::ok;
    }
    for (const auto& path : stale) fmt::print(stderr, "claudelint build --check: {} is stale or missing\n", path);
    fmt::print(stderr, "help: run `claudelint build --out {}` and commit the result\n", out.generic_string());
    return driver::exit_code::findings;
  }
  fmt::print(stderr, "claudelint build: {} environment{} of {} tree{} into {} ({} file{} written, {} unchanged)\n",
             environments, environments == 1 ? "" : "s", result.workspace.trees.size(),
             result.workspace.trees.size() == 1 ? "" : "s", out.generic_string(), changed, changed == 1 ? "" : "s",
             artifacts.size() - changed);
  return driver::exit_code::ok;
}

} // namespace claudelint::cli
