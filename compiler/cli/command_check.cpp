#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "driver/exit_code.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint [check] [OPTIONS] [PATHS...]
       claudelint validate --schema SCHEMA [OPTIONS] FILES...

Checks config trees (JSON, JSONC, YAML, .env, shell) and reports problems with
exact file:line:column positions. PATHS are files or directories (default: .).
Each file is validated against the JSON Schema that applies to it: --schema,
else its own `$schema`, else the built-in schema for its name (dev.json …
production.json, deployment.yaml, monitoring.*, notifications.*, rbac.*, .env).

Options:
)";

constexpr std::string_view usage_tail = R"(  --version              print the version and exit
  -h, --help             print this help and exit

Exit status: 0 no errors, 1 at least one error, 2 usage error, unusable
--schema, or internal failure.
)";

} // namespace

int command_check(const std::vector<std::string>& args) {
  driver::Options options;
  OutputOptions output;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}{}{}", usage, common_options_help, usage_tail);
      return driver::exit_code::ok;
    }
    if (arg == "--version") {
      fmt::print("claudelint {}\n", CLAUDELINT_VERSION);
      return driver::exit_code::ok;
    }
    if (parse_common(args, i, options, output)) continue;
    if (arg == "--") {
      options.paths.insert(options.paths.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    options.paths.push_back(arg);
  }
  if (options.paths.empty()) options.paths.push_back(".");
  return render(driver::run(options), output);
}

} // namespace claudelint::cli
