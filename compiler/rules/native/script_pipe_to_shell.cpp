// `script-pipe-to-shell`: a script runs code straight from the network:
// `curl … | sh`, `wget -O- … | sudo bash`, `bash <(curl …)`,
// `sh -c "$(curl …)"`, `eval "$(curl …)"`. Whatever the server (or anyone on
// the path, or a truncated download) sends runs with the deploy user's rights
// and its API keys, unchecked.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "rules/native/registry.h"
#include "rules/native/shell_script.h"

namespace claudelint::rules::native {

namespace {

/// Whether a curl or wget invocation writes what it fetches to stdout.
bool downloads_to_stdout(const ShellCommand& command, const Invocation& program) {
  const bool curl = program.name == "curl";
  if (!curl && program.name != "wget") return false;
  // Short options that take a value (the rest of the cluster, or the next word).
  const std::string_view with_value = curl ? "oHdeuAxXTwmbcFKErYyzCDtQPU" : "OoaieDPtTwUYlAR";
  bool to_stdout = curl; // curl writes to stdout unless told otherwise; wget to a file
  for (std::size_t i = program.first; i < command.args.size(); ++i) {
    const std::string word = command.args[i].literal.value_or(command.args[i].text);
    const auto next = [&] { return i + 1 < command.args.size() ? command.args[i + 1].literal.value_or("?") : ""; };
    const auto output_to = [&](const std::string& file) {
      const bool stdout_file = file == "-" || file == "/dev/stdout";
      to_stdout = stdout_file;
    };
    if (word == "--") break;
    if (word.starts_with("--")) {
      const auto eq = word.find('=');
      const std::string name = word.substr(0, eq);
      const std::string value = eq == std::string::npos ? next() : word.substr(eq + 1);
      if ((curl && name == "--output") || (!curl && name == "--output-document")) output_to(value);
      if (curl && (name == "--remote-name" || name == "--remote-name-all")) to_stdout = false;
      if (eq == std::string::npos && ((curl && name == "--output") || (!curl && name == "--output-document"))) ++i;
      continue;
    }
    if (word.size() < 2 || word.front() != '-') continue;
    for (std::size_t k = 1; k < word.size(); ++k) {
      const char letter = word[k];
      if (curl && letter == 'O') to_stdout = false;
      if (with_value.find(letter) == std::string_view::npos) continue;
      const bool last = k + 1 == word.size();
      const std::string value = last ? next() : word.substr(k + 1);
      if ((curl && letter == 'o') || (!curl && letter == 'O')) output_to(value);
      if (last) ++i;
      break;
    }
  }
  return to_stdout;
}

/// Whether a shell invocation reads its script from stdin: no script file
/// and no `-c` (`sh`, `bash -s -- --flag`, `sudo bash -`).
bool runs_stdin(const ShellCommand& command, const Invocation& program) {
  if (!is_shell_program(program.name)) return false;
  for (std::size_t i = program.first; i < command.args.size(); ++i) {
    const auto& word = command.args[i].literal;
    if (!word) return false;
    if (*word == "-s" || *word == "-" || *word == "--") return true;
    if (*word == "-o" || *word == "+o") {
      ++i;
      continue;
    }
    if (word->size() > 1 && (word->front() == '-' || word->front() == '+')) {
      if (word->find('c') != std::string::npos && word->front() == '-' && !word->starts_with("--")) return false;
      if (word->find('s') != std::string::npos && word->front() == '-' && !word->starts_with("--")) return true;
      continue;
    }
    return false; // a script file
  }
  return true;
}

/// Whether a shell invocation runs argument `k` as code: `bash <(…)`,
/// `sh -c "$(…)"`, `source <(…)`, `eval "$(…)"`.
bool runs_argument(const ShellCommand& command, const Invocation& program, std::size_t k) {
  if (k < program.first || k >= command.args.size()) return false;
  const ShellArgument& arg = command.args[k];
  if (program.name == "eval") return true;
  if (program.name == "source" || program.name == ".") return k == program.first && arg.process_substitution;
  if (!is_shell_program(program.name)) return false;
  bool dash_c = false;
  for (std::size_t i = program.first; i < k; ++i) {
    const auto& word = command.args[i].literal;
    if (!word || word->size() < 2 || word->front() != '-' || word->starts_with("--")) {
      if (!dash_c) return false; // a script file came first
      continue;
    }
    if (word->find('c') != std::string::npos) dash_c = true;
  }
  // `bash -c "$(curl …)"` runs the text; `bash <(curl …)` runs the file.
  return dash_c ? arg.command_substitution || arg.process_substitution : arg.process_substitution;
}

std::string shell_label(const ShellCommand& command, const Invocation& program) {
  const std::string first = path_base_name(command.name);
  return first == program.name ? program.name : fmt::format("{} {}", first, program.name);
}

} // namespace

void check_script_pipe_to_shell(const FileContext& context, std::vector<FileFinding>& out) {
  const ShellScript script = read_shell_script(context);
  std::set<std::size_t> reported_pipelines, reported_commands;
  for (const auto& download : script.commands) {
    const auto fetch = invoked(download);
    if (!fetch || !downloads_to_stdout(download, *fetch)) continue;
    FileFinding finding;
    finding.fields["download"] = fetch->name;
    if (download.pipeline && !reported_pipelines.contains(download.pipeline->index)) {
      const auto shell = std::find_if(script.commands.begin(), script.commands.end(), [&](const ShellCommand& c) {
        if (!c.pipeline || c.pipeline->index != download.pipeline->index ||
            c.pipeline->position <= download.pipeline->position)
          return false;
        const auto program = invoked(c);
        return program && runs_stdin(c, *program);
      });
      if (shell != script.commands.end()) {
        reported_pipelines.insert(download.pipeline->index);
        finding.range = {download.range.begin, shell->range.end};
        finding.fields["shell"] = shell_label(*shell, *invoked(*shell));
        out.push_back(finding);
        continue;
      }
    }
    if (!download.substitution) continue;
    const std::size_t outer = download.substitution->first, argument = download.substitution->second;
    const auto runner = std::find_if(script.commands.begin(), script.commands.end(),
                                     [&](const ShellCommand& c) { return c.index == outer; });
    if (runner == script.commands.end() || reported_commands.contains(outer)) continue;
    const auto program = invoked(*runner);
    if (!program || !runs_argument(*runner, *program, argument)) continue;
    reported_commands.insert(outer);
    finding.range = runner->range;
    finding.fields["shell"] = shell_label(*runner, *program);
    out.push_back(finding);
  }
}

} // namespace claudelint::rules::native
