#pragma once
// Normalization of a compiled section with its schema's help: values whose
// schema says `"x-unit": "size"` become bytes, `"x-unit": "duration"` become
// milliseconds (bare numbers in the unit `"x-number-unit"` names), and schema
// `default`s are filled in where a key is absent. Nothing else is coerced.
// Units and conventions: docs/compiled-environment.md.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compile/compiled.h"
#include "model/diagnostic.h"
#include "model/source_file.h"
#include "schema/registry.h"

namespace claudelint::compile {

/// A section of a compiled document and the schema that describes it.
struct SectionSchema {
  std::string section_pointer; ///< "/deployment"
  /// Where the section sits in a document of that schema: "" for a whole
  /// document, "/production" for a section of a split file, "/notifications"
  /// for an unwrapped single key.
  std::string schema_pointer;
  std::string schema_uri;
};

struct NormalizeInput {
  const schema::Registry& registry;
  const model::SourceManager& sources;
  /// (file, source pointer) of values the schema stage already reported:
  /// they are left as they are, without a second finding.
  const std::set<std::pair<model::FileId, std::string>>& schema_findings;
};

/// Normalizes `section` of `environment` in place, recording the origin of
/// each default, and appends findings about malformed units.
void normalize_section(CompiledEnvironment& environment, const SectionSchema& section, const NormalizeInput& input,
                       std::vector<model::Diagnostic>& diagnostics);

} // namespace claudelint::compile
