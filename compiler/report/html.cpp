// The HTML report (docs/output-formats.md): one self-contained page
// with the run's summary, the findings grouped by environment and rule, and
// the environment matrix (html_matrix.cpp). Inline CSS and a little inline
// script, a Content-Security-Policy that forbids every fetch, and no
// timestamps, so the same run gives the same bytes.
#include <map>
#include <set>

#include <fmt/format.h>

#include "report/html_parts.h"
#include "report/render.h"
#include "report/snippet.h"
#include "support/utf8.h"

namespace claudelint::report {

namespace html {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t':
      case '\n': out += static_cast<char>(c); break;
      default: out += (c < 0x20 || c == 0x7F) ? "\xEF\xBF\xBD" : std::string(1, static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const std::size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    const std::string_view seq = text.substr(i, want);
    if (seq.size() != want || c < 0xC2 || c > 0xF4 || support::find_invalid_utf8(seq)) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    // C1 controls (U+0080–U+009F) are parse errors in HTML.
    const bool c1 = c == 0xC2 && static_cast<unsigned char>(seq[1]) < 0xA0;
    out += c1 ? std::string_view("\xEF\xBF\xBD") : seq;
    i += want;
  }
  return out;
}

std::string finding_anchor(std::size_t index) { return fmt::format("f{}", index); }

std::string_view severity_class(model::Severity severity) { return model::to_string(severity); }

} // namespace html

namespace {

using html::escape;

constexpr std::string_view style = R"(
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;--error:#cf222e;--warning:#9a6700;
--info:#0969da;--diff:#fff1c2;--mark:#ffebe9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);
background:var(--bg)}
header{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--panel)}
h1{font-size:20px;margin:0 0 6px}h2{font-size:18px;margin:24px 0 8px}h3{font-size:16px;margin:18px 0 6px}
main{padding:0 24px 40px}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.summary{margin:0;font-size:15px}.summary b{font-variant-numeric:tabular-nums}
.count-error{color:var(--error)}.count-warning{color:var(--warning)}.count-info{color:var(--info)}
.status{display:inline-block;margin-left:12px;padding:1px 8px;border-radius:10px;color:#fff;background:#1a7f37}
.status.failed{background:var(--error)}
nav ul{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}
#controls{margin-top:8px;display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center}
#controls input[type=search]{padding:2px 6px;min-width:18em}
.sev{display:inline-block;min-width:4.6em;font-weight:600}
.sev-error .sev,.sev.sev-error{color:var(--error)}.sev-warning .sev,.sev.sev-warning{color:var(--warning)}
.sev-info .sev,.sev.sev-info{color:var(--info)}
details.rule{margin:6px 0;border:1px solid var(--line);border-radius:6px}
details.rule>summary{cursor:pointer;padding:6px 10px;background:var(--panel);border-radius:6px}
.rule-body{padding:0 12px 4px}.rule-about{color:var(--muted);margin:6px 0}
.finding{border-top:1px solid var(--line);padding:8px 0}.finding:target{background:var(--mark)}
.finding .loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.msg{margin:2px 0;font-weight:600}.help,.note{margin:2px 0}.help b{color:var(--info)}.note b{color:#8250df}
pre.frame{margin:4px 0;padding:6px 8px;background:var(--panel);border-radius:4px;overflow-x:auto}
.caret{color:var(--error);font-weight:700}
.n{color:var(--muted);font-weight:400}
table.matrix{border-collapse:collapse;margin:6px 0 18px}
.matrix th,.matrix td{border:1px solid var(--line);padding:2px 6px;text-align:left;vertical-align:top}
.matrix thead th{position:sticky;top:0;background:var(--panel)}
.matrix tr.section th{background:#eef1f4}
.matrix td{max-width:28em;overflow-wrap:anywhere}
.matrix td.diff{background:var(--diff)}.matrix td.missing{color:var(--muted)}
.matrix td.finding-error{box-shadow:inset 3px 0 0 var(--error)}
.matrix td.finding-warning{box-shadow:inset 3px 0 0 var(--warning)}
.matrix td.finding-info{box-shadow:inset 3px 0 0 var(--info)}
.matrix a.mark{text-decoration:none;font-weight:700;margin-left:4px}
.mark.sev-error{color:var(--error)}.mark.sev-warning{color:var(--warning)}.mark.sev-info{color:var(--info)}
.legend .diff-sample{background:var(--diff)}
.legend span{display:inline-block;padding:0 6px;margin-right:8px;border:1px solid var(--line)}
body.hide-error .finding.sev-error,body.hide-warning .finding.sev-warning,body.hide-info .finding.sev-info{display:none}
body.only-diff .matrix tbody tr:not(.varies){display:none}
.empty{color:var(--muted)}
)";

constexpr std::string_view script = R"(
(function(){
var c=document.getElementById('controls');if(c)c.hidden=false;
document.querySelectorAll('input[data-hide]').forEach(function(b){b.addEventListener('change',function(){
document.body.classList.toggle(b.getAttribute('data-hide'),!b.checked);});});
document.querySelectorAll('input[data-only]').forEach(function(b){b.addEventListener('change',function(){
document.body.classList.toggle(b.getAttribute('data-only'),b.checked);});});
var q=document.getElementById('filter');if(q)q.addEventListener('input',function(){var s=q.value.toLowerCase();
document.querySelectorAll('.finding').forEach(function(f){
f.hidden=s!==''&&f.textContent.toLowerCase().indexOf(s)<0;});});
})();
)";

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

/// A code frame as HTML: the snippet renderer's frame (secrets masked by
/// the file's redactions), escaped, with the carets in a span.
std::string frame(const model::SourceFile& file, std::size_t begin, std::size_t end) {
  // Control characters never survive the frame (cells become spaces), so
  // these two mark exactly where the carets start and end.
  const std::string text = code_frame(file, begin, end, "\x01", "\x02");
  if (text.empty()) return {};
  std::string out = "<pre class=\"frame\">";
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\x01' && text[i] != '\x02') continue;
    out += escape(std::string_view(text).substr(start, i - start));
    out += text[i] == '\x01' ? "<span class=\"caret\">" : "</span>";
    start = i + 1;
  }
  out += escape(std::string_view(text).substr(start));
  out += "</pre>\n";
  return out;
}

