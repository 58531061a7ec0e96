#include "source/loader.h"

#include <fmt/format.h>

#include "source/syntax_rules.h"
#include "support/utf8.h"

namespace claudelint::source {

using model::Severity;

model::Diagnostic make_diagnostic(const model::RuleId& rule, Severity severity, model::FileId file,
                                  std::size_t begin, std::size_t end, std::string message) {
  model::Diagnostic d;
  d.rule = rule;
  d.severity = severity;
  d.range = {file, begin, end};
  d.message = std::move(message);
  return d;
}

namespace {
bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}
} // namespace

std::vector<model::ByteRange> dotenv_sensitive_ranges(std::string_view text) {
  std::vector<model::ByteRange> out;
  std::size_t line = 0;
  while (line < text.size()) {
    std::size_t end = text.find('\n', line);
    if (end == std::string_view::npos) end = text.size();
    std::size_t content_end = end;
    if (content_end > line && text[content_end - 1] == '\r') --content_end;
    std::size_t i = line;
    while (i < content_end && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i < content_end && text[i] != '#') {
      const std::size_t eq = text.substr(i, content_end - i).find('=');
      const std::size_t from = eq == std::string_view::npos ? i : i + eq + 1;
      if (from < content_end) out.push_back({from, content_end});
    }
    line = end + 1;
  }
  return out;
}

LoadResult load(const model::SourceFile& source, model::FileId file, FileKind kind,
                const support::Limits& limits, SyntaxCache* syntax) {
  LoadResult result;
  std::string_view text = source.text();
  if (text.size() > limits.max_file_bytes) {
    auto d = make_diagnostic(rule::file_too_large, Severity::error, file, 0, 0,
                             fmt::format("file is {} bytes, over the {}-byte limit; it was not checked",
                                         text.size(), limits.max_file_bytes));
    d.help = "split the file, or raise the limit with --max-file-size";
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  // Key material is never parsed or shown: only its mode and whether git
  // tracks it are checked.
  if (kind == FileKind::key) {
    result.sensitive.push_back({0, text.size()});
    return result;
  }
  if (const auto bad = support::find_invalid_utf8(text)) {
    auto d = make_diagnostic(rule::invalid_utf8, Severity::error, file, *bad, *bad + 1,
                             fmt::format("invalid UTF-8 byte 0x{:02X}; the file was not parsed",
                                         static_cast<unsigned char>(text[*bad])));
    d.help = "re-save the file as UTF-8";
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  // No config syntax allows a raw NUL, and the parsers do not agree on one
  // (some stop reading there and call the rest of the file fine).
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    auto d = make_diagnostic(rule::syntax_error, Severity::error, file, nul, nul + 1,
                             fmt::format("NUL byte (U+0000) in a {} file; the file was not parsed", to_string(kind)));
    const bool escapes = kind == FileKind::json || kind == FileKind::jsonc || kind == FileKind::yaml;
    d.help = fmt::format("remove it{}; NUL bytes between all the characters mean the file is UTF-16: re-save it as "
                         "UTF-8",
                         escapes ? " (a string can hold one written as \\u0000)" : "");
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  std::size_t base = 0;
  if (text.starts_with("\xEF\xBB\xBF")) {
    auto d = make_diagnostic(rule::byte_order_mark, Severity::warning, file, 0, 3,
                             "file starts with a UTF-8 byte order mark");
    d.help = "remove the BOM; some tools read it as part of the first key";
    result.diagnostics.push_back(std::move(d));
    base = 3;
    text.remove_prefix(3);
  }
  if (is_blank(text) && kind != FileKind::shell) {
    auto d = make_diagnostic(rule::empty_file, Severity::warning, file, base, base,
                             fmt::format("{} file is empty", to_string(kind)));
    d.help = "add the configuration, or delete the file";
    result.diagnostics.push_back(std::move(d));
    return result;
  }

  const LoaderInput input{text, base, file, limits, syntax};
  LoadResult loaded;
  switch (kind) {
  case FileKind::json: loaded = load_json(input, false); break;
  case FileKind::jsonc: loaded = load_json(input, true); break;
  case FileKind::yaml: loaded = load_yaml(input); break;
  case FileKind::dotenv: loaded = load_dotenv(input); break;
  case FileKind::shell: loaded = load_shell(input); break;
  case FileKind::key:
  case FileKind::unknown: return result;
  }
  if (kind == FileKind::dotenv) result.sensitive = dotenv_sensitive_ranges(source.text());
  result.documents = std::move(loaded.documents);
  for (auto& document : result.documents) document.map.shrink_to_fit(); // held until the run ends
  result.comments = std::move(loaded.comments);
  result.diagnostics.insert(result.diagnostics.end(),
                            std::make_move_iterator(loaded.diagnostics.begin()),
                            std::make_move_iterator(loaded.diagnostics.end()));
  model::sort_and_deduplicate(result.diagnostics);
  return result;
}

} // namespace claudelint::source
