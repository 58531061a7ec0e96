// libFuzzer target: YAML streams (anchors, aliases, merge keys, tags, block scalars).
#include "fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  claudelint::fuzz::load_and_render(data, size, "fuzz.yaml", claudelint::source::FileKind::yaml);
  return 0;
}
