#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/document.h"
#include "model/source_file.h"
#include "source/file_kind.h"
#include "support/limits.h"

namespace claudelint::driver {

struct Options {
  std::vector<std::string> paths; ///< files and directories to check
  support::Limits limits;
  std::filesystem::path cwd = std::filesystem::current_path();
};

/// One checked file and what loading it produced.
struct CheckedFile {
  model::FileId file = 0;
  source::FileKind kind = source::FileKind::unknown;
  std::vector<model::Document> documents;
  std::vector<model::Comment> comments;
};

/// Everything a front end needs to render a run.
struct RunResult {
  model::SourceManager sources;
  std::vector<CheckedFile> files;
  std::vector<model::Diagnostic> diagnostics; ///< sorted and deduplicated
  std::size_t files_checked = 0;
};

/// The pipeline both front ends call: discover -> load -> (later stages).
/// Throws UsageError for missing paths; a bad config is a diagnostic.
RunResult run(const Options& options);

} // namespace claudelint::driver
