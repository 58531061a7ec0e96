#include <fmt/format.h>

#include "lsp/convert.h"
#include "lsp/features.h"

namespace claudelint::lsp {

using nlohmann::json;

namespace {

bool before_or_at(const json& a, LspPosition b) {
  const auto line = a.value("line", 0u);
  return line < b.line || (line == b.line && a.value("character", 0u) <= b.character);
}

bool after_or_at(const json& a, LspPosition b) {
  const auto line = a.value("line", 0u);
  return line > b.line || (line == b.line && a.value("character", 0u) >= b.character);
}

/// A value as the schema writes it, for the allowed and default lists.
std::string shown(const json& value) { return "`" + value.dump() + "`"; }

} // namespace

json hover(const FeatureContext& context, const json& params) {
  const RequestedPlace place = requested_place(context, params);
  const OpenDocument& document = place.document;
  const LspPosition position = place.position;
  const std::size_t offset = place.offset;
  std::vector<std::string> sections;
  std::optional<json> range;

  // The key or value under the cursor: what the schema says about it.
  bool on_target = false;
  if (const auto buffer = load_buffer(document.path.string(), document.text)) {
    if (const auto target = target_at(*buffer, offset)) {
      on_target = true;
      if (const auto uri = context.schema_for(document.path.string(), target->document)) {
        const SchemaFacts facts = context.schemas.facts(*uri, target->pointer);
        if (facts.found && (!facts.title.empty() || !facts.description.empty())) {
          std::string text = fmt::format("**{}** `{}`", facts.title.empty() ? last_token(target->pointer) : facts.title,
                                         target->pointer);
          if (!facts.types.empty()) {
            std::string types;
            for (const auto& type : facts.types) types += (types.empty() ? "" : " | ") + type;
            text += fmt::format("\n\nType: `{}`", types);
          }
          if (!facts.description.empty()) text += "\n\n" + facts.description;
          if (!facts.enum_values.empty()) {
            std::string values;
            for (const auto& value : facts.enum_values) values += (values.empty() ? "" : ", ") + shown(value);
            text += "\n\nAllowed: " + values;
          }
          if (facts.default_value) text += "\n\nDefault: " + shown(*facts.default_value);
          sections.push_back(std::move(text));
          range = to_range(buffer->file, target->range.begin, target->range.end, context.encoding);
        }
      }
    }
  }

  // A finding on what is under the cursor: what its rule is about and how
  // to fix it. One spanning several lines (a whole object missing a key)
  // would crowd every hover inside it, so only where there is no key or
  // value to describe.
  for (const auto& d : context.published(document.uri)) {
    if (!d.contains("range") || !d["range"].is_object()) continue;
    const json start = d["range"].value("start", json::object());
    const json end = d["range"].value("end", json::object());
    if (!before_or_at(start, position) || !after_or_at(end, position)) continue;
    if (on_target && start.value("line", 0u) != end.value("line", 0u)) continue;
    const std::string code = d.value("code", "");
    for (const auto& rule : context.rules) {
      if (rule.id != code) continue;
      std::string text = fmt::format("**{}** `{}`: {}", rule.id, rule.name, rule.title);
      if (!rule.description.empty() && rule.description != rule.title) text += "\n\n" + rule.description;
      if (!rule.help.empty()) text += "\n\n*Fix:* " + rule.help;
      text += fmt::format("\n\n[Documentation]({})", rule.help_uri);
      if (std::find(sections.begin(), sections.end(), text) == sections.end()) sections.push_back(std::move(text));
      if (!range) range = d["range"];
    }
  }
  if (sections.empty()) return nullptr;
  std::string value;
  for (const auto& section : sections) value += (value.empty() ? "" : "\n\n---\n\n") + section;
  json out = {{"contents", {{"kind", "markdown"}, {"value", std::move(value)}}}};
  if (range) out["range"] = *range;
  return out;
}

} // namespace claudelint::lsp
