#pragma once
// What the subcommands share: output options, their parsing, and rendering.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/driver.h"

namespace claudelint::cli {

enum class Format { text, json };
enum class ColorMode { automatic, always, never };

struct OutputOptions {
  Format format = Format::text;
  ColorMode color = ColorMode::automatic;
  bool quiet = false;
};

/// Arguments every subcommand understands. `parse_common` consumes one of
/// them at `args[i]` (advancing `i` past a value) and returns true, or
/// returns false when the argument is not a common option.
bool parse_common(const std::vector<std::string>& args, std::size_t& i, driver::Options& driver,
                  OutputOptions& output);

/// Help text for the options `parse_common` accepts.
extern const std::string_view common_options_help;

/// Renders `result` to stdout in the chosen format; returns the exit code
/// (1 when there is an error, else 0).
int render(const driver::RunResult& result, const OutputOptions& output);

} // namespace claudelint::cli
