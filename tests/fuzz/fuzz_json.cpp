// libFuzzer target: strict JSON and JSONC (comments, trailing commas), and
// the one-pass reader against the syntax tree: where the reader accepts a
// file, both must give the same document.
#include "fuzz_harness.h"

#include "source/syntax_cache.h"

namespace {

/// Both ways of loading must agree (source::read_strict_json is tried first
/// unless a syntax cache is kept).
void compare_readers(const std::uint8_t* data, std::size_t size) {
  using namespace claudelint;
  const model::SourceFile file("fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  const support::Limits limits;
  const auto fast = source::load(file, 0, source::FileKind::json, limits);
  source::SyntaxCache cache;
  const auto exact = source::load(file, 0, source::FileKind::json, limits, &cache);
  if (fast.documents.size() != exact.documents.size() || fast.diagnostics.size() != exact.diagnostics.size())
    fuzz::violated("the one-pass JSON reader and the syntax tree disagree on documents or diagnostics");
  for (std::size_t i = 0; i < fast.documents.size(); ++i) {
    const auto& a = fast.documents[i];
    const auto& b = exact.documents[i];
    if (a.value != b.value || a.partial != b.partial || a.map.pointers() != b.map.pointers())
      fuzz::violated("the one-pass JSON reader and the syntax tree give different documents");
    for (const auto& pointer : a.map.pointers()) {
      const auto x = a.map.find(pointer);
      const auto y = b.map.find(pointer);
      if (x->value.begin != y->value.begin || x->value.end != y->value.end || x->key.has_value() != y->key.has_value() ||
          (x->key && (x->key->begin != y->key->begin || x->key->end != y->key->end)))
        fuzz::violated("the one-pass JSON reader and the syntax tree give different ranges");
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using claudelint::source::FileKind;
  claudelint::fuzz::load_and_render(data, size, "fuzz.json", FileKind::json);
  claudelint::fuzz::load_and_render(data, size, "fuzz.jsonc", FileKind::jsonc);
  compare_readers(data, size);
  return 0;
}
