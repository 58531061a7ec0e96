// libFuzzer target: YAML streams (anchors, aliases, merge keys, tags, block
// scalars), and the three sources of YAML's events against each other: where
// a file is plain enough to be read from its text or from the syntax tree,
// yaml-cpp must give the same documents, ranges, comments and diagnostics.
#include "fuzz_harness.h"

#include "support/utf8.h"
#include "../unit/test_support.h"

namespace {

void compare_event_sources(const std::uint8_t* data, std::size_t size) {
  using namespace claudelint;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // What load() hands to load_yaml: valid UTF-8 without a BOM.
  if (support::find_invalid_utf8(text) || text.starts_with("\xEF\xBB\xBF")) return;
  const bool from_tree = source::plain_yaml(text), from_text = source::plain_yaml_text(text);
  if (!from_tree && !from_text) return;
  const support::Limits limits;
  const source::LoaderInput input{text, 0, 0, limits};
  const auto yaml_cpp = source::load_yaml(input, source::YamlEvents::from_yaml_cpp);
  const std::string tree_difference =
      from_tree ? test::load_difference(source::load_yaml(input, source::YamlEvents::from_tree_when_plain), yaml_cpp)
                : "";
  if (!tree_difference.empty()) {
    std::fprintf(stderr, "%s\n", tree_difference.c_str());
    fuzz::violated("YAML read from the syntax tree differs from yaml-cpp's reading");
  }
  const std::string text_difference = from_text ? test::load_difference(source::load_yaml(input), yaml_cpp) : "";
  if (!text_difference.empty()) {
    std::fprintf(stderr, "%s\n", text_difference.c_str());
    fuzz::violated("YAML read from the text differs from yaml-cpp's reading");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  claudelint::fuzz::load_and_render(data, size, "fuzz.yaml", claudelint::source::FileKind::yaml);
  compare_event_sources(data, size);
  return 0;
}
