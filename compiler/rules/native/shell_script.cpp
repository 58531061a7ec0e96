#include "rules/native/shell_script.h"

#include <algorithm>
#include <array>

namespace claudelint::rules::native {

using nlohmann::json;

namespace {

std::vector<std::string> names(const json& info, const char* key) {
  std::vector<std::string> out;
  const auto it = info.find(key);
  if (it == info.end() || !it->is_array()) return out;
  for (const auto& item : *it)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

bool flag(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::optional<std::string> text_of(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::size_t> index_of(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::size_t>();
}

std::optional<model::ByteRange> range_of(const model::Document& document, const std::string& pointer) {
  const auto span = document.map.find(pointer);
  if (!span) return std::nullopt;
  return span->value;
}

std::optional<ShellCommand> read_command(const model::Document& document, const json& value, std::size_t index) {
  if (!value.is_object()) return std::nullopt;
  const std::string pointer = model::append_pointer("/commands", index);
  const auto name = text_of(value, "name");
  const auto range = range_of(document, pointer);
  const auto name_range = range_of(document, pointer + "/name");
  const auto args = value.find("args");
  if (!name || !range || !name_range || args == value.end() || !args->is_array()) return std::nullopt;
  ShellCommand command;
  command.index = index;
  command.name = *name;
  command.range = *range;
  command.name_range = *name_range;
  command.top_level = flag(value, "top_level");
  command.redirected = flag(value, "redirected");
  command.captured = flag(value, "captured");
  command.function = text_of(value, "in_function");
  if (const auto it = value.find("pipeline"); it != value.end() && it->is_object()) {
    const auto at = index_of(*it, "index"), position = index_of(*it, "position"), length = index_of(*it, "length");
    if (at && position && length) command.pipeline = ShellPipeline{*at, *position, *length};
  }
  if (const auto it = value.find("substitution"); it != value.end() && it->is_object()) {
    const auto of = index_of(*it, "command"), argument = index_of(*it, "argument");
    if (of && argument) command.substitution = std::pair(*of, *argument);
  }
  const auto infos = value.find("args_info");
  for (std::size_t i = 0; i < args->size(); ++i) {
    const json& text = (*args)[i];
    const auto at = range_of(document, model::append_pointer(pointer + "/args", i));
    if (!text.is_string() || !at) return std::nullopt;
    ShellArgument arg;
    arg.text = text.get<std::string>();
    arg.range = *at;
    if (infos != value.end() && infos->is_array() && i < infos->size() && (*infos)[i].is_object()) {
      const json& info = (*infos)[i];
      arg.literal = text_of(info, "literal");
      arg.quoted = text_of(info, "quoted").value_or("none");
      arg.expansions = names(info, "expansions");
      arg.guarded = names(info, "guarded");
      arg.unquoted = names(info, "unquoted");
      arg.leading = text_of(info, "leading");
      arg.command_substitution = flag(info, "command_substitution");
      arg.process_substitution = flag(info, "process_substitution");
    }
    command.args.push_back(std::move(arg));
  }
  return command;
}

/// How many arguments a wrapper's options take, from index `i` of `args`
/// on; nullopt when the program after them cannot be known.
std::optional<std::size_t> skip_wrapper_options(std::string_view wrapper, const std::vector<ShellArgument>& args,
                                                std::size_t i) {
  // Options that take a value as the next argument.
  std::string_view with_value;
  if (wrapper == "sudo") with_value = "ughpCDrtUT";
  else if (wrapper == "doas") with_value = "uC";
  else if (wrapper == "exec") with_value = "a";
  else if (wrapper == "env") with_value = "uCS";
  else if (wrapper == "nice") with_value = "n";
  while (i < args.size()) {
    if (!args[i].literal) return std::nullopt;
    const std::string& word = *args[i].literal;
    if (word == "--") return i + 1;
    if (wrapper == "env" && word.find('=') != std::string::npos && word.front() != '-') {
      ++i; // NAME=value
      continue;
    }
    if (word.size() < 2 || word.front() != '-') return i;
    if (word.starts_with("--")) {
      ++i;
      continue;
    }
    // A cluster like `-Eu app`: a value-taking letter takes the rest of the
    // cluster, or the next argument when it is last.
    bool takes_next = false;
    for (std::size_t k = 1; k < word.size(); ++k) {
      if (with_value.find(word[k]) == std::string_view::npos) continue;
      takes_next = k + 1 == word.size();
      break;
    }
    i += takes_next ? 2 : 1;
  }
  return i;
}

} // namespace

bool ShellArgument::expands(std::string_view name) const {
  return std::find(expansions.begin(), expansions.end(), name) != expansions.end();
}

bool ShellArgument::guards(std::string_view name) const {
  return std::find(guarded.begin(), guarded.end(), name) != guarded.end();
}

ShellScript read_shell_script(const FileContext& context) {
  ShellScript script;
  if (context.kind != source::FileKind::shell) return script;
  for (const auto& document : context.documents) {
    if (!document.value.is_object()) continue;
    if (const auto it = document.value.find("commands"); it != document.value.end() && it->is_array())
      for (std::size_t i = 0; i < it->size(); ++i)
        if (auto command = read_command(document, (*it)[i], i)) script.commands.push_back(std::move(*command));
    if (const auto it = document.value.find("assignments"); it != document.value.end() && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& value = (*it)[i];
        const std::string pointer = model::append_pointer("/assignments", i);
        const auto range = range_of(document, pointer);
        const auto value_range = range_of(document, pointer + "/value");
        const auto name = value.is_object() ? text_of(value, "name") : std::nullopt;
        const auto text = value.is_object() ? text_of(value, "value") : std::nullopt;
        if (range && value_range && name && text) script.assignments.push_back({*name, *text, *range, *value_range});
      }
    }
    if (const auto it = document.value.find("expansions"); it != document.value.end() && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& value = (*it)[i];
        const auto range = range_of(document, model::append_pointer("/expansions", i));
        const auto name = value.is_object() ? text_of(value, "name") : std::nullopt;
        if (range && name) script.expansions.push_back({*name, *range, flag(value, "guarded")});
      }
    }
  }
  return script;
}

std::optional<Invocation> invoked(const ShellCommand& command) {
  static constexpr std::array<std::string_view, 8> wrappers{"sudo", "doas", "command", "exec",
                                                            "env",  "nohup", "nice", "time"};
  Invocation at;
  at.name = path_base_name(command.name);
  at.name_range = command.name_range;
  at.first = 0;
  if (at.name.empty() || at.name.find_first_of("$`") != std::string::npos) return std::nullopt;
  for (int depth = 0; depth < 8; ++depth) {
    if (std::find(wrappers.begin(), wrappers.end(), at.name) == wrappers.end()) return at;
    if (at.name == "command") {
      // `command -v x` asks where x is; it runs nothing.
      for (std::size_t i = at.first; i < command.args.size() && command.args[i].literal &&
                                     command.args[i].literal->starts_with('-');
           ++i)
        if (command.args[i].literal->find_first_of("vV") != std::string::npos) return std::nullopt;
    }
    const auto next = skip_wrapper_options(at.name, command.args, at.first);
    if (!next) return std::nullopt;
    // A wrapper alone (`sudo -v`, `env`) is itself what runs.
    if (*next >= command.args.size()) return at;
    const ShellArgument& program = command.args[*next];
    if (!program.literal) return std::nullopt;
    at.name = path_base_name(*program.literal);
    at.name_range = program.range;
    at.first = *next + 1;
  }
  return at;
}

bool is_shell_program(std::string_view name) {
  static constexpr std::array<std::string_view, 7> shells{"sh", "bash", "zsh", "dash", "ksh", "mksh", "fish"};
  return std::find(shells.begin(), shells.end(), name) != shells.end();
}

std::string path_base_name(std::string_view text) {
  std::string plain;
  for (const char c : text)
    if (c != '"' && c != '\'') plain += c;
  while (plain.size() > 1 && plain.back() == '/') plain.pop_back();
  const auto slash = plain.rfind('/');
  return slash == std::string::npos || plain.size() == 1 ? plain : plain.substr(slash + 1);
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

} // namespace claudelint::rules::native
