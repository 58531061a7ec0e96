// GitHub Actions workflow commands: one `::error|warning|notice …::message`
// line per finding, which the runner turns into an annotation on the file
// and line, then one plain summary line (docs/output-formats.md).
#include <fmt/format.h>

#include "report/ci_formats.h"
#include "report/render.h"

namespace claudelint::report {

namespace {

// The escaping of @actions/core 3.0.1, lib/command.js (escapeData and
// escapeProperty): the runner undoes exactly these, and nothing else, when
// it parses a command. Replacing `%` first matters there; one pass over the
// characters is the same thing.
std::string escape_workflow(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '%': out += "%25"; break;
    case '\r': out += "%0D"; break;
    case '\n': out += "%0A"; break;
    case ':': out += property ? "%3A" : ":"; break;
    case ',': out += property ? "%2C" : ","; break;
    default: out += c;
    }
  }
  return out;
}

std::string_view command_for(model::Severity severity) {
  switch (severity) {
  case model::Severity::error: return "error";
  case model::Severity::warning: return "warning";
  case model::Severity::info: return "notice";
  }
  return "error";
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

} // namespace

std::string escape_workflow_data(std::string_view text) { return escape_workflow(text, false); }

std::string escape_workflow_property(std::string_view text) { return escape_workflow(text, true); }

std::string render_github(const RenderInput& input) {
  std::string out;
  for (const auto& d : input.diagnostics) {
    const auto& file = input.sources.file(d.range.file);
    const auto at = line_span(file, d.range);
    std::string properties = fmt::format("file={},line={}", escape_workflow_property(file.path()), at.line);
    // The runner drops col and endColumn when line and endLine differ.
    if (at.end_line == at.line) properties += fmt::format(",col={}", at.column);
    properties += fmt::format(",endLine={}", at.end_line);
    if (at.end_line == at.line) properties += fmt::format(",endColumn={}", at.end_column);
    const std::string title = d.rule.name.empty() ? d.rule.code : d.rule.code + " " + d.rule.name;
    properties += ",title=" + escape_workflow_property(title);

    std::string message = d.message;
    for (const auto& related : d.related) {
      const auto& rfile = input.sources.file(related.range.file);
      const auto rpos = rfile.position(related.range.begin);
      message += fmt::format("\nnote: {}:{}:{}: {}", rfile.path(), rpos.line, rpos.column, related.message);
    }
    if (d.help) message += "\nhelp: " + *d.help;
    out += fmt::format("::{} {}::{}\n", command_for(d.severity), properties, escape_workflow_data(message));
  }
  // Plain text, not a command: the runner prints it in the log as it is.
  const auto s = model::summarize(input.diagnostics, input.files_checked);
  if (s.errors + s.warnings + s.infos == 0)
    out += fmt::format("claudelint: no problems found in {}{}\n", plural(s.files, "file"), shard_suffix(input));
  else
    out += fmt::format("claudelint: {}, {}, {} in {}{}\n", plural(s.errors, "error"), plural(s.warnings, "warning"),
                       plural(s.infos, "info"), plural(s.files, "file"), shard_suffix(input));
  return out;
}

} // namespace claudelint::report
