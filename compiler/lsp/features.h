#pragma once
// The requests an editor makes about a position in an open document:
// code actions, hover and completion.
#include <nlohmann/json.hpp>

#include "lsp/documents.h"
#include "lsp/protocol.h"

namespace claudelint::lsp {

/// textDocument/codeAction: CodeAction[] for the diagnostics in the request's context.
nlohmann::json code_actions(const DocumentStore& documents, const nlohmann::json& params, PositionEncoding encoding);

/// textDocument/hover: a Hover, or null.
nlohmann::json hover(const DocumentStore& documents, const nlohmann::json& params, PositionEncoding encoding);

/// textDocument/completion: CompletionItem[].
nlohmann::json completion(const DocumentStore& documents, const nlohmann::json& params, PositionEncoding encoding);

} // namespace claudelint::lsp
