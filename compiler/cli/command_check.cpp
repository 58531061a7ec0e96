#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "compile/workspace.h"
#include "driver/git.h"
#include "source/discover.h"
#include "source/file_kind.h"
#include "cli/common.h"
#include "driver/exit_code.h"
#include "driver/result_cache.h"
#include "support/error.h"
#include "support/input_log.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint [check] [OPTIONS] [PATHS...]
       claudelint validate --schema SCHEMA [OPTIONS] FILES...
       claudelint envs | init | build | explain-value | diff ...  (see each --help)

Checks config trees (JSON, JSONC, YAML, .env, shell) and reports problems with
exact file:line:column positions. PATHS are files or directories (default: .).
Each file is validated against the JSON Schema that applies to it: --schema,
else the claudelint.yaml manifest's mapping, else its own `$schema`, else the
built-in schema for its name (dev.json … production.json, deployment.yaml,
monitoring.*, notifications.*, rbac.*, .env). Each environment of each tree is
compiled, and staging is checked for parity with production.

Subcommands:
  envs [PATHS]           the trees and environments found, and why
  init [DIR]             write the inferred claudelint.yaml manifest
  build [PATHS] --out DIR [--check]
                         compile each environment into canonical JSON artifacts
  explain-value ENV POINTER [PATHS]
                         a compiled value and every layer that set it
  diff ENV_A ENV_B [DIR] the semantic diff of two environments
  rules, explain RULE, test-rules
                         the policy rules, one rule's documentation, the
                         rules' own examples
  install-hook [--force] write a git pre-commit hook that runs claudelint
  lsp                    the language server for editors (LSP over stdio)

A FILE argument is checked within its whole config tree (environment rules
see every layer) but only its own findings are reported.

Options:
)";

constexpr std::string_view usage_tail = R"(  --cache DIR            keep each run's result in DIR (.cache/claudelint,
                         say): a run with the same files, options, rules
                         and binary prints it again without parsing
                         (docs/cache.md); not used with --stats,
                         --output-file, --update-baseline, --changed-since
                         or stdin
  --changed-since REV    report only on config files changed since the git
                         revision REV (committed, staged, unstaged or new),
                         each checked within its whole tree
  --stdin-filename PATH -
                         check the text on stdin as the file at PATH (an editor
                         buffer, a staged version); its mode and git status are
                         not checked
  --version              print the version and exit
  -h, --help             print this help and exit

Exit status:
  0  no finding at or above --fail-on (default: error), and no more warnings
     than --max-warnings
  1  findings at or above --fail-on, or more warnings than --max-warnings
  2  a usage error, an unusable --schema or rule pack, or an internal error
     (the message on stderr says which)
)";

/// File arguments and `--changed-since`: report only on those files, but
/// load the whole tree each belongs to, so environment rules see complete
/// environments.
void focus_on_files(driver::Options& options, const std::optional<std::string>& changed_since) {
  namespace fs = std::filesystem;
  std::vector<std::string> roots;
  std::set<std::string> added;
  const auto add_root = [&](std::string root) {
    if (added.insert(root).second) roots.push_back(std::move(root));
  };
  if (changed_since) {
    options.focus.emplace();
    for (auto& file : driver::changed_files(*changed_since, options.cwd)) {
      bool inside = false;
      for (const auto& path : options.paths) {
        std::error_code ec;
        const auto rel = fs::weakly_canonical(file, ec).lexically_relative(fs::weakly_canonical(path, ec));
        inside = inside || (!rel.empty() && *rel.begin() != "..");
      }
      if (inside && source::classify(file) != source::FileKind::unknown) options.focus->push_back(file);
    }
    return;
  }
  // Only when every argument is a file: a folder argument asks for everything in it.
  std::vector<std::string> files;
  for (const auto& path : options.paths) {
    std::error_code ec;
    const bool buffer_only = !options.buffers.empty() && path == options.buffers.front().path && !fs::exists(path, ec);
    if (!buffer_only && !fs::is_regular_file(path, ec)) return;
    files.push_back(path);
  }
  options.focus = files;
  // A tree's root depends only on the file's folder, and a hook or a file
  // list names many files of each: look each folder up on disk once.
  std::map<fs::path, std::optional<fs::path>> root_of_folder;
  compile::TreeRootFinder finder(options.cwd);
  for (const auto& path : files) {
    const fs::path folder = fs::path(path).parent_path();
    auto found = root_of_folder.find(folder);
    if (found == root_of_folder.end())
      found = root_of_folder.emplace(folder, finder.root_for(path)).first;
    add_root(found->second ? source::display_path(*found->second, options.cwd) : path);
  }
  options.paths = roots;
  for (auto& root : options.paths)
    if (root.empty()) root = ".";
}

/// Writes "claudelint: cache: <what>" on stderr when CLAUDELINT_CACHE_TRACE
/// is set (for tests and for seeing why a run was not served from the cache).
void trace(std::string_view what) {
  const char* enabled = std::getenv("CLAUDELINT_CACHE_TRACE");
  if (enabled && *enabled && std::string_view(enabled) != "0") fmt::print(stderr, "claudelint: cache: {}\n", what);
}

