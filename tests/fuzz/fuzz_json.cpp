// libFuzzer target: strict JSON and JSONC (comments, trailing commas).
#include "fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using claudelint::source::FileKind;
  claudelint::fuzz::load_and_render(data, size, "fuzz.json", FileKind::json);
  claudelint::fuzz::load_and_render(data, size, "fuzz.jsonc", FileKind::jsonc);
  return 0;
}
