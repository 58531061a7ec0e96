// libFuzzer target: the input is the tree's manifest (claudelint.yaml) over
// a fixed sample tree, so every manifest key (environments, layers, schemas,
// sections, merge, parity, ignore, secrets, rule packs) reaches planning,
// compiling, the rules and the reports.
#include "fuzz_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace claudelint::fuzz;
  auto files = sample_tree();
  files.emplace_back("claudelint.yaml", std::string(reinterpret_cast<const char*>(data), size));
  check_tree(files);
  return 0;
}
