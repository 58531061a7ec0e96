#include <algorithm>
#include "rules/rule_docs.h"

#include <fmt/format.h>

#include "rules/rewrite.h"

namespace claudelint::rules {

namespace {

std::string severity_text(const Rule& rule) {
  std::string text = rule.default_severity ? std::string(model::to_string(*rule.default_severity)) : "off";
  for (const auto& [environment, level] : rule.severity_by_environment)
    text += fmt::format(", {} in {}", level ? std::string(model::to_string(*level)) : "off", environment);
  return text;
}

std::string environments_text(const Rule& rule) {
  if (rule.environments.empty()) return "every environment";
  std::string text;
  for (const auto& e : rule.environments) text += (text.empty() ? "" : ", ") + e;
  return text;
}

} // namespace

std::string rule_doc_path(std::string_view id) { return fmt::format("docs/rules/{}.md", id); }

std::string render_rule_list(const RulePack& pack) {
  std::size_t name_width = 4, category_width = 8;
  for (const auto& rule : pack.rules) {
    name_width = std::max(name_width, rule.name.size());
    category_width = std::max(category_width, rule.category.size());
  }
  std::string out = fmt::format("{:<7} {:<{}} {:<{}} {:<28} {}\n", "id", "name", name_width, "category", category_width,
                                "severity", "title");
  for (const auto& rule : pack.rules)
    out += fmt::format("{:<7} {:<{}} {:<{}} {:<28} {}\n", rule.id, rule.name, name_width, rule.category,
                       category_width, severity_text(rule), rule.title);
  out += fmt::format("\n{} rules; `claudelint explain <id>` shows one in full\n", pack.rules.size());
  return out;
}

std::string render_rule_page(const Rule& rule) {
  std::string out = fmt::format("# {} {}\n\n{}\n\n", rule.id, rule.name, rule.title);
  out += fmt::format("- **Category:** {}\n", rule.category);
  out += fmt::format("- **Severity:** {}\n", severity_text(rule));
  out += fmt::format("- **Applies to:** {}\n", environments_text(rule));
  std::string given;
  for (const auto& g : rule.given) given += (given.empty() ? "" : ", ") + fmt::format("`{}`", g);
  if (rule.scope == Scope::file) {
    std::string kinds;
    for (const auto& k : rule.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
    given = std::find(rule.kinds.begin(), rule.kinds.end(), "*") != rule.kinds.end()
                ? std::string("every file")
                : fmt::format("each file of kind {}", kinds);
  } else if (rule.scope == Scope::tree) {
    given = "each config tree, across its environments";
  }
  out += fmt::format("- **Checks:** {} — `{}: {}`\n", given, rule.assertion.kind(), rule.assertion.argument.dump());
  for (const auto& condition : rule.when)
    out += fmt::format("- **When:** `{}` {} `{}`\n", condition.pointer, condition.assertion.kind(),
                       condition.assertion.argument.dump());
  out += fmt::format("\n## Why it matters\n\n{}\n\n## How to fix\n\n{}\n", rule.rationale, rule.fix);
  if (rule.rewrite)
    out += fmt::format("\nQuick fix, offered for review by the language server: {}.\n", describe(*rule.rewrite));
  if (!rule.example_bad.empty() || !rule.example_good.empty()) {
    out += "\n## Example\n";
    if (!rule.example_bad.empty()) out += fmt::format("\nFails:\n\n```json\n{}\n```\n", rule.example_bad);
    if (!rule.example_good.empty()) out += fmt::format("\nPasses:\n\n```json\n{}\n```\n", rule.example_good);
  }
  if (!rule.references.empty()) {
    out += "\n## References\n\n";
    for (const auto& r : rule.references) out += fmt::format("- {}\n", r);
  }
  out += fmt::format("\n_Generated from `{}` by `claudelint rules --docs docs/rules`; edit the rule, not this page._\n",
                     rule.source);
  return out;
}

std::map<std::string, std::string> render_rule_docs(const RulePack& pack) {
  std::map<std::string, std::string> pages;
  std::string index = "# Rules\n\nEvery built-in policy rule, generated from `rules/` by `claudelint rules --docs "
                      "docs/rules`.\n\n| id | name | category | severity | title |\n|---|---|---|---|---|\n";
  for (const auto& rule : pack.rules) {
    pages[rule.id + ".md"] = render_rule_page(rule);
    index += fmt::format("| [{}]({}.md) | {} | {} | {} | {} |\n", rule.id, rule.id, rule.name, rule.category,
                         severity_text(rule), rule.title);
  }
  pages["README.md"] = index;
  return pages;
}

} // namespace claudelint::rules
