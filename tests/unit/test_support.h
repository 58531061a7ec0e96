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
