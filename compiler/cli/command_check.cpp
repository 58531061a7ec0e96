#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/commands.h"
#include "driver/driver.h"
#include "driver/exit_code.h"
#include "report/render.h"
#include "support/error.h"

namespace claudelint::cli {

namespace {

constexpr std::string_view help_text = R"(Usage: claudelint [check] [OPTIONS] [PATHS...]

Checks config trees (JSON, JSONC, YAML, .env, shell) and reports problems with
exact file:line:column positions. PATHS are files or directories (default: .).

Options:
  --format text|json     output format (default: text)
  --color auto|always|never
                         colour in text output (default: auto: only on a
                         terminal, and never when NO_COLOR is set)
  -q, --quiet            print errors only (text format)
  --max-file-size BYTES  skip larger files with an error (default: 67108864)
  --max-depth N          deepest nesting accepted (default: 200)
  --version              print the version and exit
  -h, --help             print this help and exit

Exit status: 0 no errors, 1 at least one error, 2 usage error or internal failure.
)";

enum class Format { text, json };
enum class ColorMode { automatic, always, never };

struct CheckArgs {
  driver::Options driver;
  Format format = Format::text;
  ColorMode color = ColorMode::automatic;
  bool quiet = false;
};

std::size_t parse_count(std::string_view option, const std::string& value) {
  try {
    std::size_t used = 0;
    const unsigned long long n = std::stoull(value, &used);
    if (used == value.size() && n > 0) return static_cast<std::size_t>(n);
  } catch (const std::exception&) {
  }
  throw UsageError(fmt::format("{} expects a positive number, got '{}'", option, value));
}

CheckArgs parse(const std::vector<std::string>& args, bool& exit_early) {
  CheckArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string_view option) -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", option));
      return args[++i];
    };
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", help_text);
      exit_early = true;
      return out;
    }
    if (arg == "--version") {
      fmt::print("claudelint {}\n", CLAUDELINT_VERSION);
      exit_early = true;
      return out;
    }
    if (arg == "--format") {
      const auto& v = value(arg);
      if (v == "text") out.format = Format::text;
      else if (v == "json") out.format = Format::json;
      else throw UsageError(fmt::format("unknown format '{}' (expected text or json)", v));
    } else if (arg == "--color" || arg == "--colour") {
      const auto& v = value(arg);
      if (v == "auto") out.color = ColorMode::automatic;
      else if (v == "always") out.color = ColorMode::always;
      else if (v == "never") out.color = ColorMode::never;
      else throw UsageError(fmt::format("unknown color mode '{}' (expected auto, always or never)", v));
    } else if (arg == "-q" || arg == "--quiet") {
      out.quiet = true;
    } else if (arg == "--max-file-size") {
      out.driver.limits.max_file_bytes = parse_count(arg, value(arg));
    } else if (arg == "--max-depth") {
      out.driver.limits.max_depth = static_cast<unsigned>(std::min<std::size_t>(parse_count(arg, value(arg)), 10000));
    } else if (arg == "--") {
      out.driver.paths.insert(out.driver.paths.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError(fmt::format("unknown option '{}'", arg));
    } else {
      out.driver.paths.push_back(arg);
    }
  }
  if (out.driver.paths.empty()) out.driver.paths.push_back(".");
  return out;
}

bool use_color(ColorMode mode) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fileno(stdout)) == 1;
}

} // namespace

int command_check(const std::vector<std::string>& args) {
  bool exit_early = false;
  const CheckArgs options = parse(args, exit_early);
  if (exit_early) return driver::exit_code::ok;

  const auto result = driver::run(options.driver);
  const report::RenderInput input{result.diagnostics, result.sources, result.files_checked};
  const std::string output = options.format == Format::json
                                 ? report::render_json(input)
                                 : report::render_text(input, {use_color(options.color), options.quiet});
  std::fwrite(output.data(), 1, output.size(), stdout);
  std::fflush(stdout);
  const auto summary = model::summarize(result.diagnostics, result.files_checked);
  return summary.errors > 0 ? driver::exit_code::findings : driver::exit_code::ok;
}

} // namespace claudelint::cli
