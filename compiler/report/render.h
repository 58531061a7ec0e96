#pragma once
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/source_file.h"

namespace claudelint::report {

/// What every renderer takes: sorted diagnostics and the sources they point into.
struct RenderInput {
  const std::vector<model::Diagnostic>& diagnostics;
  const model::SourceManager& sources;
  std::size_t files_checked = 0;
};

struct TextOptions {
  bool color = false;
  bool quiet = false; ///< errors only
};

/// Compiler-style text: `path:line:col: severity[rule]: message`, the source
/// line with the range underlined, notes and help, then a summary line.
std::string render_text(const RenderInput& input, const TextOptions& options);

/// The versioned JSON contract documented in docs/output-json.md.
std::string render_json(const RenderInput& input);

} // namespace claudelint::report
