#pragma once
// Helpers shared by the unit tests: load text as a kind and read back what
// the source map says about a pointer, as text and as line:column.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "model/source_file.h"
#include "source/loader.h"

namespace claudelint::test {

/// "line:column" of a byte offset.
inline std::string where(const model::SourceFile& file, std::size_t offset) {
  const auto p = file.position(offset);
  return fmt::format("{}:{}", p.line, p.column);
}

/// Number of values in a JSON document, containers included: what a complete
/// source map must hold.
inline std::size_t count_values(const nlohmann::json& value) {
  std::size_t n = 1;
  if (value.is_structured())
    for (const auto& child : value) n += count_values(child);
  return n;
}

/// What differs between two loads of one text (empty when nothing does):
/// documents, source maps, comments and diagnostics, byte for byte.
inline std::string load_difference(const source::LoadResult& a, const source::LoadResult& b) {
  if (a.documents.size() != b.documents.size())
    return fmt::format("{} documents against {}", a.documents.size(), b.documents.size());
  for (std::size_t i = 0; i < a.documents.size(); ++i) {
    const auto &x = a.documents[i], &y = b.documents[i];
    // Compared as text: a NaN (`.nan`) is unequal to itself as a value.
    const auto text = [](const nlohmann::json& v) {
      return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    if (text(x.value) != text(y.value)) return fmt::format("document {}: {} against {}", i, text(x.value), text(y.value));
    if (x.partial != y.partial) return fmt::format("document {}: partial differs", i);
    if (x.map.pointers() != y.map.pointers()) return fmt::format("document {}: the source maps hold other pointers", i);
    for (const auto& pointer : x.map.pointers()) {
      const auto s = x.map.find(pointer), t = y.map.find(pointer);
      if (s->value != t->value || s->key != t->key)
        return fmt::format("document {}: {} at {}-{} against {}-{}", i, pointer, s->value.begin, s->value.end,
                           t->value.begin, t->value.end);
    }
  }
  if (a.comments.size() != b.comments.size()) return "comments differ";
  for (std::size_t i = 0; i < a.comments.size(); ++i)
    if (a.comments[i].range != b.comments[i].range || a.comments[i].text != b.comments[i].text) return "comments differ";
  if (a.diagnostics.size() != b.diagnostics.size())
    return fmt::format("{} diagnostics against {}", a.diagnostics.size(), b.diagnostics.size());
  for (std::size_t i = 0; i < a.diagnostics.size(); ++i) {
    const auto &d = a.diagnostics[i], &e = b.diagnostics[i];
    if (d.rule != e.rule || d.range != e.range || d.message != e.message || d.pointer != e.pointer ||
        d.help != e.help || d.severity != e.severity || d.related.size() != e.related.size())
      return fmt::format("diagnostic {}: {} {} against {} {}", i, d.rule.code, d.message, e.rule.code, e.message);
  }
  return "";
}

struct Loaded {
  model::SourceFile file;
  source::LoadResult result;

  Loaded(std::string path, std::string text, source::FileKind kind, support::Limits limits = {})
      : file(std::move(path), std::move(text)), result(source::load(file, 0, kind, limits)) {}

  const model::Document& doc(std::size_t i = 0) const { return result.documents.at(i); }

  /// The source text of the value at `pointer` ("<none>" when unmapped).
  std::string value_text(std::string_view pointer, std::size_t document = 0) const {
    const auto span = doc(document).map.find(pointer);
    if (!span) return "<none>";
    return std::string(file.text().substr(span->value.begin, span->value.end - span->value.begin));
  }
  std::string key_text(std::string_view pointer, std::size_t document = 0) const {
    const auto span = doc(document).map.find(pointer);
    if (!span || !span->key) return "<none>";
    return std::string(file.text().substr(span->key->begin, span->key->end - span->key->begin));
  }
  /// "line:column-line:column" of the value at `pointer`.
  std::string value_at(std::string_view pointer, std::size_t document = 0) const {
    const auto span = doc(document).map.find(pointer);
    if (!span) return "<none>";
    const auto b = file.position(span->value.begin), e = file.position(span->value.end);
    return fmt::format("{}:{}-{}:{}", b.line, b.column, e.line, e.column);
  }
  /// Diagnostics as "CODE line:column" strings, in order.
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) {
      const auto p = file.position(d.range.begin);
      out.push_back(fmt::format("{} {}:{}", d.rule.code, p.line, p.column));
    }
    return out;
  }
};

} // namespace claudelint::test
