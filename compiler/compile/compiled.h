#pragma once
// The compiled environment document: the contract policy rules are written
// against (docs/compiled-environment.md), and the provenance of each value.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/position.h"

namespace claudelint::compile {

/// Where one value of a compiled document was set.
struct Origin {
  /// The source file; nullopt for a value filled in from a schema `default`.
  std::optional<model::FileId> file;
  model::ByteRange value;              ///< the value's bytes in `file`
  std::optional<model::ByteRange> key; ///< the key that introduced it
  std::string layer;                   ///< "shared", "environment", "extends staging", "schema default"
  std::string source_pointer;          ///< pointer in the source document, or in the schema
  std::string schema;                  ///< for a default: the schema's URI
};

/// A secret's value as far as anyone may know it: a salted hash (the salt
/// is random per process, so equal values compare equal within one run and
/// the hash means nothing outside it) and where it is written. Never in the
/// compiled document or an artifact.
struct SecretValue {
  std::string fingerprint;
  Origin origin;
};

/// One environment of one tree, compiled.
struct CompiledEnvironment {
  std::string tree; ///< display path of the tree's folder
  std::string name;
  nlohmann::json document;
  /// Every pointer of `document` → the layers that set it, oldest first; the
  /// last one is the value's origin.
  std::map<std::string, std::vector<Origin>> provenance;
  /// False when a layer had syntax errors: parts of it may be missing, so
  /// cross-environment checks skip this environment.
  bool complete = true;
  /// Key name → its value's fingerprint, for the keys the environment's key
  /// sources define with a real value (not a placeholder, not a template).
  std::map<std::string, SecretValue> secret_values;

  /// The origin of the value at `pointer`, or of its nearest ancestor that
  /// has one (for a key that is absent here).
  const Origin* origin(std::string_view pointer) const;
};

} // namespace claudelint::compile
