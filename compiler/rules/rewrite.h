#pragma once
// A rule's `rewrite:` applied to one failing value: the text edit that fixes
// the finding, written the way the value was (its quotes, the spelling
// around a version number), and what the edited text reads as, so that the
// engine can check the rule holds for it before offering the fix.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"
#include "rules/rule.h"

namespace claudelint::rules {

struct Rewritten {
  model::Fix fix;
  nlohmann::json value; ///< what the edited text reads as
};

/// The fix `rewrite` makes to `value`, written at `range` of `text`. nullopt
/// when the text there does not spell the value plainly (a YAML alias, an
/// escape sequence, a folded or block scalar, a number written as 0x10),
/// when the rewrite does not apply (a prefix the value lacks, a value that
/// is not a version) or changes nothing. Unsafe: a policy fix changes what
/// the deployed configuration does (the endpoint must answer https, the
/// peers speak TLS 1.3), so it is offered for review, never applied blind.
std::optional<Rewritten> rewrite(const Rewrite& rewrite, const nlohmann::json& value, std::string_view text,
                                 const model::Range& range);

/// What the rewrite does, one phrase for the rule's page.
std::string describe(const Rewrite& rewrite);

} // namespace claudelint::rules
