#include <fmt/format.h>

#include "report/render.h"
#include "report/snippet.h"

namespace claudelint::report {

namespace {

struct Palette {
  std::string_view bold, red, yellow, cyan, blue, reset;
};

Palette palette(bool color) {
  if (!color) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m", "\x1b[1;34m", "\x1b[0m"};
}

std::string_view severity_color(const Palette& p, model::Severity s) {
  switch (s) {
  case model::Severity::error: return p.red;
  case model::Severity::warning: return p.yellow;
  case model::Severity::info: return p.cyan;
  }
  return {};
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

} // namespace

std::string shard_suffix(const RenderInput& input) {
  return input.shard ? fmt::format(" (shard {}/{})", input.shard->index, input.shard->count) : std::string();
}

std::string render_text(const RenderInput& input, const TextOptions& options) {
  const Palette p = palette(options.color);
  std::string out;
  for (const auto& d : input.diagnostics) {
    if (options.quiet && d.severity != model::Severity::error) continue;
    const auto& file = input.sources.file(d.range.file);
    const auto pos = file.position(d.range.begin);
    const auto color = severity_color(p, d.severity);
    out += fmt::format("{}{}:{}:{}:{} {}{}[{}]{}: {}{}{}\n", p.bold, file.path(), pos.line, pos.column, p.reset,
                       color, model::to_string(d.severity), d.rule.code, p.reset, p.bold, d.message, p.reset);
    out += code_frame(file, d.range.begin, d.range.end, color, p.reset);
    for (const auto& related : d.related) {
      if (related.range == d.range) { // about the same place: the frame above shows it
        out += fmt::format("{}note{}: {}\n", p.blue, p.reset, related.message);
        continue;
      }
      const auto& rfile = input.sources.file(related.range.file);
      const auto rpos = rfile.position(related.range.begin);
      out += fmt::format("{}note{}: {}:{}:{}: {}\n", p.blue, p.reset, rfile.path(), rpos.line, rpos.column,
                         related.message);
      out += code_frame(rfile, related.range.begin, related.range.end, p.blue, p.reset);
    }
    if (d.help) out += fmt::format("{}help{}: {}\n", p.cyan, p.reset, *d.help);
    out += '\n';
  }
  const auto s = model::summarize(input.diagnostics, input.files_checked);
  const std::string shard = shard_suffix(input);
  if (s.errors + s.warnings + s.infos == 0) {
    out += fmt::format("no problems found in {}{}\n", plural(s.files, "file"), shard);
  } else {
    out += fmt::format("{}{}, {}, {}{} in {}{}\n", p.bold, plural(s.errors, "error"), plural(s.warnings, "warning"),
                       plural(s.infos, "info"), p.reset, plural(s.files, "file"), shard);
  }
  return out;
}

} // namespace claudelint::report
