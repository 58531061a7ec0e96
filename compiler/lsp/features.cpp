#include "lsp/features.h"

namespace claudelint::lsp {

nlohmann::json code_actions(const DocumentStore&, const nlohmann::json&, PositionEncoding) {
  return nlohmann::json::array();
}

nlohmann::json hover(const DocumentStore&, const nlohmann::json&, PositionEncoding) { return nullptr; }

nlohmann::json completion(const DocumentStore&, const nlohmann::json&, PositionEncoding) {
  return nlohmann::json::array();
}

} // namespace claudelint::lsp
