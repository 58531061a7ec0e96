#pragma once
// The build outputs of `claudelint build --out DIR`: per environment the
// compiled document as RFC 8785 canonical JSON (`<env>.json`) and its
// provenance map (`<env>.sources.json`), and one `manifest.json` with the
// SHA-256 of every artifact and of every input. Paths inside artifacts are
// relative to the tree's folder, so the bytes do not depend on where the
// build ran. Format: docs/compiled-environment.md.
#include <string>
#include <vector>

#include "compile/compiled.h"
#include "compile/workspace.h"
#include "model/source_file.h"

namespace claudelint::compile {

/// One file to write under the output folder.
struct Artifact {
  std::string path; ///< relative to the output folder, '/'-separated
  std::string bytes;
};

/// The artifacts of every tree. With one tree they sit at the top of the
/// output folder; with several, each tree gets the folder named by its path
/// relative to the trees' common ancestor. `manifest.json` comes last, so
/// writing in order leaves it stale if a build is interrupted.
std::vector<Artifact> render_artifacts(const std::vector<Tree>& trees,
                                       const std::vector<std::vector<CompiledEnvironment>>& environments,
                                       const model::SourceManager& sources);

/// The compiled document as written to an artifact: credentials redacted
/// (redact_credentials), so a secret pasted into a config never reaches
/// `dist/`, and `/files/*/mode` left out (it depends on the checkout's umask;
/// `executable` stays).
nlohmann::json redacted_document(const nlohmann::json& document);

/// The provenance map of an environment as JSON: pointer → the layers that
/// set it, oldest first, each with file (relative to the tree), line,
/// column, end line and column, and layer.
nlohmann::json provenance_json(const CompiledEnvironment& environment, const model::SourceManager& sources);

} // namespace claudelint::compile
