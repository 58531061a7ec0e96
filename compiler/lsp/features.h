#pragma once
// The requests an editor makes about a place in an open document: code
// actions (inline suppressions and the findings' own fixes), hover (the
// schema's description of a key, the rule behind a finding) and completion
// (the keys and enum values the schema allows there).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lsp/convert.h"
#include "lsp/documents.h"
#include "lsp/lookup.h"
#include "lsp/protocol.h"
#include "report/render.h"

namespace claudelint::lsp {

/// What the features need from the server besides the request.
struct FeatureContext {
  const DocumentStore& documents;
  PositionEncoding encoding;
  SchemaNavigator& schemas;
  /// The schema URI each document of the file at an absolute path was last
  /// validated against (by document index); nullopt when unknown.
  std::function<std::optional<std::string>(const std::string& path, std::size_t document)> schema_for;
  /// Every rule claudelint knows, for explaining a finding.
  const std::vector<report::RuleInfo>& rules;
  /// The diagnostics last published for a URI (an array; empty when none).
  std::function<nlohmann::json(const std::string& uri)> published;
};

/// textDocument/codeAction: CodeAction[] for the request's diagnostics.
nlohmann::json code_actions(const FeatureContext& context, const nlohmann::json& params);

/// textDocument/hover: a Hover, or null.
nlohmann::json hover(const FeatureContext& context, const nlohmann::json& params);

/// textDocument/completion: CompletionItem[].
nlohmann::json completion(const FeatureContext& context, const nlohmann::json& params);

/// The open document a request names (`textDocument.uri`); throws
/// ProtocolError when it is not open.
const OpenDocument& requested_document(const FeatureContext& context, const nlohmann::json& params);

/// The place a request points at: its document and `position`, with the
/// document's lines and the position as a byte offset.
struct RequestedPlace {
  const OpenDocument& document;
  LspPosition position;
  model::LineIndex lines;
  std::size_t offset = 0;
};
RequestedPlace requested_place(const FeatureContext& context, const nlohmann::json& params);

} // namespace claudelint::lsp
