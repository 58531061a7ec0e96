// `script-missing-source-file`: a script copies a file the tree does not
// have. The guide's deploy.sh runs `cp templates/production/.env
// ~/.claude/.env` but no such template exists; under `set -e` the deployment
// stops half done, without it the client starts with no keys. A relative
// source is looked up next to the script and at the tree root (where deploy
// scripts are run from); sources made earlier in the script (`mkdir -p
// build`, a first `cp` to it) and those after a `cd` to an unknown folder are
// not judged.
#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "rules/native/registry.h"
#include "rules/native/shell_script.h"
#include "support/input_log.h"

namespace claudelint::rules::native {

namespace fs = std::filesystem;

namespace {

/// The indexes of a copy command's source arguments: cp, install, rsync, scp.
std::vector<std::size_t> copy_sources(const ShellCommand& command, const Invocation& program) {
  std::string_view with_value;
  if (program.name == "cp") with_value = "tS";
  else if (program.name == "install") with_value = "mogtS";
  else if (program.name == "rsync") with_value = "efTBM";
  else if (program.name == "scp") with_value = "iPoFcSlJD";
  else return {};
  std::vector<std::size_t> operands;
  bool target_option = false, options = true;
  for (std::size_t i = program.first; i < command.args.size(); ++i) {
    const ShellArgument& arg = command.args[i];
    const std::string word = arg.literal.value_or(arg.text);
    if (options && word == "--") {
      options = false;
      continue;
    }
    if (options && word.starts_with("--")) {
      if (word.starts_with("--target-directory")) {
        target_option = true;
        if (word.find('=') == std::string::npos) ++i;
      }
      continue;
    }
    if (options && word.size() > 1 && word.front() == '-') {
      if (program.name == "install" && word.find('d') != std::string::npos) return {}; // makes folders
      for (std::size_t k = 1; k < word.size(); ++k) {
        if (with_value.find(word[k]) == std::string_view::npos) continue;
        if (word[k] == 't' && program.name != "rsync") target_option = true;
        if (k + 1 == word.size()) ++i;
        break;
      }
      continue;
    }
    operands.push_back(i);
  }
  if (!target_option) {
    if (operands.size() < 2) return {};
    operands.pop_back();
  }
  return operands;
}

/// A plain relative path, normalised (`./a/b/` → `a/b`); nullopt for
/// anything else (options, expansions, globs, `~`, absolute and remote paths).
std::optional<std::string> plain_relative(const ShellArgument& arg) {
  if (!arg.literal) return std::nullopt;
  std::string path = *arg.literal;
  if (path.empty() || path.front() == '-' || path.front() == '/' || path.front() == '~' ||
      path.find_first_of("*?[{:") != std::string::npos)
    return std::nullopt;
  while (path.starts_with("./")) path.erase(0, 2);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path.empty() || path == "." || path == "..") return std::nullopt;
  return path;
}

bool found(const fs::path& path) {
  std::error_code error;
  const bool exists = fs::exists(path, error);
  support::note_input(support::InputKind::exists, path, support::yes_no(exists));
  return exists;
}

} // namespace

void check_script_missing_source_file(const FileContext& context, std::vector<FileFinding>& out) {
  std::vector<fs::path> bases;
  if (context.disk_path) {
    const fs::path folder = context.disk_path->parent_path();
    bases.push_back(folder.empty() ? fs::path(".") : folder);
  }
  if (context.tree) bases.emplace_back(context.tree->root.empty() ? "." : context.tree->root);
  if (bases.empty()) return;

  const ShellScript script = read_shell_script(context);
  std::vector<std::string> made; // relative paths earlier commands name
  for (const auto& command : script.commands) {
    const auto program = invoked(command);
    if (program && (program->name == "cd" || program->name == "pushd")) {
      // `cd "$(dirname "$0")"` goes to the script's folder, a literal folder
      // is one more place to look, anything else leaves us nowhere.
      if (program->first >= command.args.size()) return; // `cd` alone: the home folder
      const ShellArgument& to = command.args[program->first];
      if (to.text.find("dirname") != std::string::npos || to.text.find("BASH_SOURCE") != std::string::npos ||
          to.text.find("$0") != std::string::npos)
        continue;
      const auto folder = plain_relative(to);
      if (!folder) return;
      const std::size_t count = bases.size();
      for (std::size_t i = 0; i < count; ++i) bases.push_back(bases[i] / *folder);
      continue;
    }
    if (program) {
      for (const std::size_t i : copy_sources(command, *program)) {
        const ShellArgument& arg = command.args[i];
        const auto path = plain_relative(arg);
        if (!path) continue;
        const bool made_earlier = std::any_of(made.begin(), made.end(), [&](const std::string& m) {
          return *path == m || path->starts_with(m + "/");
        });
        if (made_earlier ||
            std::any_of(bases.begin(), bases.end(), [&](const fs::path& base) { return found(base / *path); }))
          continue;
        FileFinding finding;
        finding.range = arg.range;
        finding.fields["command"] = program->name;
        finding.fields["file"] = arg.text;
        finding.help = fmt::format("add `{}` to the tree, or fix the path (it is read from the script's folder or the "
                                   "tree root)",
                                   *path);
        out.push_back(std::move(finding));
      }
    }
    // Messages name folders too (`echo "copying configs"`); they make nothing.
    static constexpr std::array<std::string_view, 4> printers{"echo", "printf", "logger", ":"};
    if (program && std::find(printers.begin(), printers.end(), program->name) != printers.end()) continue;
    for (const auto& arg : command.args)
      if (const auto path = plain_relative(arg)) made.push_back(*path);
  }
}

} // namespace claudelint::rules::native
