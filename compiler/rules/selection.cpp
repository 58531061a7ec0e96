#include "rules/selection.h"

#include <algorithm>

#include "rules/rule_pack.h"
#include "schema/schema_rules.h"
#include "source/syntax_rules.h"

namespace claudelint::rules {

namespace {

/// "CL" followed by at most four digits: a prefix of rule ids.
bool is_id_prefix(std::string_view entry) {
  return entry.starts_with("CL") && entry.size() <= 6 &&
         std::all_of(entry.begin() + 2, entry.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

Selection::Selection(std::vector<std::string> entries) : entries_(std::move(entries)) {}

bool Selection::entry_selects(std::string_view entry, std::string_view id, std::string_view name,
                              std::string_view category) {
  if (entry == id || entry == name || (!category.empty() && entry == category)) return true;
  return is_id_prefix(entry) && id.starts_with(entry);
}

bool Selection::selects(std::string_view id, std::string_view name, std::string_view category) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const std::string& entry) { return entry_selects(entry, id, name, category); });
}

bool always_reported(std::string_view id) {
  static const model::RuleId* const cannot_check[] = {
      &source::rule::syntax_error,     &source::rule::invalid_utf8,          &source::rule::nesting_too_deep,
      &source::rule::file_too_large,   &source::rule::alias_expansion_limit, &source::rule::unreadable_file,
      &invalid_rule,                   &schema::rule::unusable_schema,
  };
  return std::any_of(std::begin(cannot_check), std::end(cannot_check),
                     [&](const model::RuleId* rule) { return rule->code == id; });
}

} // namespace claudelint::rules
