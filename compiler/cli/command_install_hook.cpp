// `claudelint install-hook`: a plain git pre-commit hook for teams without
// the pre-commit framework (which uses .pre-commit-hooks.yaml instead). The
// hook checks the staged config files, each within its whole tree, and
// refuses the commit on an error.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "driver/exit_code.h"
#include "driver/git.h"
#include "support/atomic_file.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view usage = R"(Usage: claudelint install-hook [--force] [--binary PATH]

Writes a git pre-commit hook (in the hooks folder git uses here, honouring
core.hooksPath) that runs `claudelint check` on the staged config files and
refuses the commit when it finds an error. An existing hook that claudelint
did not write is left alone unless --force is given.

Options:
  --force        replace an existing hook that claudelint did not write
  --binary PATH  the claudelint the hook runs (default: this one)
  -h, --help     print this help and exit
)";

/// The marker that says a hook is ours.
constexpr std::string_view marker = "# written by `claudelint install-hook`";

std::string hook_script(const std::string& binary) {
  return fmt::format(R"(#!/bin/sh
{}; rewrite it with `claudelint install-hook --force`.
# Checks the staged config files (JSON, YAML, .env, shell); each is checked
# within its whole config tree, so environment rules see every layer.
claudelint='{}'
[ -x "$claudelint" ] || claudelint=claudelint
files=$(git diff --cached --name-only --diff-filter=ACMR |
  grep -E '(\.(json|jsonc|json5|ya?ml|sh|bash|env|pem|key)$|(^|/)\.env(\.[^/]*)?$)' || true)
[ -n "$files" ] || exit 0
# One name per line, no globbing; names with newlines are not config files.
set -f
old_ifs=$IFS
IFS='
'
set -- $files
IFS=$old_ifs
exec "$claudelint" check -- "$@"
)",
                     marker, binary);
}

/// `git rev-parse --git-path hooks` in the current directory.
fs::path hooks_folder() {
  const auto path = driver::git_output({"rev-parse", "--git-path", "hooks"}, fs::current_path());
  if (!path) throw UsageError("install-hook: not inside a git repository (or git is not installed)");
  fs::path folder = *path;
  return folder.is_absolute() ? folder : fs::current_path() / folder;
}

} // namespace

int command_install_hook(const std::vector<std::string>& args) {
  bool force = false;
  std::string binary;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      fmt::print("{}", usage);
      return driver::exit_code::ok;
    }
    if (args[i] == "--force") force = true;
    else if (args[i] == "--binary" && i + 1 < args.size()) binary = args[++i];
    else throw UsageError(fmt::format("unknown argument '{}'", args[i]));
  }
  if (binary.empty()) {
    std::error_code ec;
    binary = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec || binary.empty()) binary = "claudelint";
  }
  if (binary.find('\'') != std::string::npos) throw UsageError("install-hook: the binary path may not contain '");
  const fs::path folder = hooks_folder();
  const fs::path hook = folder / "pre-commit";
  std::error_code ec;
  if (fs::exists(hook, ec)) {
    std::ifstream in(hook);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find(marker) == std::string::npos && !force)
      throw UsageError(fmt::format("install-hook: {} exists and was not written by claudelint; left as it is "
                                   "(--force replaces it)",
                                   hook.generic_string()));
  }
  fs::create_directories(folder, ec);
  support::write_file_atomically(hook, hook_script(binary));
  fs::permissions(hook, fs::perms(0755), fs::perm_options::replace, ec);
  fmt::print("claudelint: installed the pre-commit hook {}\n", hook.generic_string());
  return driver::exit_code::ok;
}

} // namespace claudelint::cli
