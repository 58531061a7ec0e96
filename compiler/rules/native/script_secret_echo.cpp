// `script-secret-echoed`: a script prints a secret-looking variable
// (`echo "$CLAUDE_API_TOKEN"`, `logger "key=${API_KEY}"`), or traces the
// commands that expand one (`set -x`). Deploy output ends up in CI logs and
// terminals' scrollback. Handing the value to another command on a pipe
// (`printf '%s' "$TOKEN" | docker login --password-stdin`), capturing it, or
// writing it to a file is not printing it.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "rules/native/registry.h"
#include "rules/native/shell_script.h"
#include "secrets/detector.h"

namespace claudelint::rules::native {

namespace {

/// Whether a `set` turns xtrace on (true), off (false) or leaves it.
std::optional<bool> xtrace_change(const ShellCommand& command, std::size_t first) {
  std::optional<bool> change;
  bool option_name = false, option_on = true;
  for (std::size_t i = first; i < command.args.size(); ++i) {
    const auto& word = command.args[i].literal;
    if (!word) break;
    if (option_name) {
      if (*word == "xtrace") change = option_on;
      option_name = false;
      continue;
    }
    if (word->size() < 2 || (word->front() != '-' && word->front() != '+') || *word == "--") break;
    const bool on = word->front() == '-';
    for (std::size_t k = 1; k < word->size(); ++k) {
      if ((*word)[k] == 'x') change = on;
      if ((*word)[k] == 'o') {
        option_name = true;
        option_on = on;
      }
    }
  }
  return change;
}

void check_printing(const ShellCommand& command, const Invocation& program, std::vector<FileFinding>& out) {
  static constexpr std::array<std::string_view, 3> printers{"echo", "printf", "logger"};
  if (std::find(printers.begin(), printers.end(), program.name) == printers.end()) return;
  // logger sends its arguments to the system log whatever its stdout does.
  if (program.name != "logger" && (command.piped() || command.redirected || command.captured)) return;
  for (std::size_t i = program.first; i < command.args.size(); ++i) {
    // `printf -v NAME …` assigns instead of printing.
    if (program.name == "printf" && command.args[i].literal == "-v") return;
  }
  for (std::size_t i = program.first; i < command.args.size(); ++i) {
    const ShellArgument& arg = command.args[i];
    const auto secret = std::find_if(arg.expansions.begin(), arg.expansions.end(),
                                     [](const std::string& name) { return secrets::is_secret_key_name(name); });
    if (secret == arg.expansions.end()) continue;
    FileFinding finding;
    finding.range = arg.range;
    finding.fields["command"] = program.name;
    finding.fields["name"] = *secret;
    finding.help = fmt::format("pipe it to the command that needs it (`printf '%s' \"${}\" | docker login "
                               "--password-stdin`), or print only whether it is set",
                               *secret);
    out.push_back(std::move(finding));
  }
}

} // namespace

void check_script_secret_echoed(const FileContext& context, std::vector<FileFinding>& out) {
  const ShellScript script = read_shell_script(context);
  // Source-order spans where xtrace is on: from a `set -x` to the next `set +x`.
  struct Trace {
    const ShellCommand* set;
    std::size_t end;
  };
  std::vector<Trace> traces;
  for (const auto& command : script.commands) {
    const auto program = invoked(command);
    if (!program) continue;
    check_printing(command, *program, out);
    if (program->name != "set") continue;
    const auto change = xtrace_change(command, program->first);
    if (!change) continue;
    if (*change && (traces.empty() || traces.back().end != std::string::npos))
      traces.push_back({&command, std::string::npos});
    else if (!*change && !traces.empty() && traces.back().end == std::string::npos)
      traces.back().end = command.range.begin;
  }
  for (const auto& trace : traces) {
    const auto secret = std::find_if(script.expansions.begin(), script.expansions.end(), [&](const ShellExpansion& e) {
      return e.range.begin >= trace.set->range.end && e.range.begin < trace.end && secrets::is_secret_key_name(e.name);
    });
    if (secret == script.expansions.end()) continue;
    FileFinding finding;
    finding.range = trace.set->range;
    finding.fields["command"] = "set -x";
    finding.fields["name"] = secret->name;
    finding.help = "turn tracing off before secrets are used (`set +x`), or drop `set -x`";
    finding.related.push_back({{context.file, secret->range.begin, secret->range.end},
                               fmt::format("${} is expanded here while tracing is on", secret->name)});
    out.push_back(std::move(finding));
  }
}

} // namespace claudelint::rules::native
