// Thin front end: pick the subcommand, map the tool's own failures to exit
// codes in one place.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "driver/driver.h"
#include "driver/exit_code.h"
#include "support/error.h"

int main(int argc, char** argv) {
  using namespace claudelint;
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string help = "claudelint --help"; // where a usage error sends the user
  try {
    using Command = int (*)(const std::vector<std::string>&);
    static const std::pair<std::string_view, Command> commands[] = {
        {"validate", cli::command_validate}, {"envs", cli::command_envs},
        {"init", cli::command_init},         {"build", cli::command_build},
        {"explain-value", cli::command_explain_value}, {"diff", cli::command_diff},
        {"rules", cli::command_rules},         {"explain", cli::command_explain},
        {"test-rules", cli::command_test_rules}, {"install-hook", cli::command_install_hook},
        {"lsp", cli::command_lsp},
    };
    for (const auto& [name, command] : commands) {
      if (args.empty() || args.front() != name) continue;
      help = fmt::format("claudelint {} --help", name);
      return command({args.begin() + 1, args.end()});
    }
    if (!args.empty() && args.front() == "check") args.erase(args.begin());
    return cli::command_check(args);
  } catch (const driver::SchemaError& e) {
    fmt::print(stderr, "claudelint: error: {}\n", e.what());
  } catch (const UsageError& e) {
    fmt::print(stderr, "claudelint: error: {}\nTry '{}'.\n", e.what(), help);
  } catch (const std::exception& e) {
    fmt::print(stderr, "claudelint: internal error: {}\n", e.what());
  }
  return driver::exit_code::failure;
}
