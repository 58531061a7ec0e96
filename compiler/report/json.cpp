#include <nlohmann/json.hpp>

#include "report/render.h"
#include "report/snippet.h"

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

} // namespace

std::string render_json(const RenderInput& input) {
  ordered_json diagnostics = ordered_json::array();
  for (const auto& d : input.diagnostics) {
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
    diagnostics.push_back(std::move(item));
  }
  const auto s = model::summarize(input.diagnostics, input.files_checked);
  ordered_json out;
  out["version"] = 1;
  out["diagnostics"] = std::move(diagnostics);
  out["summary"] = {{"errors", s.errors}, {"warnings", s.warnings}, {"infos", s.infos}, {"files", s.files}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace claudelint::report
