#include <cctype>
#include <set>

#include "lsp/convert.h"
#include "lsp/features.h"

namespace claudelint::lsp {

using nlohmann::json;

namespace {

constexpr int property_kind = 10;    // CompletionItemKind.Property
constexpr int enum_member_kind = 20; // CompletionItemKind.EnumMember

bool is_json(source::FileKind kind) { return kind == source::FileKind::json || kind == source::FileKind::jsonc; }

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; }

/// The object a JSON cursor is inside: the innermost object value whose
/// braces hold `offset`.
std::string json_container(const model::Document& document, std::size_t offset) {
  std::string best;
  std::size_t best_size = SIZE_MAX;
  for (const auto& pointer : document.map.pointers()) {
    const auto span = document.map.find(pointer);
    if (offset <= span->value.begin || offset >= span->value.end) continue;
    const json* value = nullptr;
    try {
      value = &document.value.at(json::json_pointer(pointer));
    } catch (const json::exception&) {
    }
    if (!value || !value->is_object() || span->value.end - span->value.begin >= best_size) continue;
    best = pointer;
    best_size = span->value.end - span->value.begin;
  }
  return best;
}

/// The mapping a YAML (or .env) line indented by `indent` belongs to,
/// judged from the keys on the lines above it: the nearest key at the same
/// indentation is a sibling, the nearest less indented one the parent.
std::string indented_container(const LoadedBuffer& buffer, const model::Document& document, std::uint32_t line,
                               std::size_t indent) {
  std::string best;
  std::size_t best_begin = 0;
  bool found = false;
  for (const auto& pointer : document.map.pointers()) {
    const auto span = document.map.find(pointer);
    if (!span->key) continue;
    const auto at = buffer.file.position(span->key->begin);
    if (at.line - 1 >= line || (found && span->key->begin < best_begin)) continue;
    // Only the nearest key above at this depth or shallower decides.
    const std::size_t column = at.column - 1;
    if (column > indent) continue;
    best = column == indent ? parent_pointer(pointer) : pointer;
    best_begin = span->key->begin;
    found = true;
  }
  return best;
}

std::string plain(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

} // namespace

json completion(const FeatureContext& context, const json& params) {
  const RequestedPlace place = requested_place(context, params);
  const OpenDocument& document = place.document;
  const LspPosition position = place.position;
  const model::LineIndex& lines = place.lines;
  const std::size_t offset = place.offset;
  json items = json::array();
  const auto buffer = load_buffer(document.path.string(), document.text);
  if (!buffer || buffer->kind == source::FileKind::shell || buffer->documents.empty()) return items;
  const std::size_t index = buffer->documents.size() == 1 ? 0 : [&] {
    // The YAML document the cursor is in: the last one starting before it.
    std::size_t i = 0;
    for (std::size_t d = 0; d < buffer->documents.size(); ++d) {
      const auto root = buffer->documents[d].map.find("");
      if (root && root->value.begin <= offset) i = d;
    }
    return i;
  }();
  const model::Document& loaded = buffer->documents[index];
  const auto schema = context.schema_for(document.path.string(), index);
  if (!schema) return items;

  const std::size_t line_start = lines.line_start(position.line + 1);
  const std::string_view prefix = std::string_view(document.text).substr(line_start, offset - line_start);
  const std::size_t indent = std::min(prefix.find_first_not_of(" \t"), prefix.size());
  const bool json_file = is_json(buffer->kind);
  std::string container = json_file ? json_container(loaded, offset)
                                    : indented_container(*buffer, loaded, position.line, indent);

  // After `key:` (`"key":` in JSON): the values the schema allows there.
  const std::size_t colon = prefix.rfind(':');
  if (colon != std::string_view::npos && buffer->kind != source::FileKind::dotenv) {
    std::string_view key = prefix.substr(0, colon);
    while (!key.empty() && (key.back() == ' ' || key.back() == '"' || key.back() == '\'')) key.remove_suffix(1);
    std::size_t start = key.size();
    while (start > 0 && is_word(key[start - 1])) --start;
    const std::string_view after = prefix.substr(colon + 1);
    const bool value_position = start < key.size() && after.find_first_of(",{}[]") == std::string_view::npos;
    if (value_position) {
      const bool quoted = after.find('"') != std::string_view::npos || after.find('\'') != std::string_view::npos;
      const SchemaFacts facts = context.schemas.facts(*schema, container + "/" + std::string(key.substr(start)));
      for (const auto& value : facts.enum_values) {
        json item = {{"label", plain(value)}, {"kind", enum_member_kind}};
        if (json_file && !quoted) item["insertText"] = value.dump();
        items.push_back(std::move(item));
      }
      return items;
    }
  }

  // Elsewhere: the keys the schema allows in the enclosing object, less those it has.
  const SchemaFacts facts = context.schemas.facts(*schema, container);
  std::set<std::string> present;
  try {
    const json& object = loaded.value.at(json::json_pointer(container));
    if (object.is_object())
      for (auto it = object.begin(); it != object.end(); ++it) present.insert(it.key());
  } catch (const json::exception&) {
  }
  std::size_t word = prefix.size();
  while (word > 0 && is_word(prefix[word - 1])) --word;
  const bool after_quote = word > 0 && prefix[word - 1] == '"';
  for (const auto& property : facts.properties) {
    const std::string& name = property.first;
    if (present.contains(name) && prefix.substr(word) != name) continue;
    json item = {{"label", name}, {"kind", property_kind}};
    if (const auto type = facts.property_types.find(name); type != facts.property_types.end() && !type->second.empty())
      item["detail"] = type->second;
    if (!property.second.empty()) item["documentation"] = {{"kind", "markdown"}, {"value", property.second}};
    if (json_file) item["insertText"] = after_quote ? name : "\"" + name + "\": ";
    else if (buffer->kind == source::FileKind::dotenv) item["insertText"] = name + "=";
    else item["insertText"] = name + ": ";
    items.push_back(std::move(item));
  }
  return items;
}

} // namespace claudelint::lsp
