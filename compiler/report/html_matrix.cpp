// The environment matrix of the HTML report: per config tree, one row per
// leaf value of the compiled documents (the union over its environments,
// without /environment and /files), one column per environment in promotion
// order. A cell that differs from the value most environments have is
// highlighted; a cell with a finding about it links to that finding.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compile/compiler.h"
#include "report/html_parts.h"

namespace claudelint::report::html {

namespace {

using nlohmann::json;

/// Widest value shown in a cell, in code points; longer ones are cut and
/// shown whole in the cell's tooltip.
constexpr std::size_t max_cell_chars = 60;
/// Longest tooltip, in code points.
constexpr std::size_t max_title_chars = 2000;

std::string pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

/// Every leaf of `value` (a scalar, or an empty object or array) by pointer.
void collect_leaves(const json& value, const std::string& pointer, std::map<std::string, const json*>& out) {
  if (value.is_object() && !value.empty()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      collect_leaves(it.value(), pointer + "/" + pointer_token(it.key()), out);
  } else if (value.is_array() && !value.empty()) {
    for (std::size_t i = 0; i < value.size(); ++i) collect_leaves(value[i], pointer + "/" + std::to_string(i), out);
  } else {
    out[pointer] = &value;
  }
}

std::map<std::string, const json*> leaves_of(const json& document) {
  std::map<std::string, const json*> leaves;
  if (!document.is_object()) return leaves;
  for (auto it = document.begin(); it != document.end(); ++it) {
    if (it.key() == "files" || it.key() == "environment") continue;
    collect_leaves(it.value(), "/" + pointer_token(it.key()), leaves);
  }
  return leaves;
}

std::vector<std::string_view> tokens(std::string_view pointer) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= pointer.size()) {
    const auto end = std::min(pointer.find('/', start), pointer.size());
    out.push_back(pointer.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_index(std::string_view token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Document order: token by token, array indices by number.
bool row_less(const std::string& a, const std::string& b) {
  const auto ta = tokens(a), tb = tokens(b);
  for (std::size_t i = 0; i < ta.size() && i < tb.size(); ++i) {
    if (ta[i] == tb[i]) continue;
    if (is_index(ta[i]) && is_index(tb[i]) && ta[i].size() != tb[i].size()) return ta[i].size() < tb[i].size();
    return ta[i] < tb[i];
  }
  return ta.size() < tb.size();
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// The first `n` code points of `text`.
std::string_view first_code_points(std::string_view text, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == n) break;
  }
  return text.substr(0, i);
}

/// One row's value per environment (credentials redacted), nullopt where unset.
using Values = std::vector<std::optional<json>>;

/// The value most environments have; on a tie, the one of the latest
/// environment in promotion order.
std::optional<json> reference_value(const Values& values) {
  std::optional<json> best;
  std::size_t best_count = 0;
  for (std::size_t i = values.size(); i-- > 0;) {
    const auto count = static_cast<std::size_t>(std::count(values.begin(), values.end(), values[i]));
    if (count > best_count) {
      best = values[i];
      best_count = count;
    }
  }
  return best;
}

std::string cell(const std::optional<json>& value, bool differs, const std::vector<std::size_t>& findings,
                 const RenderInput& input) {
  std::string classes = value ? "v" : "v missing";
  if (differs) classes += " diff";
  model::Severity worst = model::Severity::info;
  for (const auto i : findings) worst = std::min(worst, input.diagnostics[i].severity);
  if (!findings.empty()) classes += fmt::format(" finding-cell finding-{}", severity_class(worst));
  std::string out = fmt::format("<td class=\"{}\">", classes);
  if (!value) {
    out += "—";
  } else {
    const std::string text = value->dump(-1, ' ', false, json::error_handler_t::replace);
    if (code_points(text) > max_cell_chars) {
      out += fmt::format("<code title=\"{}\">{}…</code>", escape(first_code_points(text, max_title_chars)),
                         escape(first_code_points(text, max_cell_chars - 1)));
    } else {
      out += fmt::format("<code>{}</code>", escape(text));
    }
  }
  if (!findings.empty()) {
    std::string title;
    for (const auto i : findings) {
      const auto& d = input.diagnostics[i];
      if (!title.empty()) title += "\n";
      title += fmt::format("{} {}: {}", d.rule.code, model::to_string(d.severity), d.message);
    }
    out += fmt::format("<a class=\"mark sev-{}\" href=\"#{}\" title=\"{}\" aria-label=\"{}\">●</a>",
                       severity_class(worst), finding_anchor(findings.front()), escape(title),
                       escape(fmt::format("{} finding{}", findings.size(), findings.size() == 1 ? "" : "s")));
  }
  out += "</td>";
  return out;
}

std::string tree_matrix(const RenderInput& input, const compile::Tree& tree,
                        const std::vector<compile::CompiledEnvironment>& environments) {
  std::vector<std::map<std::string, const json*>> leaves;
  std::set<std::string> pointers;
  for (const auto& environment : environments) {
    leaves.push_back(leaves_of(environment.document));
    for (const auto& entry : leaves.back()) pointers.insert(entry.first);
  }
  std::vector<std::string> rows(pointers.begin(), pointers.end());
  std::sort(rows.begin(), rows.end(), row_less);

  // Findings in this tree's files, at a row (or at an object or missing key
  // above rows, which marks those rows), per (row, environment index).
  std::set<model::FileId> files;
  for (const auto& role : tree.files) files.insert(role.file);
  if (tree.manifest) files.insert(*tree.manifest);
  std::map<std::pair<std::string, std::size_t>, std::vector<std::size_t>> marks;
  for (std::size_t i = 0; i < input.diagnostics.size(); ++i) {
    const auto& d = input.diagnostics[i];
    if (!d.pointer || d.pointer->empty() || !d.environment || !files.count(d.range.file)) continue;
    const auto env = std::find_if(environments.begin(), environments.end(),
                                  [&](const compile::CompiledEnvironment& e) { return e.name == *d.environment; });
    if (env == environments.end()) continue;
    const auto column = static_cast<std::size_t>(env - environments.begin());
    if (pointers.count(*d.pointer)) {
      marks[{*d.pointer, column}].push_back(i);
      continue;
    }
    // An object, or the nearest key an environment has above a missing
    // value: mark the rows below it that this environment lacks, else the
    // first row below it.
    const std::string prefix = *d.pointer + "/";
    std::vector<std::string> below;
    for (auto it = pointers.lower_bound(prefix); it != pointers.end() && it->starts_with(prefix); ++it)
      below.push_back(*it);
    if (below.empty()) continue;
    std::sort(below.begin(), below.end(), row_less);
    bool marked = false;
    for (const auto& row : below)
      if (!leaves[column].count(row)) {
        marks[{row, column}].push_back(i);
        marked = true;
      }
    if (!marked) marks[{below.front(), column}].push_back(i);
  }

  std::string body;
  std::size_t varying = 0;
  std::string section;
  for (const auto& pointer : rows) {
    const std::string top(tokens(pointer).front());
    if (top != section) {
      if (!section.empty()) body += "</tbody>\n";
      section = top;
      body += fmt::format("<tbody>\n<tr class=\"section\"><th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>\n",
                          environments.size() + 1, escape(section));
    }
    Values values;
    for (std::size_t e = 0; e < environments.size(); ++e) {
      const auto it = leaves[e].find(pointer);
      if (it == leaves[e].end()) values.emplace_back();
      else values.emplace_back(compile::redact_credentials(*it->second, pointer));
    }
    const auto reference = reference_value(values);
    const bool varies = std::any_of(values.begin(), values.end(), [&](const auto& v) { return v != reference; });
    if (varies) ++varying;
    std::string row = fmt::format("<tr{}><th scope=\"row\"><code>{}</code></th>", varies ? " class=\"varies\"" : "",
                                  escape(pointer));
    static const std::vector<std::size_t> none;
    for (std::size_t e = 0; e < environments.size(); ++e) {
      const auto mark = marks.find({pointer, e});
      row += cell(values[e], values[e] != reference, mark == marks.end() ? none : mark->second, input);
    }
    body += row + "</tr>\n";
  }
  if (!section.empty()) body += "</tbody>\n";

  std::string out = fmt::format("<section class=\"tree\">\n<h3>{}</h3>\n", escape(tree.root));
  out += fmt::format("<p>{} value{}, {} differ{} across environments.</p>\n", rows.size(), rows.size() == 1 ? "" : "s",
                     varying, varying == 1 ? "s" : "");
  out += "<table class=\"matrix\">\n<thead><tr><th scope=\"col\">pointer</th>";
  for (const auto& environment : environments) {
    if (environment.complete) out += fmt::format("<th scope=\"col\">{}</th>", escape(environment.name));
    else
      out += fmt::format("<th scope=\"col\" title=\"a file of this environment has syntax errors: values may be "
                         "missing\">{} (incomplete)</th>",
                         escape(environment.name));
  }
  out += "</tr></thead>\n" + body + "</table>\n</section>\n";
  return out;
}

} // namespace

std::string environment_matrix(const RenderInput& input) {
  std::string out = "<section id=\"matrix\">\n<h2>Environment matrix</h2>\n";
  std::string trees;
  if (input.trees)
    for (const auto& view : *input.trees)
      if (view.tree && view.environments && !view.environments->empty())
        trees += tree_matrix(input, *view.tree, *view.environments);
  if (trees.empty()) {
    out += "<p class=\"empty\">No environment was compiled.</p>\n";
  } else {
    out += "<p class=\"legend\"><span class=\"diff-sample\">highlighted</span>differs from the value most environments "
           "have · <span>●</span>a finding about this value (links to it) · <span>—</span>not set · secrets are "
           "never shown</p>\n";
    out += trees;
  }
  out += "</section>\n";
  return out;
}

} // namespace claudelint::report::html
