// libFuzzer target: dotenv files (export, quoting, comments).
#include "fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  claudelint::fuzz::load_and_render(data, size, "fuzz.env", claudelint::source::FileKind::dotenv);
  return 0;
}
