// libFuzzer target: the input is a user's rule file (--rule-pack), read and
// checked against the rule schema, then run with the built-in pack over a
// fixed sample tree, whose findings are rendered in every format.
#include <fstream>

#include "fuzz_harness.h"
#include "fuzz_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace claudelint::fuzz;
  // Rule packs are read from disk: the rule file sits beside (not inside)
  // the tree's folder, rewritten for each input.
  static const std::filesystem::path rule_file = scratch_root().string() + "-rule.yaml";
  {
    std::ofstream out(rule_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) violated("cannot write the rule file");
  }
  check_tree(sample_tree(), {rule_file});
  return 0;
}
