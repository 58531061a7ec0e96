// `script-unsafe-rm`: `rm -rf` on a path built from a variable that may be
// empty or unset: `rm -rf "$DIR/"*` with DIR unset deletes `/*`; an unquoted
// `$DIR` with a space in it deletes two other paths. `${DIR:?}` stops the
// script instead. A variable the script itself sets to a plain, non-empty
// value before the `rm`, or guards with `${DIR:?}` earlier, is safe.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "rules/native/registry.h"
#include "rules/native/shell_script.h"

namespace claudelint::rules::native {

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Whether every assignment of `name` gives it a plain non-empty value
/// (no expansion, space or glob) and one comes before `offset`.
bool statically_set(const ShellScript& script, const std::string& name, std::size_t offset) {
  bool before = false, any = false;
  for (const auto& assignment : script.assignments) {
    if (assignment.name != name) continue;
    any = true;
    if (assignment.value.empty() || assignment.value.find_first_of("$`*?[ \t\n") != std::string::npos) return false;
    before = before || assignment.range.begin < offset;
  }
  return any && before;
}

bool guarded_before(const ShellScript& script, const std::string& name, std::size_t offset) {
  return std::any_of(script.expansions.begin(), script.expansions.end(), [&](const ShellExpansion& e) {
    return e.guarded && e.name == name && e.range.end <= offset;
  });
}

/// `text` with its first plain `$NAME` or `${NAME}` written as `${NAME:?}`
/// (quoted when it was not); nullopt when there is none.
std::optional<std::string> with_guard(const std::string& text, const std::string& name) {
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != '\'' && c == '\\') {
      ++i;
      continue;
    }
    if (c == '\'' && quote != '"') {
      quote = quote == '\'' ? 0 : '\'';
      continue;
    }
    if (c == '"' && quote != '\'') {
      quote = quote == '"' ? 0 : '"';
      continue;
    }
    if (c != '$' || quote == '\'') continue;
    std::size_t end = 0;
    if (text.compare(i + 1, name.size() + 2, "{" + name + "}") == 0) end = i + name.size() + 3;
    else if (text.compare(i + 1, name.size(), name) == 0 &&
             (i + 1 + name.size() == text.size() || !is_name_char(text[i + 1 + name.size()])))
      end = i + 1 + name.size();
    if (end == 0) continue;
    const std::string guard = quote == '"' ? fmt::format("${{{}:?}}", name) : fmt::format("\"${{{}:?}}\"", name);
    return text.substr(0, i) + guard + text.substr(end);
  }
  return std::nullopt;
}

} // namespace

void check_script_unsafe_rm(const FileContext& context, std::vector<FileFinding>& out) {
  const ShellScript script = read_shell_script(context);
  for (const auto& command : script.commands) {
    const auto program = invoked(command);
    if (!program || program->name != "rm") continue;
    bool recursive = false, force = false, options = true;
    std::vector<const ShellArgument*> operands;
    for (std::size_t i = program->first; i < command.args.size(); ++i) {
      const ShellArgument& arg = command.args[i];
      if (options && arg.literal && *arg.literal == "--") {
        options = false;
      } else if (options && arg.literal && arg.literal->starts_with("--")) {
        recursive = recursive || *arg.literal == "--recursive";
        force = force || *arg.literal == "--force";
      } else if (options && arg.literal && arg.literal->size() > 1 && arg.literal->front() == '-') {
        recursive = recursive || arg.literal->find_first_of("rR") != std::string::npos;
        force = force || arg.literal->find('f') != std::string::npos;
      } else {
        operands.push_back(&arg);
      }
    }
    if (!recursive || !force) continue;
    for (const ShellArgument* arg : operands) {
      std::vector<std::string> risky = arg->unquoted;
      // HOME and PWD are always set; they only matter unquoted.
      if (arg->leading && *arg->leading != "HOME" && *arg->leading != "PWD") risky.push_back(*arg->leading);
      const auto name = std::find_if(risky.begin(), risky.end(), [&](const std::string& n) {
        return !arg->guards(n) && !guarded_before(script, n, command.range.begin) &&
               !statically_set(script, n, command.range.begin);
      });
      if (name == risky.end()) continue;
      FileFinding finding;
      finding.range = arg->range;
      finding.fields["arg"] = arg->text;
      finding.fields["name"] = *name;
      if (const auto fixed = with_guard(arg->text, *name))
        finding.help = fmt::format("write `rm -rf {}`: `${{{}:?}}` stops the script when {} is empty or unset", *fixed,
                                   *name, *name);
      else
        finding.help = fmt::format("check that {} is set and not empty first (`: \"${{{}:?}}\"`)", *name, *name);
      out.push_back(std::move(finding));
    }
  }
}

} // namespace claudelint::rules::native
