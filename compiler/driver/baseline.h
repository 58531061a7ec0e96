#pragma once
// Baselines: a file of fingerprints of accepted findings, so a CI gate on a
// legacy tree fails only on new ones. A fingerprint is stable across edits
// that move lines: it hashes the rule, the file, the environment, the JSON
// Pointer and the message (which names the offending value), never a line
// or column.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/source_file.h"

namespace claudelint::driver {

/// Where a baseline sits: its paths are relative to its folder, so it works
/// from any working directory.
struct BaselineLocation {
  std::filesystem::path folder; ///< absolute folder of the baseline file
  std::filesystem::path cwd;    ///< what display paths are relative to
  std::string path_of(const model::SourceFile& file) const;
};

/// The fingerprint of a finding (16 hex digits).
std::string fingerprint(const model::Diagnostic& diagnostic, const model::SourceManager& sources,
                        const BaselineLocation& where);

/// Reads a baseline file; throws claudelint::Error when it is unreadable or
/// not a baseline.
std::set<std::string> read_baseline(const std::filesystem::path& path);

/// Writes the fingerprints of `diagnostics` (atomically: a run killed at any
/// point leaves the old baseline or the new one, and the temporary files of
/// killed runs in its folder are removed first), with the rule, file and
/// pointer of each for reviewers; never a value.
void write_baseline(const std::filesystem::path& path, const std::vector<model::Diagnostic>& diagnostics,
                    const model::SourceManager& sources, const BaselineLocation& where);

} // namespace claudelint::driver
