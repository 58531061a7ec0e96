#pragma once
// A typed, read-only view of the shell loader's document
// (source/shell_loader.cpp) for the script checks: each command with its
// arguments, their ranges and facts, every assignment and expansion. Reading
// never fails: a missing or malformed part of the document (an ERROR-mangled
// script, another kind of file) is simply left out.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/position.h"
#include "rules/native/registry.h"

namespace claudelint::rules::native {

struct ShellArgument {
  std::string text;                   ///< as written, quotes included
  model::ByteRange range;
  /// The value the command receives when nothing in it is expanded
  /// (quotes removed, escapes resolved).
  std::optional<std::string> literal;
  std::string quoted = "none";        ///< "none", "double" or "single"
  std::vector<std::string> expansions; ///< names whose value it passes on
  std::vector<std::string> guarded;   ///< names expanded as ${NAME:?…}
  std::vector<std::string> unquoted;  ///< names expanded outside quotes
  /// The name whose expansion starts the argument's value (`"$DIR"/x`),
  /// unless it has a non-empty default.
  std::optional<std::string> leading;
  bool command_substitution = false;
  bool process_substitution = false;

  bool expands(std::string_view name) const;
  bool guards(std::string_view name) const;
};

struct ShellPipeline {
  std::size_t index = 0;    ///< the pipeline's number in the script
  std::size_t position = 0; ///< 0-based position of the element
  std::size_t length = 0;   ///< number of elements
};

struct ShellCommand {
  std::size_t index = 0; ///< position in /commands
  std::string name;      ///< as written
  model::ByteRange range;
  model::ByteRange name_range;
  std::vector<ShellArgument> args;
  bool top_level = false;  ///< not in a function, subshell, loop, if, case or substitution
  bool redirected = false; ///< stdout goes to a file
  bool captured = false;   ///< stdout is read by $(…), `…` or <(…)
  std::optional<std::string> function;
  std::optional<ShellPipeline> pipeline;
  /// (command, argument) whose $(…) or <(…) this command runs in.
  std::optional<std::pair<std::size_t, std::size_t>> substitution;

  /// True when stdout feeds the next element of a pipeline.
  bool piped() const { return pipeline && pipeline->position + 1 < pipeline->length; }
};

struct ShellExpansion {
  std::string name;
  model::ByteRange range;
  bool guarded = false;
};

struct ShellAssignment {
  std::string name;
  std::string value; ///< the bytes at value_range
  model::ByteRange range;
  model::ByteRange value_range;
};

struct ShellScript {
  std::vector<ShellCommand> commands;
  std::vector<ShellAssignment> assignments;
  std::vector<ShellExpansion> expansions;
};

/// The script of a shell file, in source order; empty for other kinds and
/// when the loader produced no document.
ShellScript read_shell_script(const FileContext& context);

/// What a command runs once wrappers are peeled off: `sudo -u app chmod 600 f`
/// runs chmod with its arguments starting at index 2 of the sudo command.
/// Wrappers: sudo, doas, command, exec, env, nohup, nice, time.
struct Invocation {
  std::string name;        ///< the program's base name (`/bin/bash` → bash)
  model::ByteRange name_range;
  std::size_t first = 0;   ///< index of its first argument in the command's args
};

/// nullopt when the program cannot be known (`$CMD`, `sudo "$@"`) or the
/// command only asks about one (`command -v x`).
std::optional<Invocation> invoked(const ShellCommand& command);

/// Whether `name` (a program base name) is a shell that runs a script.
bool is_shell_program(std::string_view name);

/// The last path component of a path, quotes removed (`"$HOME/.env"` → `.env`).
std::string path_base_name(std::string_view text);

/// "A", "A and B", "A, B and C".
std::string join_words(const std::vector<std::string>& words);

} // namespace claudelint::rules::native
