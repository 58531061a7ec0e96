#pragma once
// Shared body of the libFuzzer targets: load one input as a given kind, then
// render what the loader found, so hostile bytes reach the loaders, the
// source map and every piece of position arithmetic a user's run reaches.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"
#include "model/source_file.h"
#include "report/render.h"
#include "source/loader.h"
#include "support/limits.h"

namespace claudelint::fuzz {

/// Stops the run with a message: libFuzzer reports the abort as a crash and
/// saves the input.
[[noreturn]] inline void violated(const char* what) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

/// A range produced for a file must lie inside that file.
inline void check_range(std::size_t begin, std::size_t end, std::size_t size, const char* what) {
  if (begin > end || end > size) violated(what);
}

/// Loads `size` bytes at `data` as `kind` from a file named `path`, checks
/// that every range stays inside the file, and renders the diagnostics as
/// text (with and without colour) and as JSON, which must parse back.
inline void load_and_render(const std::uint8_t* data, std::size_t size, std::string_view path,
                            source::FileKind kind) {
  model::SourceManager sources;
  const model::FileId id =
      sources.add(std::string(path), std::string(reinterpret_cast<const char*>(data), size));
  const model::SourceFile& file = sources.file(id);

  source::LoadResult result = source::load(file, id, kind, support::Limits{});

  for (const auto& d : result.diagnostics) {
    if (d.range.file != id) violated("diagnostic points into another file");
    check_range(d.range.begin, d.range.end, size, "diagnostic range outside the file");
    for (const auto& related : d.related) {
      if (related.range.file != id) violated("related location points into another file");
      check_range(related.range.begin, related.range.end, size, "related range outside the file");
    }
    // The LSP's conversion: UTF-16 columns of both ends.
    (void)file.lines().utf16_column(file.text(), d.range.begin);
    (void)file.lines().utf16_column(file.text(), d.range.end);
  }
  for (const auto& document : result.documents) {
    for (const auto& pointer : document.map.pointers()) {
      const auto span = document.map.find(pointer);
      if (!span) violated("source map lists a pointer it cannot find");
      check_range(span->value.begin, span->value.end, size, "value span outside the file");
      if (span->key) check_range(span->key->begin, span->key->end, size, "key span outside the file");
      (void)file.position(span->value.begin);
      (void)file.position(span->value.end);
    }
  }
  for (const auto& comment : result.comments)
    check_range(comment.range.begin, comment.range.end, size, "comment range outside the file");

  model::sort_and_deduplicate(result.diagnostics);
  const report::RenderInput input{result.diagnostics, sources, 1};
  const std::string text = report::render_text(input, report::TextOptions{});
  const std::string colored = report::render_text(input, report::TextOptions{.color = true});
  const std::string json = report::render_json(input);
  if (text.empty() || colored.empty()) violated("text renderer produced nothing");
  if (!nlohmann::json::accept(json)) violated("render_json produced invalid JSON");
}

} // namespace claudelint::fuzz