/// The check with `--cache DIR`: the stored result when the run's key and
/// recorded inputs match, else the run itself, stored for next time. A
/// cache that cannot be written costs a warning, never the run.
int check_with_cache(const driver::Options& options, const OutputOptions& output, const std::filesystem::path& dir,
                     std::vector<std::string> key_fields) {
  auto snapshot = driver::take_snapshot(options);
  key_fields.push_back(use_color(output.color) ? "colour" : "no colour");
  std::optional<std::string> key;
  try {
    key = driver::cache::run_key(options, snapshot, key_fields);
  } catch (const Error& e) {
    fmt::print(stderr, "claudelint: warning: --cache: {}; running without the cache\n", e.what());
  }
  if (key)
    if (const auto entry = driver::cache::lookup(dir, *key)) {
      trace("hit");
      return print_rendered(entry->out, entry->err, entry->exit_code);
    }
  trace(key ? "miss" : "unusable");
  support::InputLog inputs;
  Rendered rendered;
  {
    const support::InputLog::Scope noting(inputs);
    rendered = render_run(keep_until_exit(driver::run(options, std::move(snapshot))), output);
  }
  const driver::cache::Entry entry{rendered.exit_code, std::move(rendered.out), std::move(rendered.err),
                                   inputs.inputs()};
  if (key) {
    try {
      driver::cache::store(dir, *key, entry);
    } catch (const Error& e) {
      fmt::print(stderr, "claudelint: warning: --cache: {}; the result was not cached\n", e.what());
    }
  }
  return print_rendered(entry.out, entry.err, entry.exit_code);
}

} // namespace

int command_check(const std::vector<std::string>& args) {
  driver::Options options;
  OutputOptions output;
  std::optional<std::string> stdin_path;
  std::optional<std::string> changed_since;
  std::optional<std::filesystem::path> cache_dir;
  std::optional<std::size_t> cache_at; // where `--cache DIR` is in `args`
  bool read_stdin = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--cache") {
      if (i + 1 >= args.size()) throw UsageError("--cache needs a DIR");
      cache_at = i;
      cache_dir = args[++i];
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}{}{}", usage, common_options_help, usage_tail);
      return driver::exit_code::ok;
    }
    if (arg == "--version") {
      fmt::print("claudelint {}\n", CLAUDELINT_VERSION);
      return driver::exit_code::ok;
    }
    if (parse_common(args, i, options, output)) continue;
    if (arg == "--stdin-filename") {
      if (i + 1 >= args.size()) throw UsageError("--stdin-filename needs a PATH");
      stdin_path = args[++i];
      continue;
    }
    if (arg == "-") {
      read_stdin = true;
      continue;
    }
    if (arg == "--changed-since") {
      if (i + 1 >= args.size()) throw UsageError("--changed-since needs a git revision");
      changed_since = args[++i];
      continue;
    }
    if (arg == "--") {
      options.paths.insert(options.paths.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    options.paths.push_back(arg);
  }
  if (read_stdin != stdin_path.has_value())
    throw UsageError("`-` (read the file from stdin) and --stdin-filename PATH go together");
  if (read_stdin) {
    std::ostringstream text;
    text << std::cin.rdbuf();
    options.buffers.push_back({*stdin_path, std::move(text).str(), nullptr});
    options.paths.push_back(*stdin_path);
  }
  if (options.paths.empty()) options.paths.push_back(".");
  focus_on_files(options, changed_since);
  options.progress = terminal_progress();
  if (options.update_baseline && !options.baseline) throw UsageError("--update-baseline needs --baseline FILE");
  // Only the HTML report shows the compiled environments; the other formats
  // let each tree's be freed once its rules ran.
  const auto html = [](Format format) { return format == Format::html; };
  options.keep_environments = html(output.format) || std::any_of(output.files.begin(), output.files.end(),
                                                                  [&](const auto& file) { return html(file.first); });
  options.keep_documents = false; // no format shows them
  if (cache_dir) {
    // These write files, read stdin, ask git for a revision or time the run:
    // a stored result would not stand in for them.
    const char* bypass = options.stats                ? "--stats"
                         : !output.files.empty()      ? "--output-file"
                         : options.update_baseline    ? "--update-baseline"
                         : changed_since.has_value()  ? "--changed-since"
                         : read_stdin                 ? "stdin"
                                                      : nullptr;
    if (bypass) {
      trace(fmt::format("not used with {}", bypass));
    } else {
      // The arguments as given, less `--cache DIR`, and what they resolved to.
      std::vector<std::string> key_fields;
      for (std::size_t i = 0; i < args.size(); ++i)
        if (i != *cache_at && i != *cache_at + 1) key_fields.push_back(args[i]);
      return check_with_cache(options, output, *cache_dir, std::move(key_fields));
    }
  }
  const auto& result = keep_until_exit(driver::run(options));
  if (options.update_baseline) {
    fmt::print(stderr, "claudelint: wrote {} finding{} to the baseline {}\n", result.diagnostics.size(),
               result.diagnostics.size() == 1 ? "" : "s", options.baseline->generic_string());
    return driver::exit_code::ok;
  }
  return render(result, output);
}

} // namespace claudelint::cli