std::string location(const model::SourceFile& file, std::size_t offset) {
  const auto pos = file.position(offset);
  return fmt::format("{}:{}:{}", file.path(), pos.line, pos.column);
}

/// Findings by group (environment, or "" for none), then by rule code:
/// indices into the diagnostics; and the groups in display order: findings
/// without an environment first, then environments in promotion order,
/// then any others by name.
struct Grouped {
  std::map<std::string, std::map<std::string, std::vector<std::size_t>>> groups;
  std::vector<std::string> order;
};

Grouped group_findings(const RenderInput& input) {
  Grouped out;
  for (std::size_t i = 0; i < input.diagnostics.size(); ++i) {
    const auto& d = input.diagnostics[i];
    out.groups[d.environment.value_or("")][d.rule.code].push_back(i);
  }
  std::set<std::string> placed;
  const auto place = [&](const std::string& name) {
    if (out.groups.count(name) && placed.insert(name).second) out.order.push_back(name);
  };
  place("");
  if (input.trees)
    for (const auto& view : *input.trees)
      if (view.environments)
        for (const auto& environment : *view.environments) place(environment.name);
  for (const auto& entry : out.groups) place(entry.first);
  return out;
}

std::string group_title(const std::string& name) {
  return name.empty() ? std::string("files (no single environment)") : escape(name);
}

std::string counts(const std::vector<model::Diagnostic>& diagnostics, const std::vector<std::size_t>& indices) {
  std::size_t n[3] = {0, 0, 0};
  for (const auto i : indices) ++n[static_cast<int>(diagnostics[i].severity)];
  std::string out;
  const auto add = [&](std::size_t count, std::string_view word) {
    if (count == 0) return;
    if (!out.empty()) out += ", ";
    out += plural(count, word);
  };
  add(n[0], "error");
  add(n[1], "warning");
  add(n[2], "info");
  return out;
}

std::string finding(const RenderInput& input, std::size_t index, const RuleInfo* rule) {
  const auto& d = input.diagnostics[index];
  const auto& file = input.sources.file(d.range.file);
  const auto sev = html::severity_class(d.severity);
  std::string out = fmt::format("<article class=\"finding sev-{}\" id=\"{}\">\n", sev, html::finding_anchor(index));
  out += fmt::format("<div><span class=\"sev\">{}</span> <span class=\"loc\">{}</span>", sev,
                     escape(location(file, d.range.begin)));
  if (d.pointer) out += fmt::format(" <code class=\"pointer\">{}</code>", escape(*d.pointer));
  out += "</div>\n";
  out += fmt::format("<p class=\"msg\">{}</p>\n", escape(d.message));
  out += frame(file, d.range.begin, d.range.end);
  for (const auto& related : d.related) {
    if (related.range == d.range) {
      out += fmt::format("<p class=\"note\"><b>note</b>: {}</p>\n", escape(related.message));
      continue;
    }
    const auto& rfile = input.sources.file(related.range.file);
    out += fmt::format("<p class=\"note\"><b>note</b>: <span class=\"loc\">{}</span>: {}</p>\n",
                       escape(location(rfile, related.range.begin)), escape(related.message));
    out += frame(rfile, related.range.begin, related.range.end);
  }
  const std::string* help = d.help ? &*d.help : rule && !rule->help.empty() ? &rule->help : nullptr;
  if (help) out += fmt::format("<p class=\"help\"><b>help</b>: {}</p>\n", escape(*help));
  if (d.fix) out += fmt::format("<p class=\"help\"><b>fix</b>: {}</p>\n", escape(d.fix->title));
  out += "</article>\n";
  return out;
}

