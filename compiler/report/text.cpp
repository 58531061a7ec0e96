#include <algorithm>

#include <fmt/format.h>

#include "report/render.h"
#include "report/snippet.h"
#include "support/utf8.h"

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

/// `path` with what a terminal cannot show as it is written C-style: control
/// characters (`\n`, `\x1B`, C1 ones as `\xC2\x9B`), bytes that are not
/// UTF-8 (`\xFF`) and the backslash itself (`\\`). So a name with a line
/// break stays on its `file:line:column` line, no name sends escape
/// sequences to the terminal, and two names never look alike.
std::string shown_path(std::string_view path) {
  const bool plain = std::none_of(path.begin(), path.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F || byte == '\\' || byte >= 0x80;
  });
  if (plain) return std::string(path);
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    const auto invalid = support::find_invalid_utf8(path.substr(i));
    const std::size_t valid_end = invalid ? i + *invalid : path.size();
    for (; i < valid_end; ++i) {
      const auto byte = static_cast<unsigned char>(path[i]);
      if (byte == '\\') out += "\\\\";
      else if (byte == '\n') out += "\\n";
      else if (byte == '\t') out += "\\t";
      else if (byte == '\r') out += "\\r";
      else if (byte < 0x20 || byte == 0x7F) out += fmt::format("\\x{:02X}", byte);
      // C1 controls (U+0080..U+009F) steer terminals too.
      else if (byte == 0xC2 && i + 1 < valid_end && static_cast<unsigned char>(path[i + 1]) < 0xA0)
        out += fmt::format("\\xC2\\x{:02X}", static_cast<unsigned char>(path[++i]));
      else out += path[i];
    }
    if (invalid) out += fmt::format("\\x{:02X}", static_cast<unsigned char>(path[i++]));
  }
  return out;
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
    out += fmt::format("{}{}:{}:{}:{} {}{}[{}]{}: {}{}{}\n", p.bold, shown_path(file.path()), pos.line, pos.column,
                       p.reset, color, model::to_string(d.severity), d.rule.code, p.reset, p.bold, d.message, p.reset);
    out += code_frame(file, d.range.begin, d.range.end, color, p.reset);
    for (const auto& related : d.related) {
      if (related.range == d.range) { // about the same place: the frame above shows it
        out += fmt::format("{}note{}: {}\n", p.blue, p.reset, related.message);
        continue;
      }
      const auto& rfile = input.sources.file(related.range.file);
      const auto rpos = rfile.position(related.range.begin);
      out += fmt::format("{}note{}: {}:{}:{}: {}\n", p.blue, p.reset, shown_path(rfile.path()), rpos.line,
                         rpos.column, related.message);
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
