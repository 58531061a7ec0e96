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
  try {
    if (!args.empty() && args.front() == "validate") return cli::command_validate({args.begin() + 1, args.end()});
    if (!args.empty() && args.front() == "check") args.erase(args.begin());
    return cli::command_check(args);
  } catch (const driver::SchemaError& e) {
    fmt::print(stderr, "claudelint: error: {}\n", e.what());
  } catch (const UsageError& e) {
    fmt::print(stderr, "claudelint: error: {}\nTry 'claudelint --help'.\n", e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "claudelint: internal error: {}\n", e.what());
  }
  return driver::exit_code::failure;
}
