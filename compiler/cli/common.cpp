#include "cli/common.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>

#include "driver/exit_code.h"
#include "report/render.h"

namespace claudelint::cli {

const std::string_view common_options_help = R"(  --format text|json     output format (default: text)
  --color auto|always|never
                         colour in text output (default: auto: only on a
                         terminal, and never when NO_COLOR is set)
  -q, --quiet            print errors only (text format)
  --schema FILE          validate every file against this JSON Schema
  --ref-map PREFIX=DIR   serve $refs under the URL PREFIX from the folder DIR
                         (repeatable; nothing is ever downloaded)
  --require-schema       a file no schema applies to is an error
  --max-file-size BYTES  skip larger files with an error (default: 67108864)
  --max-depth N          deepest nesting accepted (default: 200)
)";

namespace {

std::size_t parse_count(std::string_view option, const std::string& value) {
  try {
    std::size_t used = 0;
    const unsigned long long n = std::stoull(value, &used);
    if (used == value.size() && n > 0) return static_cast<std::size_t>(n);
  } catch (const std::exception&) {
  }
  throw UsageError(fmt::format("{} expects a positive number, got '{}'", option, value));
}

bool use_color(ColorMode mode) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fileno(stdout)) == 1;
}

} // namespace

bool parse_common(const std::vector<std::string>& args, std::size_t& i, driver::Options& driver,
                  OutputOptions& output) {
  const std::string& arg = args[i];
  auto value = [&]() -> const std::string& {
    if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", arg));
    return args[++i];
  };
  if (arg == "--format") {
    const auto& v = value();
    if (v == "text") output.format = Format::text;
    else if (v == "json") output.format = Format::json;
    else throw UsageError(fmt::format("unknown format '{}' (expected text or json)", v));
  } else if (arg == "--color" || arg == "--colour") {
    const auto& v = value();
    if (v == "auto") output.color = ColorMode::automatic;
    else if (v == "always") output.color = ColorMode::always;
    else if (v == "never") output.color = ColorMode::never;
    else throw UsageError(fmt::format("unknown color mode '{}' (expected auto, always or never)", v));
  } else if (arg == "-q" || arg == "--quiet") {
    output.quiet = true;
  } else if (arg == "--schema") {
    driver.schemas.schema = std::filesystem::path(value());
  } else if (arg == "--ref-map") {
    const auto& v = value();
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == v.size())
      throw UsageError(fmt::format("--ref-map expects PREFIX=DIR, got '{}'", v));
    driver.schemas.ref_maps.emplace_back(v.substr(0, eq), std::filesystem::path(v.substr(eq + 1)));
  } else if (arg == "--require-schema") {
    driver.schemas.require = true;
  } else if (arg == "--max-file-size") {
    driver.limits.max_file_bytes = parse_count(arg, value());
  } else if (arg == "--max-depth") {
    driver.limits.max_depth = static_cast<unsigned>(std::min<std::size_t>(parse_count(arg, value()), 10000));
  } else {
    return false;
  }
  return true;
}

int render(const driver::RunResult& result, const OutputOptions& output) {
  const report::RenderInput input{result.diagnostics, result.sources, result.files_checked};
  const std::string text = output.format == Format::json
                               ? report::render_json(input)
                               : report::render_text(input, {use_color(output.color), output.quiet});
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  const auto summary = model::summarize(result.diagnostics, result.files_checked);
  return summary.errors > 0 ? driver::exit_code::findings : driver::exit_code::ok;
}

} // namespace claudelint::cli
