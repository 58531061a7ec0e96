#pragma once
// `--select`: the rules whose findings a run reports. A run works out only
// what a selected rule needs: no schema validation unless a CL1xxx rule is
// selected, no compiled environments unless an environment or tree rule
// (or a CL6xxx finding) is.
#include <string>
#include <string_view>
#include <vector>

namespace claudelint::rules {

class Selection {
public:
  /// Each entry is a rule id (CL2001), a name (plain-http-endpoint), a
  /// category (transport) or an id prefix (CL1, CL20; "CL" alone is every rule).
  explicit Selection(std::vector<std::string> entries);

  /// Whether the rule with this id, name and category (empty for the
  /// findings claudelint emits itself) is selected.
  bool selects(std::string_view id, std::string_view name, std::string_view category = {}) const;

  /// Whether `entry` selects that rule.
  static bool entry_selects(std::string_view entry, std::string_view id, std::string_view name,
                            std::string_view category);

  const std::vector<std::string>& entries() const { return entries_; }

private:
  std::vector<std::string> entries_;
};

/// Findings that say a file could not be checked at all (a syntax error,
/// an unreadable or oversized file, an unusable schema or rule file): a run
/// reports them whatever it selects, or the selected rules would pass over
/// the file in silence.
bool always_reported(std::string_view id);

} // namespace claudelint::rules