std::string findings_section(const RenderInput& input, const Grouped& grouped) {
  std::map<std::string, const RuleInfo*> catalog;
  if (input.rules)
    for (const auto& rule : *input.rules) catalog.emplace(rule.id, &rule);

  std::string out = "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (grouped.order.empty()) out += "<p class=\"empty\">No problems found.</p>\n";
  for (std::size_t g = 0; g < grouped.order.size(); ++g) {
    const auto& name = grouped.order[g];
    const auto& rules = grouped.groups.at(name);
    std::vector<std::size_t> all;
    for (const auto& entry : rules) all.insert(all.end(), entry.second.begin(), entry.second.end());
    out += fmt::format("<section class=\"group\" id=\"g{}\">\n<h3>{} <span class=\"n\">{}</span></h3>\n", g,
                       group_title(name), counts(input.diagnostics, all));
    for (const auto& entry : rules) {
      const auto& indices = entry.second;
      const auto& first = input.diagnostics[indices.front()];
      const auto it = catalog.find(entry.first);
      const RuleInfo* rule = it == catalog.end() ? nullptr : it->second;
      const std::string& rule_name = rule && !rule->name.empty() ? rule->name : first.rule.name;
      out += fmt::format("<details class=\"rule\" open>\n<summary><code>{}</code> <b>{}</b>", escape(entry.first),
                         escape(rule_name));
      if (rule && !rule->title.empty()) out += fmt::format(" — {}", escape(rule->title));
      out += fmt::format(" <span class=\"n\">({})</span></summary>\n<div class=\"rule-body\">\n",
                         counts(input.diagnostics, indices));
      if (rule && !rule->description.empty()) {
        out += fmt::format("<p class=\"rule-about\">{}", escape(rule->description));
        if (!rule->help_uri.empty())
          out += fmt::format(" <a href=\"{}\">{} documentation</a>", escape(rule->help_uri), escape(rule->id));
        out += "</p>\n";
      }
      for (const auto i : indices) out += finding(input, i, rule);
      out += "</div>\n</details>\n";
    }
    out += "</section>\n";
  }
  out += "</section>\n";
  return out;
}

std::string header(const RenderInput& input, const Grouped& grouped) {
  const auto s = model::summarize(input.diagnostics, input.files_checked);
  std::string out = "<header>\n<h1>claudelint report</h1>\n<p class=\"summary\">";
  out += fmt::format("<b class=\"count-error\">{}</b>, <b class=\"count-warning\">{}</b>, "
                     "<b class=\"count-info\">{}</b> in <b>{}</b>",
                     plural(s.errors, "error"), plural(s.warnings, "warning"), plural(s.infos, "info"),
                     plural(s.files, "file"));
  out += fmt::format("<span class=\"status{}\">exit status {}</span></p>\n", input.exit_code == 0 ? "" : " failed",
                     input.exit_code);
  out += "<nav><ul><li><a href=\"#findings\">Findings</a></li>";
  for (std::size_t g = 0; g < grouped.order.size(); ++g) {
    std::size_t n = 0;
    for (const auto& entry : grouped.groups.at(grouped.order[g])) n += entry.second.size();
    out += fmt::format("<li><a href=\"#g{}\">{}</a> <span class=\"n\">({})</span></li>", g,
                       grouped.order[g].empty() ? std::string("files") : escape(grouped.order[g]), n);
  }
  out += "<li><a href=\"#matrix\">Environment matrix</a></li></ul></nav>\n";
  out += "<div id=\"controls\" hidden>"
         "<label><input type=\"checkbox\" data-hide=\"hide-error\" checked> errors</label>"
         "<label><input type=\"checkbox\" data-hide=\"hide-warning\" checked> warnings</label>"
         "<label><input type=\"checkbox\" data-hide=\"hide-info\" checked> infos</label>"
         "<label><input type=\"checkbox\" data-only=\"only-diff\"> only values that differ</label>"
         "<input type=\"search\" id=\"filter\" placeholder=\"filter findings\" aria-label=\"filter findings\">"
         "</div>\n</header>\n";
  return out;
}

} // namespace

std::string render_html(const RenderInput& input) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Nothing may be fetched: no fonts, images, styles or scripts from anywhere.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"claudelint\">\n<title>claudelint report</title>\n";
  out += fmt::format("<style>{}</style>\n</head>\n<body>\n", style);
  const Grouped grouped = group_findings(input);
  out += header(input, grouped);
  out += "<main>\n";
  out += findings_section(input, grouped);
  out += html::environment_matrix(input);
  out += fmt::format("</main>\n<script>{}</script>\n</body>\n</html>\n", script);
  return out;
}

} // namespace claudelint::report
