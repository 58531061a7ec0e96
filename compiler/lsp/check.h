#pragma once
// Checking what the editor has open: each open document's config tree goes
// through the same pipeline as `claudelint check` (driver::run), with the
// open documents' texts in place of the files on disk.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/driver.h"
#include "lsp/documents.h"
#include "lsp/protocol.h"

namespace claudelint::lsp {

/// What is checked together: a config tree, or a file on its own.
struct CheckUnit {
  std::filesystem::path root;               ///< the tree's folder, or the lone file's folder (absolute)
  std::optional<std::filesystem::path> file; ///< set for a file that is in no tree (absolute)
  friend auto operator<=>(const CheckUnit&, const CheckUnit&) = default;
};

/// The unit `file` (absolute) is checked in: its config tree, found like
/// `claudelint check FILE` finds it (the nearest manifest up to `stop`, or
/// the folder whose files name environments), else the file alone (also
/// when `file` is a folder).
CheckUnit unit_for(const std::filesystem::path& file, const std::filesystem::path& stop);

/// One publishDiagnostics notification's params.
struct Publication {
  std::string uri;
  std::optional<std::int64_t> version; ///< for an open document
  nlohmann::json diagnostics = nlohmann::json::array();
};

/// Everything one check needs, copied from the server's state so that the
/// check can run on another thread while the server goes on reading and
/// answering messages.
struct CheckJob {
  CheckUnit unit;
  struct Open {
    std::string uri;
    std::int64_t version = 0;
  };
  std::map<std::string, Open> open; ///< the unit's open documents, by display path
  driver::Options options;          ///< with the open documents as buffers
  PositionEncoding encoding = PositionEncoding::utf16;
};

/// What a check found: a publication for each open document of the unit and
/// each file with findings, and the schema each checked file was validated
/// against (for hover and completion).
struct CheckOutcome {
  CheckUnit unit;
  std::vector<Publication> publications;
  std::map<std::string, std::vector<std::optional<std::string>>> schemas; ///< by absolute path
  std::optional<std::string> error; ///< why the run could not be made (an unusable --schema or rule pack)
};

/// Runs a check. Touches nothing but `job`: safe on any thread.
CheckOutcome run_check(const CheckJob& job);

class Checker {
public:
  /// `base` holds the run options from the command line (rule packs, rule
  /// severities, schemas, baseline); its paths, buffers and cwd are set
  /// per check.
  explicit Checker(driver::Options base) : base_(std::move(base)) {}

  /// The job that checks `unit` with the open documents' texts.
  CheckJob prepare(const CheckUnit& unit, const DocumentStore& documents, PositionEncoding encoding) const;

  /// Takes in a finished check: returns its publications, plus an empty one
  /// for each file that had findings at the unit's last check and has none
  /// now. Throws claudelint::Error with the outcome's error when its run
  /// could not be made.
  std::vector<Publication> apply(CheckOutcome outcome);

  /// The unit is no longer watched (its last open document closed): an
  /// empty publication for every file it had published.
  std::vector<Publication> forget(const CheckUnit& unit);

  /// Forgets that `uri` was published (its document closed and was cleared).
  void cleared(const std::string& uri);

  /// The schema each document of the file at `path` (absolute) was
  /// validated against at its last check; null when it was not checked.
  const std::vector<std::optional<std::string>>* schemas_for(const std::string& path) const;

private:
  driver::Options base_;
  std::map<CheckUnit, std::set<std::string>> published_;
  std::map<std::string, std::vector<std::optional<std::string>>> schemas_;
};

} // namespace claudelint::lsp
