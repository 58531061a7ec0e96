#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "driver/driver.h"
#include "schema/registry.h"

namespace claudelint::driver {

/// The schema registry of a run: built-in schemas plus `--ref-map` folders.
schema::Registry make_registry(const Options& options);

class SchemaStage;

/// Validates loaded documents against the schema that applies to each
/// (`--schema`, else the document's `$schema`, else the manifest's mapping
/// for its tree, else the built-in schema for its file name) and records
/// that schema in `result.inputs`: a file at a time or a selection in
/// parallel, so that a run can validate a tree's files just before
/// compiling the tree. Without `validate_values` it only chooses and
/// compiles each document's schema (--select with no use for its findings).
/// The constructor throws SchemaError when `--schema` cannot be used.
class SchemaValidator {
public:
  SchemaValidator(const Options& options, const schema::Registry& registry, RunResult& result,
                  bool validate_values);
  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

  /// Validates the files result.files[i] that `select(i)` picks, in
  /// parallel, and appends their findings to result.diagnostics in file order.
  void validate_files(const std::function<bool(std::size_t)>& select);
  /// Validates result.files[index], records its schemas in
  /// result.inputs[index] and returns its findings. Safe from any thread
  /// for different files.
  std::vector<model::Diagnostic> validate_file(std::size_t index);

private:
  std::unique_ptr<SchemaStage> stage_;
};

} // namespace claudelint::driver
