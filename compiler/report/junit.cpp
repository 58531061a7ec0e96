// JUnit XML for CI test reports: one <testsuite> per file, one <testcase>
// per rule that found something in it (a <failure> listing its findings),
// and one passing testcase for a file with no finding. It validates
// against the Jenkins JUnit schema (docs/output-formats.md).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/ci_formats.h"
#include "report/render.h"
#include "source/syntax_rules.h"

namespace claudelint::report {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

/// Length of the valid UTF-8 sequence at `text[i]` and its code point, or 0
/// when the bytes there are not one (overlong forms, surrogates and code
/// points past U+10FFFF included).
std::size_t decode(std::string_view text, std::size_t i, char32_t& code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF; // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  code_point = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) code_point = (code_point << 6) | (byte(k) & 0x3F);
  return length;
}

bool allowed_in_xml(char32_t c) {
  if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
  return c != 0xFFFE && c != 0xFFFF;
}

/// The findings of one rule in one file.
struct RuleCase {
  std::string name; ///< "CL0002 duplicate-key"
  std::vector<const model::Diagnostic*> findings;
};

/// Cases by rule id, so they come out in id order.
using FileCases = std::map<std::string, RuleCase>;

std::string location(const model::SourceManager& sources, const model::Range& range) {
  const auto& file = sources.file(range.file);
  const auto at = file.position(range.begin);
  return fmt::format("{}:{}:{}", file.path(), at.line, at.column);
}

/// Each finding as the text format starts it, with its notes and help.
std::string failure_text(const RuleCase& c, const model::SourceManager& sources) {
  std::string text;
  for (const auto* d : c.findings) {
    if (!text.empty()) text += '\n';
    text += fmt::format("{}: {}[{}]: {}\n", location(sources, d->range), model::to_string(d->severity),
                        d->rule.code, d->message);
    for (const auto& related : d->related)
      text += fmt::format("{}: note: {}\n", location(sources, related.range), related.message);
    if (d->help) text += fmt::format("help: {}\n", *d->help);
  }
  return text;
}

model::Severity worst(const RuleCase& c) {
  auto severity = model::Severity::info;
  for (const auto* d : c.findings) severity = std::min(severity, d->severity);
  return severity;
}

/// A path that was not read (a link out of the root, a loop): JUnit's skipped.
bool is_skipped(const RuleCase& c) {
  for (const auto* d : c.findings)
    if (d->rule.code != source::rule::skipped_path.code) return false;
  return true;
}

std::string failure_message(const RuleCase& c) {
  const std::string& first = c.findings.front()->message;
  if (c.findings.size() == 1) return first;
  return fmt::format("{} findings; the first: {}", c.findings.size(), first);
}

} // namespace

std::string escape_xml(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const std::size_t length = decode(text, i, c);
    if (length == 0 || !allowed_in_xml(c)) {
      out += replacement;
      i += length == 0 ? 1 : length;
      continue;
    }
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    case '\r': out += "&#13;"; break;
    case '\n': out += attribute ? "&#10;" : "\n"; break;
    case '\t': out += attribute ? "&#9;" : "\t"; break;
    default: out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string render_junit(const RenderInput& input) {
  // Every file of the run, clean ones included; a path named twice (a rule
  // pack that is also a checked file) is one suite.
  std::map<std::string, FileCases> files;
  for (model::FileId id = 0; id < input.sources.size(); ++id) files[input.sources.file(id).path()];
  for (const auto& d : input.diagnostics) {
    auto& c = files[input.sources.file(d.range.file).path()][d.rule.code];
    if (c.findings.empty()) c.name = d.rule.name.empty() ? d.rule.code : d.rule.code + " " + d.rule.name;
    c.findings.push_back(&d);
  }

  std::size_t tests = 0, failures = 0;
  std::string suites;
  for (const auto& [path, cases] : files) {
    const std::string classname = escape_xml(path, true);
    std::size_t suite_failures = 0, suite_skipped = 0;
    std::string body;
    for (const auto& entry : cases) {
      const RuleCase& c = entry.second;
      body += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n", classname,
                          escape_xml(c.name, true));
      if (is_skipped(c)) {
        ++suite_skipped;
        body += fmt::format("      <skipped>{}</skipped>\n", escape_xml(failure_message(c), false));
      } else {
        ++suite_failures;
        body += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                            escape_xml(failure_message(c), true), model::to_string(worst(c)),
                            escape_xml(failure_text(c, input.sources), false));
      }
      body += "    </testcase>\n";
    }
    std::size_t suite_tests = cases.size();
    if (cases.empty()) {
      body += fmt::format("    <testcase classname=\"{}\" name=\"claudelint\" time=\"0\"/>\n", classname);
      suite_tests = 1;
    }
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">\n{}"
        "  </testsuite>\n",
        classname, suite_tests, suite_failures, suite_skipped, body);
    tests += suite_tests;
    failures += suite_failures;
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"claudelint\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"0\">\n"
                     "{}</testsuites>\n",
                     tests, failures, suites);
}

} // namespace claudelint::report
