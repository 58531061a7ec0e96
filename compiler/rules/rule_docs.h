#pragma once
// Rule documentation generated from the rule data: the `claudelint rules`
// table, `claudelint explain` pages, and docs/rules/<id>.md. One renderer,
// so the terminal and the committed pages cannot disagree.
#include <map>
#include <string>

#include "rules/rule.h"

namespace claudelint::rules {

/// One line per rule: id, name, category, severity, title.
std::string render_rule_list(const RulePack& pack);

/// The Markdown page of one rule (also what `explain` prints).
std::string render_rule_page(const Rule& rule);

/// File name → content: `<id>.md` per rule and `README.md`, the index.
std::map<std::string, std::string> render_rule_docs(const RulePack& pack);

/// The documentation page of a rule id, relative to the repository root.
std::string rule_doc_path(std::string_view id);

} // namespace claudelint::rules
