// libFuzzer target: shell scripts (bash grammar, facts for rules).
#include "fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  claudelint::fuzz::load_and_render(data, size, "fuzz.sh", claudelint::source::FileKind::shell);
  return 0;
}
