#pragma once
#include "driver/driver.h"
#include "schema/registry.h"

namespace claudelint::driver {

/// The schema registry of a run: built-in schemas plus `--ref-map` folders.
schema::Registry make_registry(const Options& options);

/// Validates every loaded document against the schema that applies to it
/// (`--schema`, else the document's `$schema`, else the manifest's mapping
/// for its tree, else the built-in schema for its file name), records that
/// schema in `result.inputs`, and appends the findings to `result.diagnostics`.
void validate_schemas(const Options& options, const schema::Registry& registry, RunResult& result);

} // namespace claudelint::driver
