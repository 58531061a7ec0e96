#include "schema/dialect.h"

#include "model/document.h"

namespace claudelint::schema {

using nlohmann::json;

std::optional<Dialect> dialect_from_uri(std::string_view uri) {
  if (uri.ends_with("#")) uri.remove_suffix(1);
  if (uri.starts_with("https://")) uri.remove_prefix(8);
  else if (uri.starts_with("http://")) uri.remove_prefix(7);
  else return std::nullopt;
  if (uri == "json-schema.org/draft-04/schema") return Dialect::draft4;
  if (uri == "json-schema.org/draft-06/schema") return Dialect::draft6;
  if (uri == "json-schema.org/draft-07/schema") return Dialect::draft7;
  if (uri == "json-schema.org/draft/2019-09/schema") return Dialect::draft2019_09;
  if (uri == "json-schema.org/draft/2020-12/schema") return Dialect::draft2020_12;
  return std::nullopt;
}

std::string dialect_name(Dialect dialect) {
  switch (dialect) {
  case Dialect::draft4: return "draft 4";
  case Dialect::draft6: return "draft 6";
  case Dialect::draft7: return "draft 7";
  case Dialect::draft2019_09: return "draft 2019-09";
  case Dialect::draft2020_12: return "draft 2020-12";
  }
  return "an unknown draft";
}

std::string draft_name(Draft draft) {
  switch (draft) {
  case Draft::draft4: return dialect_name(Dialect::draft4);
  case Draft::draft6: return dialect_name(Dialect::draft6);
  case Draft::draft7: return dialect_name(Dialect::draft7);
  }
  return dialect_name(Dialect::draft7);
}

std::string draft_uri(Draft draft) {
  switch (draft) {
  case Draft::draft4: return "http://json-schema.org/draft-04/schema#";
  case Draft::draft6: return "http://json-schema.org/draft-06/schema#";
  case Draft::draft7: return "http://json-schema.org/draft-07/schema#";
  }
  return "http://json-schema.org/draft-07/schema#";
}

bool ignored_in(std::string_view keyword, Draft draft) {
  if (draft == Draft::draft7) return false;
  if (keyword == "if" || keyword == "then" || keyword == "else" || keyword == "contentMediaType" ||
      keyword == "contentEncoding")
    return true;
  return draft == Draft::draft4 && (keyword == "const" || keyword == "contains" || keyword == "propertyNames");
}

Holds holds(std::string_view keyword, Draft draft) {
  if (ignored_in(keyword, draft)) return Holds::nothing;
  if (keyword == "additionalItems" || keyword == "additionalProperties" || keyword == "not" ||
      keyword == "contains" || keyword == "propertyNames" || keyword == "if" || keyword == "then" ||
      keyword == "else")
    return Holds::schema;
  if (keyword == "items") return Holds::schema_or_array;
  if (keyword == "allOf" || keyword == "anyOf" || keyword == "oneOf") return Holds::schema_array;
  if (keyword == "properties" || keyword == "patternProperties" || keyword == "definitions") return Holds::schema_map;
  if (keyword == "dependencies") return Holds::dependencies;
  return Holds::nothing;
}

void for_each_subschema(const json& schema, Draft draft, const std::function<void(const SubschemaSlot&)>& visit) {
  if (!schema.is_object()) return;
  for (const auto& [keyword, value] : schema.items()) {
    const Holds held = holds(keyword, draft);
    if (held == Holds::nothing) continue; // most keywords: no pointer to build
    const std::string prefix = model::append_pointer("", keyword);
    switch (held) {
    case Holds::nothing: break;
    case Holds::schema: visit({keyword, prefix, value}); break;
    case Holds::schema_or_array:
      if (!value.is_array()) {
        visit({keyword, prefix, value});
        break;
      }
      [[fallthrough]];
    case Holds::schema_array:
      if (value.is_array())
        for (std::size_t i = 0; i < value.size(); ++i) visit({keyword, model::append_pointer(prefix, i), value[i]});
      break;
    case Holds::schema_map:
      if (value.is_object())
        for (const auto& [name, child] : value.items()) visit({keyword, model::append_pointer(prefix, name), child});
      break;
    case Holds::dependencies:
      // Array values list property names; only object (or boolean) values are schemas.
      if (value.is_object())
        for (const auto& [name, child] : value.items())
          if (!child.is_array()) visit({keyword, model::append_pointer(prefix, name), child});
      break;
    }
  }
}

} // namespace claudelint::schema
