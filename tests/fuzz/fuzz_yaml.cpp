// libFuzzer target: YAML streams (anchors, aliases, merge keys, tags, block
// scalars), and the two sources of YAML's events against each other: where
// a file is plain enough to be read from the syntax tree, yaml-cpp must
// give the same documents, ranges, comments and diagnostics.
#include "fuzz_harness.h"

#include "support/utf8.h"
#include "../unit/test_support.h"

namespace {

void compare_event_sources(const std::uint8_t* data, std::size_t size) {
  using namespace claudelint;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // What load() hands to load_yaml: valid UTF-8 without a BOM.
  if (support::find_invalid_utf8(text) || text.starts_with("\xEF\xBB\xBF") || !source::plain_yaml(text)) return;
  const support::Limits limits;
  const source::LoaderInput input{text, 0, 0, limits};
  const std::string difference = test::load_difference(
      source::load_yaml(input), source::load_yaml(input, source::YamlEvents::from_yaml_cpp));
  if (!difference.empty()) {
    std::fprintf(stderr, "%s\n", difference.c_str());
    fuzz::violated("YAML read from the syntax tree differs from yaml-cpp's reading");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  claudelint::fuzz::load_and_render(data, size, "fuzz.yaml", claudelint::source::FileKind::yaml);
  compare_event_sources(data, size);
  return 0;
}
