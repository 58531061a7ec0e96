// libFuzzer target: the whole pipeline on a small multi-file tree. The input
// is cut at "%%%" lines into production.json, staging.json, deployment.yaml,
// monitoring.yaml, the .env files, deploy.sh, a manifest, … (fuzz_tree.h),
// loaded, compiled, checked by every rule, rendered in every format, built
// into artifacts and diffed.
#include "fuzz_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace claudelint::fuzz;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_tree(split_tree(input, tree_file_names()));
  return 0;
}
