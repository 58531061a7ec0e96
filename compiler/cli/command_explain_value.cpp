#include <algorithm>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "compile/artifacts.h"
#include "compile/compiler.h"
#include "driver/exit_code.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint explain-value [OPTIONS] ENV POINTER [PATHS...]

Prints the final value at the JSON Pointer POINTER of environment ENV's
compiled document (e.g. production /config/security/tls/version), and every
layer that set it, oldest first, with file:line:column. PATHS default to .

Options:
  --tree DIR             the tree to look in, when several have ENV
)";

constexpr std::string_view usage_tail = R"(  -h, --help             print this help and exit

Exit status: 0 the value exists, 1 it does not, 2 usage error.
)";

std::string shorten(std::string text, std::size_t limit = 80) {
  if (text.size() > limit) text = text.substr(0, limit - 3) + "...";
  return text;
}

/// True when a credential-like value at or below `pointer` was written in
/// the bytes [begin, end) of `file`: an object or list whose printed source
/// text would show a secret.
bool holds_secret(const compile::CompiledEnvironment& environment, model::FileId file, std::size_t begin,
                  std::size_t end, const std::string& pointer) {
  for (auto it = environment.provenance.lower_bound(pointer);
       it != environment.provenance.end() && it->first.starts_with(pointer); ++it) {
    const auto& [below, origins] = *it;
    if (below.size() > pointer.size() && below[pointer.size()] != '/') continue;
    if (!compile::is_sensitive_pointer(below)) continue;
    for (const auto& other : origins)
      if (other.file == file && other.value.begin < end && begin < other.value.end) return true;
  }
  return false;
}

/// What the layer wrote at its origin: the source text (its first line, cut
/// to 60 characters), unless it is or shows a secret.
std::string written(const driver::RunResult& result, const compile::CompiledEnvironment& environment,
                    const compile::Origin& origin, const std::string& pointer) {
  if (!origin.file) return {};
  const auto& file = result.sources.file(*origin.file);
  for (const auto& hidden : file.redactions())
    if (hidden.begin < origin.value.end && origin.value.begin < hidden.end) return "<redacted>";
  if (compile::is_sensitive_pointer(pointer)) return "<redacted>";
  constexpr std::size_t limit = 60;
  std::string text(file.text().substr(origin.value.begin, origin.value.end - origin.value.begin));
  std::size_t shown = text.size(); // bytes of the source that get printed
  if (const auto newline = text.find('\n'); newline != std::string::npos) {
    text = text.substr(0, newline) + " ...";
    shown = newline;
  }
  if (text.size() > limit) shown = std::min(shown, limit - 3);
  if (holds_secret(environment, *origin.file, origin.value.begin, origin.value.begin + shown, pointer))
    return "<redacted>";
  return shorten(std::move(text), limit);
}

} // namespace

int command_explain_value(const std::vector<std::string>& args) {
  driver::Options options;
  OutputOptions output;
  std::optional<std::string> tree;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}{}{}", usage, common_options_help, usage_tail);
      return driver::exit_code::ok;
    }
    if (arg == "--tree") {
      if (i + 1 >= args.size()) throw UsageError("--tree needs a value");
      tree = args[++i];
      continue;
    }
    if (parse_common(args, i, options, output)) continue;
    if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    positional.push_back(arg);
  }
  if (positional.size() < 2) throw UsageError("explain-value needs an environment and a JSON Pointer");
  const std::string environment_name = positional[0];
  std::string pointer = positional[1];
  if (pointer == "/") pointer.clear();
  if (!pointer.empty() && pointer.front() != '/')
    throw UsageError(fmt::format("'{}' is not a JSON Pointer; it must start with '/' (e.g. /config/security/tls/version)",
                                 pointer));
  options.paths.assign(positional.begin() + 2, positional.end());
  if (options.paths.empty()) options.paths.push_back(".");
  if (options.shard) throw UsageError("--shard does not apply to explain-value: it looks up one value of one tree");
  const auto result = driver::run(options);
  note_errors(result, "explain-value");
  const auto ref = find_environment(result, environment_name, tree);
  const auto& environment = *ref.environment;
  const nlohmann::json* value = nullptr;
  try {
    const nlohmann::json::json_pointer p(pointer);
    if (environment.document.contains(p)) value = &environment.document.at(p);
  } catch (const nlohmann::json::exception&) {
    throw UsageError(fmt::format("'{}' is not a valid JSON Pointer", pointer));
  }
  if (!value) {
    std::string nearest = pointer;
    while (!nearest.empty() && !environment.document.contains(nlohmann::json::json_pointer(nearest)))
      nearest.erase(nearest.rfind('/'));
    fmt::print("{} has no value at {}\n", environment.name, pointer);
    if (const auto* origin = environment.origin(nearest); origin && origin->file)
      fmt::print("  the nearest value is {} ({})\n", nearest.empty() ? "/" : nearest, origin_location(result, *origin));
    return driver::exit_code::findings;
  }
  std::string shown;
  if (compile::is_sensitive_pointer(pointer) && value->is_string())
    shown = "\"<redacted>\"";
  else if (value->is_object() || value->is_array()) // credentials inside it are redacted as in dist/
    shown = shorten(compile::redacted_document(environment.document).at(nlohmann::json::json_pointer(pointer)).dump());
  else
    shown = shorten(value->dump());
  fmt::print("{} {} = {}\n", environment.name, pointer.empty() ? "/" : pointer, shown);
  const auto it = environment.provenance.find(pointer);
  if (it == environment.provenance.end() || it->second.empty() ||
      (it->second.size() == 1 && !it->second.front().file && it->second.front().schema.empty())) {
    fmt::print("  made by the compiler\n");
    return driver::exit_code::ok;
  }
  const auto& origins = it->second;
  if (value->is_object() || value->is_array())
    fmt::print("  set by {} layer{}, oldest first (members merge; see each pointer below it for its own layers):\n",
               origins.size(), origins.size() == 1 ? "" : "s");
  else
    fmt::print("  set by {} layer{}, oldest first (the last one wins):\n", origins.size(), origins.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const auto& origin = origins[i];
    const std::string text = written(result, environment, origin, pointer);
    fmt::print("  {}. {:<16} {}{}{}\n", i + 1, origin.layer, origin_location(result, origin),
               text.empty() ? "" : "  ", text);
  }
  return driver::exit_code::ok;
}

} // namespace claudelint::cli
