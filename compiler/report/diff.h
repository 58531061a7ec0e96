#pragma once
// Renderers for `claudelint diff`: the changes between two environments as
// terminal text, as versioned JSON, and as a GitHub-flavoured markdown table
// for pull-request comments. Pure functions: no I/O, no global state.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compile/diff.h"

namespace claudelint::report {

/// One side of a diff, named for people ("staging", "production").
struct DiffSide {
  std::string name;
};

struct DiffRenderOptions {
  /// ANSI colours in text output (reset at the end of each coloured line).
  bool color = false;
  /// Where the value at `pointer` is written, as "file:line:column", for the
  /// after side (`after_side`) or the before side; nullopt (or an empty
  /// function) prints no location.
  std::function<std::optional<std::string>(bool after_side, const std::string& pointer)> location;
  /// True when the value at `pointer` (of either side) must never be printed;
  /// it is shown as `<redacted>`, also when it sits inside an added, removed
  /// or changed subtree. For a changed value, either side being sensitive
  /// redacts both.
  std::function<bool(const std::string& pointer)> sensitive;
};

/// One line per change (`+` added, `-` removed, `~` changed, `!` type
/// changed) with compact values cut to 80 characters, the location of each
/// side on indented lines below it, then a summary line.
std::string render_diff_text(const std::vector<compile::Change>& changes, const DiffSide& before, const DiffSide& after,
                             const DiffRenderOptions& options);

/// `{"version":1,"before":…,"after":…,"changes":[…]}`, keys in a fixed order,
/// 2-space indent, trailing newline. Each change has kind, pointer,
/// before_pointer, label, the values present (whole, `"<redacted>"` where
/// sensitive) and before_location/after_location strings when known.
std::string render_diff_json(const std::vector<compile::Change>& changes, const DiffSide& before, const DiffSide& after,
                             const DiffRenderOptions& options);

/// A `### before → after` heading, a summary sentence and a table of the
/// changes with both values, escaped for GitHub-flavoured markdown; or
/// "No differences.".
std::string render_diff_markdown(const std::vector<compile::Change>& changes, const DiffSide& before,
                                 const DiffSide& after, const DiffRenderOptions& options);

} // namespace claudelint::report
