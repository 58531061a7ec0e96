#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/render.h"
#include "report/snippet.h"
#include "support/parallel.h"

namespace claudelint::report {

namespace {

using nlohmann::ordered_json;

/// Appends `text` as a JSON string literal, byte for byte as nlohmann's
/// dump writes it (UTF-8 kept, invalid bytes replaced). Most strings need no
/// escape and are copied as they are; the others go through the library.
void append_string(std::string& out, std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
  });
  if (plain) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += ordered_json(std::string(text)).dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

/// Opens a member: a comma unless it is the object's first, a newline, the
/// indentation, `"name": `.
void append_key(std::string& out, std::size_t indent, std::string_view name, bool first = false) {
  if (!first) out += ',';
  out += '\n';
  out.append(indent, ' ');
  out += '"';
  out += name;
  out += "\": ";
}

void append_location(std::string& out, std::size_t indent, const model::SourceManager& sources,
                     const model::Range& range) {
  const auto& file = sources.file(range.file);
  const auto lc = line_columns(file, range.begin, range.end);
  append_key(out, indent, "file", true);
  append_string(out, file.path());
  for (const auto& [name, number] : {std::pair<std::string_view, std::uint32_t>{"line", lc.begin.line},
                                     {"column", lc.begin.column},
                                     {"end_line", lc.end.line},
                                     {"end_column", lc.end.column}}) {
    append_key(out, indent, name);
    out += std::to_string(number);
  }
}

void append_optional(std::string& out, std::size_t indent, std::string_view name,
                     const std::optional<std::string>& value) {
  append_key(out, indent, name);
  if (value) append_string(out, *value);
  else out += "null";
}

/// One finding as the diagnostics array holds it: the bytes of its
/// pretty-printed (2-space) dump, nested at `indent` (the brace's column).
/// Written directly rather than built as a JSON value and dumped: a run may
/// report tens of thousands of findings.
void append_finding(std::string& out, std::size_t indent, const model::SourceManager& sources,
                    const model::Diagnostic& d) {
  const std::size_t inner = indent + 2;
  out += '{';
  append_location(out, inner, sources, d.range);
  append_key(out, inner, "severity");
  append_string(out, model::to_string(d.severity));
  append_key(out, inner, "rule");
  append_string(out, d.rule.code);
  append_key(out, inner, "rule_name");
  append_string(out, d.rule.name);
  append_key(out, inner, "message");
  append_string(out, d.message);
  append_optional(out, inner, "pointer", d.pointer);
  append_optional(out, inner, "environment", d.environment);
  append_optional(out, inner, "help", d.help);
  append_key(out, inner, "related");
  if (d.related.empty()) {
    out += "[]";
  } else {
    out += '[';
    for (std::size_t i = 0; i < d.related.size(); ++i) {
      if (i > 0) out += ',';
      out += '\n';
      out.append(inner + 2, ' ');
      out += '{';
      append_location(out, inner + 4, sources, d.related[i].range);
      append_key(out, inner + 4, "message");
      append_string(out, d.related[i].message);
      out += '\n';
      out.append(inner + 2, ' ');
      out += '}';
    }
    out += '\n';
    out.append(inner, ' ');
    out += ']';
  }
  out += '\n';
  out.append(indent, ' ');
  out += '}';
}

} // namespace

void render_json(const RenderInput& input, const std::function<void(std::string_view)>& write) {
  // Each finding is written on its own, on --jobs threads (a run can have
  // tens of thousands), a batch at a time, so the report is never held
  // whole (80,000 findings: 47 MB). The bytes are those of one 2-space dump
  // of the whole document (tests/unit/report/json_test.cpp holds them to it).
  constexpr std::size_t batch = 4096;
  const auto& diagnostics = input.diagnostics;
  std::vector<std::string> items;
  write("{\n  \"version\": 1,\n  \"diagnostics\": [");
  for (std::size_t first = 0; first < diagnostics.size(); first += batch) {
    const std::size_t count = std::min(batch, diagnostics.size() - first);
    items.assign(count, std::string());
    support::parallel_for(count, input.jobs, [&](std::size_t k) {
      std::string& item = items[k];
      item = first + k == 0 ? "\n    " : ",\n    ";
      append_finding(item, 4, input.sources, diagnostics[first + k]);
    });
    for (const auto& item : items) write(item);
  }
  const auto s = model::summarize(input.diagnostics, input.files_checked);
  write(diagnostics.empty() ? "]" : "\n  ]");
  write(fmt::format(",\n  \"summary\": {{\n    \"errors\": {},\n    \"warnings\": {},\n    \"infos\": {},\n"
                    "    \"files\": {}\n  }}\n}}\n",
                    s.errors, s.warnings, s.infos, s.files));
}

std::string render_json(const RenderInput& input) {
  std::string out;
  render_json(input, [&out](std::string_view part) { out += part; });
  return out;
}

} // namespace claudelint::report
