#pragma once
// Between claudelint's byte ranges and LSP positions, and from a
// Diagnostic to an LSP Diagnostic. Lines are those of model::LineIndex
// (ended by '\n'; a '\r' before it belongs to the line's content).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lsp/protocol.h"
#include "model/diagnostic.h"
#include "model/source_file.h"

namespace claudelint::lsp {

/// An LSP position: 0-based line, 0-based character in the negotiated encoding.
struct LspPosition {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

/// The position of byte `offset` of `text` (clamped to its size).
LspPosition to_position(std::string_view text, const model::LineIndex& lines, std::size_t offset,
                        PositionEncoding encoding);

/// The byte offset of `position` in `text`. Past the end of its line means
/// the end of the line (before a '\r\n'); past the last line, the end of
/// the text; inside a UTF-8 sequence or a surrogate pair, the start of
/// that character.
std::size_t to_offset(std::string_view text, const model::LineIndex& lines, LspPosition position,
                      PositionEncoding encoding);

/// `{"line": l, "character": c}`.
nlohmann::json to_json(LspPosition position);

/// The LSP Range of bytes [begin, end) of `file`.
nlohmann::json to_range(const model::SourceFile& file, std::size_t begin, std::size_t end, PositionEncoding encoding);

/// Reads an LSP Position (`{"line", "character"}`); throws ProtocolError
/// when it is not one.
LspPosition position_from_json(const nlohmann::json& position);

/// An LSP Diagnostic: range, severity, code (the rule id), codeDescription,
/// source "claudelint", the message with its help on a second line, and the
/// related locations (`uri_of` names the file of each).
nlohmann::json to_lsp_diagnostic(const model::Diagnostic& diagnostic, const model::SourceManager& sources,
                                 const std::function<std::string(model::FileId)>& uri_of,
                                 PositionEncoding encoding);

} // namespace claudelint::lsp
