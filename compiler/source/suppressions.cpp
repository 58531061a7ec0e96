#include "source/suppressions.h"

#include <algorithm>

#include <fmt/format.h>

#include "source/loader.h"

namespace claudelint::source {

namespace {

constexpr std::string_view marker = "claudelint:";

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

/// True when nothing but blanks precedes `offset` on its line.
bool alone_on_line(std::string_view text, std::size_t offset) {
  for (std::size_t i = offset; i > 0; --i) {
    const char c = text[i - 1];
    if (c == '\n') return true;
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

} // namespace

std::vector<Suppression> parse_suppressions(const model::SourceFile& file, model::FileId id,
                                            const std::vector<model::Comment>& comments,
                                            std::vector<model::Diagnostic>& diagnostics) {
  std::vector<Suppression> out;
  for (const auto& comment : comments) {
    std::string_view text = comment.text;
    while (!text.empty() && (text.front() == '#' || text.front() == '/' || text.front() == '*')) text.remove_prefix(1);
    const std::string body = trim(text);
    if (!body.starts_with(marker)) continue;
    std::string rest = trim(std::string_view(body).substr(marker.size()));
    auto report = [&](std::string message, std::string help) {
      auto d = make_diagnostic(rule::invalid_suppression, model::Severity::error, id, comment.range.begin,
                               comment.range.end, std::move(message));
      d.help = std::move(help);
      diagnostics.push_back(std::move(d));
    };
    if (!rest.starts_with("disable=")) {
      report("a claudelint comment must read `claudelint: disable=<rule>[,<rule>…] -- <reason>`",
             "write the rule ids or names to silence after disable=, then -- and why");
      continue;
    }
    rest = rest.substr(8);
    const auto dashes = rest.find("--");
    const std::string list = trim(std::string_view(rest).substr(0, dashes));
    const std::string reason = dashes == std::string::npos ? "" : trim(std::string_view(rest).substr(dashes + 2));
    Suppression s;
    s.file = id;
    s.range = comment.range;
    s.reason = reason;
    std::size_t start = 0;
    while (start <= list.size()) {
      const auto comma = list.find(',', start);
      const std::string name = trim(std::string_view(list).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!name.empty()) s.rules.push_back(name);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (s.rules.empty()) {
      report("the suppression names no rule", "list the rule ids or names after disable=, e.g. disable=CL2001");
      continue;
    }
    if (reason.empty()) {
      report("the suppression gives no reason; it is ignored",
             "add `-- <why this finding is acceptable here>` so the next reader knows");
      continue;
    }
    const auto line = file.position(comment.range.begin).line;
    // Alone on its line: it covers the next line; after code: its own line.
    s.line = alone_on_line(file.text(), comment.range.begin) ? line + 1 : line;
    out.push_back(std::move(s));
  }
  return out;
}

void apply_suppressions(std::vector<Suppression>& suppressions, const model::SourceManager& sources,
                        std::vector<model::Diagnostic>& diagnostics, std::vector<model::Diagnostic>& suppressed) {
  if (suppressions.empty()) return;
  std::vector<model::Diagnostic> kept;
  for (auto& d : diagnostics) {
    const auto line = sources.file(d.range.file).position(d.range.begin).line;
    bool silenced = false;
    for (auto& s : suppressions) {
      if (s.file != d.range.file || s.line != line) continue;
      if (std::find_if(s.rules.begin(), s.rules.end(), [&](const std::string& r) {
            return r == d.rule.code || r == d.rule.name;
          }) == s.rules.end())
        continue;
      s.used = true;
      silenced = true;
    }
    if (silenced) suppressed.push_back(std::move(d));
    else kept.push_back(std::move(d));
  }
  diagnostics = std::move(kept);
  for (const auto& s : suppressions) {
    if (s.used) continue;
    std::string names;
    for (const auto& r : s.rules) names += (names.empty() ? "" : ", ") + r;
    auto d = make_diagnostic(rule::unused_suppression, model::Severity::warning, s.file, s.range.begin, s.range.end,
                             fmt::format("this suppression of {} silences nothing on line {}", names, s.line));
    d.help = "remove it, or move it onto (or directly above) the line of the finding";
    diagnostics.push_back(std::move(d));
  }
}

} // namespace claudelint::source
