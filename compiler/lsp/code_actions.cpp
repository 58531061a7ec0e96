#include <set>

#include "lsp/convert.h"
#include "lsp/features.h"
#include "source/file_kind.h"

namespace claudelint::lsp {

using nlohmann::json;

namespace {

/// The comment marker of a file kind that has comments; empty for strict
/// JSON (a manifest `ignore:` entry silences findings there) and key files.
std::string comment_marker(source::FileKind kind) {
  switch (kind) {
  case source::FileKind::yaml:
  case source::FileKind::dotenv:
  case source::FileKind::shell:
    return "#";
  case source::FileKind::jsonc:
    return "//";
  default:
    return "";
  }
}

/// A WorkspaceEdit inserting `text` at one position of `uri`.
json insertion(const std::string& uri, LspPosition at, std::string text) {
  json edit = json::object();
  edit["range"] = {{"start", to_json(at)}, {"end", to_json(at)}};
  edit["newText"] = std::move(text);
  json changes = json::object();
  changes[uri] = json::array({std::move(edit)});
  return {{"changes", std::move(changes)}};
}

/// The code action that silences finding `code` at `line` with a comment:
/// a new `disable=` line above it, or the rule added to the one already there.
std::optional<json> suppression(const OpenDocument& document, const std::string& marker, const std::string& code,
                                std::uint32_t line, PositionEncoding encoding) {
  const model::LineIndex lines(document.text);
  if (line >= lines.line_count()) return std::nullopt;
  const std::string_view text = lines.line_text(document.text, line + 1);
  // Nothing may go above a script's shebang.
  if (line == 0 && text.starts_with("#!")) return std::nullopt;
  if (line > 0) {
    const std::string_view above = lines.line_text(document.text, line);
    const auto start = above.find_first_not_of(" \t");
    const auto disable = above.find("claudelint: disable=");
    if (start != std::string_view::npos && above.substr(start).starts_with(marker) && disable != std::string_view::npos) {
      const std::size_t list = disable + std::string_view("claudelint: disable=").size();
      std::size_t end = above.find_first_of(" \t", list);
      if (end == std::string_view::npos) end = above.size();
      for (std::string_view rules = above.substr(list, end - list); !rules.empty();) {
        const auto comma = rules.find(',');
        if (rules.substr(0, comma) == code) return std::nullopt; // already silenced there
        rules = comma == std::string_view::npos ? std::string_view() : rules.substr(comma + 1);
      }
      const std::size_t offset = lines.line_start(line) + end;
      const LspPosition at = to_position(document.text, lines, offset, encoding);
      return json{{"title", "Suppress " + code + " here (add it to the claudelint comment above)"},
                  {"kind", "quickfix"},
                  {"edit", insertion(document.uri, at, "," + code)}};
    }
  }
  const std::size_t line_end = lines.line_start(line + 1) + text.size();
  const bool crlf = line_end < document.text.size() && document.text[line_end] == '\r';
  const std::string indent(text.substr(0, std::min(text.find_first_not_of(" \t"), text.size())));
  return json{{"title", "Suppress " + code + " on this line with a claudelint comment"},
              {"kind", "quickfix"},
              {"edit", insertion(document.uri, {line, 0},
                                 indent + marker + " claudelint: disable=" + code + " -- <reason>" + (crlf ? "\r\n" : "\n"))}};
}

} // namespace

json code_actions(const FeatureContext& context, const json& params) {
  const OpenDocument& document = requested_document(context, params);
  source::FileKind kind = source::classify(document.path.generic_string());
  if (kind == source::FileKind::unknown && source::has_shell_shebang(std::string_view(document.text).substr(0, 128)))
    kind = source::FileKind::shell;
  const std::string marker = comment_marker(kind);
  const json diagnostics = params.value("context", json::object()).value("diagnostics", json::array());
  json out = json::array();
  std::set<std::string> offered;
  const auto offer = [&](json action, const json& diagnostic) {
    const std::string key = action["title"].get<std::string>() + action["edit"].dump();
    if (!offered.insert(key).second) return;
    action["diagnostics"] = json::array({diagnostic});
    out.push_back(std::move(action));
  };
  for (const auto& d : diagnostics) {
    if (!d.is_object() || d.value("source", "") != "claudelint" || !d.contains("code") || !d["code"].is_string()) continue;
    const std::string code = d["code"];
    const json data = d.value("data", json::object());
    if (data.is_object() && data.contains("fix") && data["fix"].is_object()) {
      const json& fix = data["fix"];
      json action = {{"title", fix.value("title", "fix")},
                     {"kind", "quickfix"},
                     {"edit", {{"changes", fix.value("changes", json::object())}}}};
      if (fix.value("safe", false)) action["isPreferred"] = true;
      offer(std::move(action), d);
    }
    // A syntax error is to be fixed, and a suppression's own findings are
    // about the comment itself.
    if (marker.empty() || code == "CL0001" || code == "CL0016" || code == "CL0017") continue;
    const json range = d.value("range", json::object());
    const auto line = position_from_json(range.is_object() ? range.value("start", json()) : json()).line;
    if (auto action = suppression(document, marker, code, line, context.encoding)) offer(std::move(*action), d);
  }
  return out;
}

} // namespace claudelint::lsp
