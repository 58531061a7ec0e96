#pragma once
// What each draft means by a schema: which `$schema` URI names it, which
// keywords hold subschemas (the only places `$id` and `$ref` are keywords),
// and which later keywords it must ignore.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "schema/engine.h"

namespace claudelint::schema {

/// The drafts a `$schema` URI can name; only draft4/6/7 are supported.
enum class Dialect { draft4, draft6, draft7, draft2019_09, draft2020_12 };

/// The dialect a `$schema` value names (`http(s)://json-schema.org/…`, with
/// or without a trailing `#`); nullopt for any other URI.
std::optional<Dialect> dialect_from_uri(std::string_view schema_uri);

/// "draft 2019-09", "draft 7", … for messages.
std::string dialect_name(Dialect dialect);

/// "draft 4", "draft 6" or "draft 7", for messages.
std::string draft_name(Draft draft);

/// The `$schema` URI of a supported draft (`http://json-schema.org/draft-07/schema#`).
std::string draft_uri(Draft draft);

/// The keyword that sets a base URI: `id` in draft 4, `$id` after.
inline const char* id_keyword(Draft draft) { return draft == Draft::draft4 ? "id" : "$id"; }

/// One subschema position directly below a schema object.
struct SubschemaSlot {
  std::string_view keyword; ///< `properties`, `items`, …
  std::string suffix;       ///< escaped pointer from the parent schema (`/properties/a~1b`)
  const nlohmann::json& node;
};

/// Calls `visit` for each value in a subschema position of the schema
/// object `schema`, as `draft` defines them (the keyword must hold the right
/// JSON type; anything else is data). Values of any type are passed: the
/// caller decides what a non-object means.
void for_each_subschema(const nlohmann::json& schema, Draft draft,
                        const std::function<void(const SubschemaSlot&)>& visit);

/// Whether `keyword` of a schema object holds subschemas (directly or in an
/// array/object) in `draft`; used to follow a JSON pointer through a schema.
enum class Holds { nothing, schema, schema_array, schema_map, schema_or_array, dependencies };
Holds holds(std::string_view keyword, Draft draft);

/// Keywords of draft 7 that an older draft does not have and must ignore.
bool ignored_in(std::string_view keyword, Draft draft);

} // namespace claudelint::schema
