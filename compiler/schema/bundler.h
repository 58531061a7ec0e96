#pragma once
// Reference resolution and bundling: turns a schema and everything its
// `$ref`s reach into ONE self-contained draft-07 document whose `$ref`s are
// all local JSON pointers, so valijson never resolves a URI itself.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/engine.h"

namespace claudelint::schema {

struct Bundle {
  /// The self-contained schema; nullopt when the schema cannot be used.
  std::optional<nlohmann::json> document;
  Draft draft = Draft::draft7;             ///< the draft of the root document
  std::vector<SchemaProblem> problems;     ///< errors (document empty) or warnings
};

/// Resolves every `$ref` of `root` (whose retrieval URI is `uri`, possibly
/// empty) and of the documents `fetch` serves, and rewrites them into one
/// document:
/// - `$ref`s point at `#/…` locations (remote documents and targets that a
///   plain pointer cannot reach are copied under `definitions/__claudelint_bundle`);
/// - `id`/`$id` and the `$schema` of non-root documents are removed, the
///   root's `$schema` names draft 7;
/// - draft-4 `exclusiveMaximum: true` becomes draft-7 form, keywords a draft
///   does not have are dropped, integral decimals in integer keywords
///   (`maxItems: 2.0`) become integers.
/// Never throws for any input.
Bundle bundle(const nlohmann::json& root, const std::string& uri, const Fetch& fetch);

/// Percent-encodes an RFC 6901 pointer into a `$ref` fragment (`#/a~1b`).
std::string pointer_reference(const std::string& pointer);

/// Splits an RFC 6901 pointer into unescaped tokens; nullopt when malformed.
std::optional<std::vector<std::string>> split_pointer(std::string_view pointer);

} // namespace claudelint::schema
