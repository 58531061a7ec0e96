#pragma once
// What the whole-pipeline fuzz targets share: a fuzz input cut into the
// files of a small config tree, checked by driver::run as editor buffers
// (nothing is written to disk), then rendered by every report format, built
// into artifacts and diffed between environments.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "driver/driver.h"

namespace claudelint::fuzz {

/// The line that separates one file from the next in a tree input.
inline constexpr std::string_view file_separator = "%%%\n";

/// The files of a fuzzed tree, in the order the input's parts fill them.
inline const std::vector<std::string>& tree_file_names() {
  static const std::vector<std::string> names = {
      "configs/production.json", "configs/staging.json", "deployment.yaml", "monitoring.yaml",
      ".env.production",         ".env.staging",         "deploy.sh",       "claudelint.yaml",
      "notifications.yaml",      "configs/dev.jsonc"};
  return names;
}

/// A small tree with something for most rules to find: what the manifest
/// and rule-file targets check their input against.
const std::vector<std::pair<std::string, std::string>>& sample_tree();

/// Cuts `input` at each file_separator line: part i becomes the text of
/// `names[i]`; parts beyond the names are appended to the last one; an empty part is a
/// file the tree does not have.
std::vector<std::pair<std::string, std::string>> split_tree(std::string_view input,
                                                            const std::vector<std::string>& names);

/// An empty folder made once per process: the tree's root. Nothing is ever
/// written into it; the files exist only as buffers.
const std::filesystem::path& scratch_root();

/// Runs the pipeline over `files` (name → text, relative to scratch_root),
/// with `rule_packs` added, then renders the result every way a user can
/// see it and checks what must hold whatever the input: every range inside
/// its file, every JSON output parseable, the exit code in range.
void check_tree(const std::vector<std::pair<std::string, std::string>>& files,
                const std::vector<std::filesystem::path>& rule_packs = {});

} // namespace claudelint::fuzz
