#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "driver/exit_code.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view usage = R"(Usage: claudelint validate --schema SCHEMA [OPTIONS] FILES...

Validates JSON and YAML files against one JSON Schema (draft 4, 6 or 7) and
nothing else: no built-in schemas, no policy rules. Like check-jsonschema or
ajv-cli, with exact file:line:column positions.

Options:
)";

constexpr std::string_view usage_tail = R"(  -h, --help             print this help and exit

Exit status: 0 all files valid, 1 any file invalid, 2 the schema cannot be used
(unreadable, invalid, unsupported draft) or a usage error.
)";

} // namespace

int command_validate(const std::vector<std::string>& args) {
  driver::Options options;
  // One schema and nothing else: no built-in schemas, no trees, no rules.
  options.schemas.builtin = false;
  options.compile = false;
  options.rules = false;
  OutputOptions output;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}{}{}", usage, common_options_help, usage_tail);
      return driver::exit_code::ok;
    }
    if (parse_common(args, i, options, output)) continue;
    if (arg.size() > 1 && arg[0] == '-') throw UsageError(fmt::format("unknown option '{}'", arg));
    options.paths.push_back(arg);
  }
  if (!options.schemas.schema) throw UsageError("validate needs --schema SCHEMA");
  if (options.paths.empty()) throw UsageError("validate needs at least one file");
  return render(keep_until_exit(driver::run(options)), output);
}

} // namespace claudelint::cli
