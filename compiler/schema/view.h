#pragma once
// The document valijson parses, derived from the bundled schema. valijson
// keeps the keywords it evaluates correctly (allOf, not, if/then/else, items,
// contains, dependencies, enum, const, required, the bounds, uniqueItems and
// `$ref`). What it gets wrong or cannot report well (type, format, pattern,
// multipleOf, content*, properties/patternProperties/additionalProperties,
// propertyNames, anyOf, oneOf) moves into one custom keyword per schema
// object, `x-claudelint`, whose value indexes a SchemaNode. That keyword is
// also the end-of-subschema marker that ties each error to its subschema.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/regex.h"

namespace claudelint::schema {

/// The custom keyword valijson sees on every schema object of the view.
inline constexpr const char* custom_keyword = "x-claudelint";

/// One `patternProperties` entry.
struct PatternRule {
  std::string pattern;
  std::shared_ptr<const Regex> regex;
  std::size_t aux = 0;
};

/// One schema object (or `false`) of the bundled document, with what our
/// constraint evaluates for it. `aux` numbers index the auxiliary subschemas.
struct SchemaNode {
  std::string pointer;               ///< RFC 6901 pointer into the bundled document
  std::vector<std::string> keywords; ///< its keys in the bundled document, sorted
  bool is_false = false;             ///< the boolean schema `false`
  std::string parent_keyword;        ///< the keyword holding it (`additionalProperties`, …); empty when reached by `$ref`
  std::string parent_pointer;        ///< the schema object holding it

  std::optional<std::vector<std::string>> types;
  std::optional<std::string> format;
  std::optional<std::string> pattern;
  std::shared_ptr<const Regex> pattern_regex;
  std::optional<nlohmann::json> multiple_of;
  std::optional<std::string> content_encoding;
  std::optional<std::string> content_media_type;
  bool unique_items = false; ///< evaluated by sorting, not valijson's pairwise O(n²) loop
  bool checks_properties = false; ///< properties / patternProperties / additionalProperties present
  std::map<std::string, std::size_t> properties;
  std::vector<PatternRule> pattern_properties;
  std::optional<std::size_t> additional_properties;
  std::optional<std::size_t> property_names;
  std::vector<std::size_t> any_of;
  std::vector<std::size_t> one_of;

  bool has_keyword(std::string_view keyword) const;
};

struct View {
  /// `{"$ref": "#/a", "a": {"allOf": [aux…]}, "r": root}`: parsing it yields
  /// an allOf whose children are the auxiliary subschemas, the first being
  /// the schema itself.
  nlohmann::json document;
  std::vector<SchemaNode> nodes; ///< indexed by the value of `x-claudelint`
  std::size_t aux_count = 0;     ///< number of auxiliary subschemas (children of `/a/allOf`)
  /// Keyword values we cannot evaluate: bundled pointer and reason.
  std::vector<std::pair<std::string, std::string>> errors;
};

/// Builds the view of a bundled document (all `$ref`s local, draft 7).
View make_view(const nlohmann::json& bundled);

} // namespace claudelint::schema
