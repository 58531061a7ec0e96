#include "lsp/features.h"

#include "lsp/convert.h"

namespace claudelint::lsp {

const OpenDocument& requested_document(const FeatureContext& context, const nlohmann::json& params) {
  const auto item = params.is_object() ? params.find("textDocument") : params.end();
  if (!params.is_object() || item == params.end() || !item->is_object() || !item->contains("uri") ||
      !(*item)["uri"].is_string())
    throw ProtocolError(error_code::invalid_params, "the request needs a 'textDocument' with a 'uri'");
  const auto* document = context.documents.find((*item)["uri"].get<std::string>());
  if (!document) throw ProtocolError(error_code::invalid_params, "the document is not open: " + (*item)["uri"].get<std::string>());
  return *document;
}

RequestedPlace requested_place(const FeatureContext& context, const nlohmann::json& params) {
  const OpenDocument& document = requested_document(context, params);
  RequestedPlace place{document, position_from_json(params.value("position", nlohmann::json())),
                       model::LineIndex(document.text), 0};
  place.offset = to_offset(document.text, place.lines, place.position, context.encoding);
  return place;
}

} // namespace claudelint::lsp
