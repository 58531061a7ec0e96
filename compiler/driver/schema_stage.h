#pragma once
#include "driver/driver.h"

namespace claudelint::driver {

/// Validates every loaded document against the schema that applies to it
/// (`--schema`, else the document's `$schema`, else the built-in schema for
/// its file name) and appends the findings to `result.diagnostics`.
void validate_schemas(const Options& options, RunResult& result);

} // namespace claudelint::driver
