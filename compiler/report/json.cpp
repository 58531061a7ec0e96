#include <algorithm>
#include <functional>
#include <string_view>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/render.h"
#include "report/snippet.h"
#include "support/parallel.h"

namespace claudelint::report {

namespace {

using nlohmann::ordered_json;

template <typename T> ordered_json optional_json(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

void add_location(ordered_json& object, const model::SourceManager& sources, const model::Range& range) {
  const auto& file = sources.file(range.file);
  const auto lc = line_columns(file, range.begin, range.end);
  object["file"] = file.path();
  object["line"] = lc.begin.line;
  object["column"] = lc.begin.column;
  object["end_line"] = lc.end.line;
  object["end_column"] = lc.end.column;
}

/// `text` (a pretty-printed JSON value) with every line after the first
/// indented by `by` more spaces, to nest it in a larger document.
std::string indented(const std::string& text, std::size_t by) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t line_end = text.find('\n', at);
    if (line_end == std::string::npos) {
      out.append(text, at, std::string::npos);
      break;
    }
    out.append(text, at, line_end + 1 - at);
    out.append(by, ' ');
    at = line_end + 1;
  }
  return out;
}

} // namespace

void render_json(const RenderInput& input, const std::function<void(std::string_view)>& write) {
  // Each finding is built and printed on its own, on --jobs threads (a run can
  // have tens of thousands), then indented into place. Strings in JSON text
  // never hold a raw newline, so indenting after each '\n' gives exactly the
  // bytes one dump of the whole document gives. Findings are written a batch
  // at a time, so the report is never held whole (80,000 findings: 47 MB).
  constexpr std::size_t batch = 4096;
  const auto& diagnostics = input.diagnostics;
  std::vector<std::string> items;
  write("{\n  \"version\": 1,\n  \"diagnostics\": [");
  for (std::size_t first = 0; first < diagnostics.size(); first += batch) {
    const std::size_t count = std::min(batch, diagnostics.size() - first);
    items.assign(count, std::string());
    support::parallel_for(count, input.jobs, [&](std::size_t k) {
      const auto& d = diagnostics[first + k];
      ordered_json item;
      add_location(item, input.sources, d.range);
      item["severity"] = model::to_string(d.severity);
      item["rule"] = d.rule.code;
      item["rule_name"] = d.rule.name;
      item["message"] = d.message;
      item["pointer"] = optional_json(d.pointer);
      item["environment"] = optional_json(d.environment);
      item["help"] = optional_json(d.help);
      ordered_json related = ordered_json::array();
      for (const auto& r : d.related) {
        ordered_json entry;
        add_location(entry, input.sources, r.range);
        entry["message"] = r.message;
        related.push_back(std::move(entry));
      }
      item["related"] = std::move(related);
      items[k] = (first + k == 0 ? "\n    " : ",\n    ") +
                 indented(item.dump(2, ' ', false, nlohmann::json::error_handler_t::replace), 4);
    });
    for (const auto& item : items) write(item);
  }
  const auto s = model::summarize(input.diagnostics, input.files_checked);
  const ordered_json summary = {{"errors", s.errors}, {"warnings", s.warnings}, {"infos", s.infos}, {"files", s.files}};
  write(diagnostics.empty() ? "]" : "\n  ]");
  write(",\n  \"summary\": " + indented(summary.dump(2), 2) + "\n}\n");
}

std::string render_json(const RenderInput& input) {
  std::string out;
  render_json(input, [&out](std::string_view part) { out += part; });
  return out;
}

} // namespace claudelint::report
