#pragma once
// The editor's open documents: their text as the editor has it, kept in
// step by full and incremental didChange events.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/protocol.h"
#include "source/syntax_cache.h"

namespace claudelint::lsp {

struct OpenDocument {
  std::string uri;            ///< exactly as the client sent it
  std::filesystem::path path; ///< absolute and normalised
  std::string language;       ///< the client's languageId
  std::int64_t version = 0;
  std::string text;
  /// The syntax tree of `text` at its last check, for an incremental reparse.
  std::shared_ptr<source::SyntaxCache> syntax = std::make_shared<source::SyntaxCache>();
};

class DocumentStore {
public:
  /// didOpen; opening an open document again replaces it.
  void open(OpenDocument document);
  /// didChange: applies `changes` (TextDocumentContentChangeEvent[]) in
  /// order, each a whole new text or a `range` replaced, the range in
  /// `encoding`. Throws ProtocolError for an unknown document or a change
  /// that is not one (the document is then left as it was).
  void change(const std::string& uri, std::int64_t version, const nlohmann::json& changes, PositionEncoding encoding);
  /// didClose; false when it was not open.
  bool close(const std::string& uri);
  /// The open document with this URI, or null.
  const OpenDocument* find(const std::string& uri) const;
  /// Every open document, by URI.
  const std::map<std::string, OpenDocument>& documents() const { return documents_; }

private:
  std::map<std::string, OpenDocument> documents_;
};

/// `text` with one TextDocumentContentChangeEvent applied. Throws
/// ProtocolError when the event is malformed or its range ends before it
/// starts.
std::string apply_change(std::string text, const nlohmann::json& change, PositionEncoding encoding);

} // namespace claudelint::lsp
