// `script-strict-mode`: a deploy script must stop at the first failing step.
// Without `set -e` a failed `cp` is followed by a `chmod` and a "deployment
// complete"; without `-u` an unset variable expands to nothing
// (`rm -rf "$DIR/"*`); without `-o pipefail` a failing `curl … | tar x` looks
// like a success. The guide's deploy.sh has `set -e` only.
#include <array>

#include "rules/native/registry.h"
#include "rules/native/shell_script.h"

namespace claudelint::rules::native {

namespace {

struct StrictMode {
  bool errexit = false;
  bool nounset = false;
  bool pipefail = false;
};

void set_option(StrictMode& mode, std::string_view option, bool on) {
  if (option == "errexit") mode.errexit = on;
  else if (option == "nounset") mode.nounset = on;
  else if (option == "pipefail") mode.pipefail = on;
}

/// Applies `set`'s words (or a shebang's options) to `mode`: letter
/// clusters (`-euo pipefail`, `+e`) and `-o NAME`. Stops at the first word
/// that is not an option (`set -- a b` sets positional parameters).
void apply_set_words(StrictMode& mode, const std::vector<std::optional<std::string>>& words) {
  std::size_t pending = 0; // `o` letters waiting for their option name
  bool pending_on = true;
  for (const auto& word : words) {
    if (!word) return;
    if (pending > 0) {
      set_option(mode, *word, pending_on);
      --pending;
      continue;
    }
    if (*word == "--" || *word == "-" || word->size() < 2 || (word->front() != '-' && word->front() != '+')) return;
    const bool on = word->front() == '-';
    for (std::size_t i = 1; i < word->size(); ++i) {
      switch ((*word)[i]) {
      case 'e': mode.errexit = on; break;
      case 'u': mode.nounset = on; break;
      case 'o':
        ++pending;
        pending_on = on;
        break;
      default: break;
      }
    }
  }
}

/// The shebang's options: `#!/bin/bash -e`, `#!/usr/bin/env -S bash -eu`.
StrictMode shebang_mode(std::string_view text) {
  StrictMode mode;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!text.starts_with("#!")) return mode;
  std::string_view line = text.substr(2, text.find('\n') == std::string_view::npos ? text.size() : text.find('\n') - 2);
  std::vector<std::optional<std::string>> words;
  bool interpreter = true;
  while (!line.empty()) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    const auto end = line.find_first_of(" \t\r");
    const std::string word(line.substr(0, end));
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    if (interpreter) {
      interpreter = false;
      continue;
    }
    if (word == "-S" || (!word.starts_with('-') && !word.starts_with('+') && words.empty())) continue; // env's shell
    words.emplace_back(word);
  }
  apply_set_words(mode, words);
  return mode;
}

/// The range of the shebang line, or the empty range at the file's start.
model::ByteRange file_start(std::string_view text) {
  const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (text.substr(bom).starts_with("#!")) {
    const auto end = text.find('\n', bom);
    return {bom, end == std::string_view::npos ? text.size() : end};
  }
  return {bom, bom};
}

/// Commands that set the script up or only print: they may come before
/// `set -e`.
bool does_work(std::string_view program) {
  static constexpr std::array<std::string_view, 8> setup{"set", "shopt", "trap", "echo", "printf", ":", "true", "umask"};
  return std::find(setup.begin(), setup.end(), program) == setup.end();
}

std::vector<std::optional<std::string>> literal_words(const ShellCommand& command, std::size_t first) {
  std::vector<std::optional<std::string>> words;
  for (std::size_t i = first; i < command.args.size(); ++i) words.push_back(command.args[i].literal);
  return words;
}

} // namespace

void check_script_strict_mode(const FileContext& context, std::vector<FileFinding>& out) {
  const ShellScript script = read_shell_script(context);
  StrictMode mode = shebang_mode(context.source.text());
  const bool from_shebang = mode.errexit;
  const ShellCommand* enabled_by = nullptr; // the `set` that turned errexit on
  const ShellCommand* first_work = nullptr;
  bool work_elsewhere = false;
  for (const auto& command : script.commands) {
    const auto program = invoked(command);
    const bool works = !program || does_work(program->name);
    if (!command.top_level) {
      // A library of functions is not run by itself; the other nested
      // commands (in an `if`, a loop, a substitution) run with the script.
      work_elsewhere = work_elsewhere || (works && !command.function);
      continue;
    }
    if (first_work) continue;
    if (program && program->name == "set") {
      const bool before = mode.errexit;
      apply_set_words(mode, literal_words(command, program->first));
      if (!before && mode.errexit) enabled_by = &command;
      continue;
    }
    if (works) first_work = &command;
  }
  if (!first_work && !work_elsewhere) return;

  std::vector<std::string> missing;
  if (!mode.errexit) missing.emplace_back("`set -e`");
  if (!mode.nounset) missing.emplace_back("`set -u`");
  if (!mode.pipefail) missing.emplace_back("`set -o pipefail`");
  if (missing.empty()) return;

  FileFinding finding;
  finding.fields["missing"] = join_words(missing);
  if (!mode.errexit) {
    finding.range = first_work ? first_work->range : file_start(context.source.text());
    finding.help = "add `set -euo pipefail` after the shebang";
  } else {
    finding.range = enabled_by && !from_shebang ? enabled_by->range : file_start(context.source.text());
    finding.severity = model::Severity::info;
    finding.help = enabled_by && !from_shebang ? "make it `set -euo pipefail`" : "add `set -euo pipefail` after the shebang";
  }
  out.push_back(std::move(finding));
}

} // namespace claudelint::rules::native
