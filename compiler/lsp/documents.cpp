#include "lsp/documents.h"

#include "lsp/convert.h"
#include "model/source_file.h"

namespace claudelint::lsp {

std::string apply_change(std::string text, const nlohmann::json& change, PositionEncoding encoding) {
  if (!change.is_object() || !change.contains("text") || !change["text"].is_string())
    throw ProtocolError(error_code::invalid_params, "a content change needs a string 'text'");
  const auto range = change.find("range");
  if (range == change.end()) return change["text"].get<std::string>();
  if (!range->is_object() || !range->contains("start") || !range->contains("end"))
    throw ProtocolError(error_code::invalid_params, "a content change's 'range' needs 'start' and 'end'");
  const model::LineIndex lines(text);
  const std::size_t begin = to_offset(text, lines, position_from_json((*range)["start"]), encoding);
  const std::size_t end = to_offset(text, lines, position_from_json((*range)["end"]), encoding);
  if (end < begin) throw ProtocolError(error_code::invalid_params, "a content change's range ends before it starts");
  text.replace(begin, end - begin, change["text"].get_ref<const std::string&>());
  return text;
}

void DocumentStore::open(OpenDocument document) {
  const std::string uri = document.uri;
  documents_[uri] = std::move(document);
}

void DocumentStore::change(const std::string& uri, std::int64_t version, const nlohmann::json& changes,
                           PositionEncoding encoding) {
  const auto found = documents_.find(uri);
  if (found == documents_.end()) throw ProtocolError(error_code::invalid_params, "didChange for a document that is not open: " + uri);
  if (!changes.is_array()) throw ProtocolError(error_code::invalid_params, "didChange needs a 'contentChanges' array");
  std::string text = found->second.text;
  for (const auto& change : changes) text = apply_change(std::move(text), change, encoding);
  found->second.text = std::move(text);
  found->second.version = version;
}

bool DocumentStore::close(const std::string& uri) { return documents_.erase(uri) > 0; }

const OpenDocument* DocumentStore::find(const std::string& uri) const {
  const auto found = documents_.find(uri);
  return found == documents_.end() ? nullptr : &found->second;
}

} // namespace claudelint::lsp
