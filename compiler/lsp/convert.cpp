#include "lsp/convert.h"

#include <algorithm>

#include "driver/catalog.h"

namespace claudelint::lsp {

namespace {

/// Bytes in the UTF-8 sequence led by `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

} // namespace

LspPosition to_position(std::string_view text, const model::LineIndex& lines, std::size_t offset,
                        PositionEncoding encoding) {
  offset = std::min(offset, text.size());
  const model::Position position = lines.position(offset);
  const std::uint32_t character =
      encoding == PositionEncoding::utf8 ? position.column - 1 : lines.utf16_column(text, offset);
  return {position.line - 1, character};
}

std::size_t to_offset(std::string_view text, const model::LineIndex& lines, LspPosition position,
                      PositionEncoding encoding) {
  if (position.line >= lines.line_count()) return text.size();
  const std::size_t begin = lines.line_start(position.line + 1);
  const std::string_view content = lines.line_text(text, position.line + 1);
  std::size_t i = 0;
  if (encoding == PositionEncoding::utf8) {
    i = std::min<std::size_t>(position.character, content.size());
    while (i > 0 && i < content.size() && is_continuation(static_cast<unsigned char>(content[i]))) --i;
    return begin + i;
  }
  std::uint32_t units = 0;
  while (i < content.size() && units < position.character) {
    const std::size_t length = std::min(sequence_length(static_cast<unsigned char>(content[i])), content.size() - i);
    const std::uint32_t width = length == 4 ? 2 : 1;
    if (units + width > position.character) break; // inside a surrogate pair
    units += width;
    i += length;
  }
  return begin + i;
}

nlohmann::json to_json(LspPosition position) {
  return {{"line", position.line}, {"character", position.character}};
}

nlohmann::json to_range(const model::SourceFile& file, std::size_t begin, std::size_t end, PositionEncoding encoding) {
  return {{"start", to_json(to_position(file.text(), file.lines(), begin, encoding))},
          {"end", to_json(to_position(file.text(), file.lines(), std::max(begin, end), encoding))}};
}

LspPosition position_from_json(const nlohmann::json& position) {
  const auto number = [&](const char* name) {
    const auto it = position.is_object() ? position.find(name) : position.end();
    if (!position.is_object() || it == position.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() > INT32_MAX)
      throw ProtocolError(error_code::invalid_params, std::string("a Position needs a non-negative integer '") + name + "'");
    return static_cast<std::uint32_t>(it->get<std::int64_t>());
  };
  return {number("line"), number("character")};
}

nlohmann::json to_lsp_diagnostic(const model::Diagnostic& diagnostic, const model::SourceManager& sources,
                                 const std::function<std::string(model::FileId)>& uri_of,
                                 PositionEncoding encoding) {
  const auto& file = sources.file(diagnostic.range.file);
  nlohmann::json out;
  out["range"] = to_range(file, diagnostic.range.begin, diagnostic.range.end, encoding);
  out["severity"] = diagnostic.severity == model::Severity::error     ? 1
                    : diagnostic.severity == model::Severity::warning ? 2
                                                                      : 3;
  out["code"] = diagnostic.rule.code;
  out["codeDescription"] = {{"href", driver::documentation_url(diagnostic.rule.code)}};
  out["source"] = "claudelint";
  out["message"] = diagnostic.help ? diagnostic.message + "\nhelp: " + *diagnostic.help : diagnostic.message;
  if (!diagnostic.related.empty()) {
    auto& related = out["relatedInformation"] = nlohmann::json::array();
    for (const auto& r : diagnostic.related) {
      const auto& where = sources.file(r.range.file);
      related.push_back({{"location", {{"uri", uri_of(r.range.file)}, {"range", to_range(where, r.range.begin, r.range.end, encoding)}}},
                         {"message", r.message}});
    }
  }
  // What code actions need to know about the finding without re-running.
  nlohmann::json data = {{"rule", diagnostic.rule.name}};
  if (diagnostic.pointer) data["pointer"] = *diagnostic.pointer;
  if (diagnostic.environment) data["environment"] = *diagnostic.environment;
  // The finding's own fix, ready to become a quick fix.
  if (diagnostic.fix && !diagnostic.fix->edits.empty()) {
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& edit : diagnostic.fix->edits)
      changes[uri_of(edit.range.file)].push_back(
          {{"range", to_range(sources.file(edit.range.file), edit.range.begin, edit.range.end, encoding)},
           {"newText", edit.replacement}});
    data["fix"] = {{"title", diagnostic.fix->title},
                   {"safe", diagnostic.fix->applicability == model::Applicability::safe},
                   {"changes", std::move(changes)}};
  }
  out["data"] = std::move(data);
  return out;
}

} // namespace claudelint::lsp
