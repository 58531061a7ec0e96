#include "support/huge_pages.h"

#include <cstdint>

#include <sys/mman.h>

namespace claudelint::support {

void advise_huge_pages(const void* data, std::size_t bytes) {
  constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
  constexpr std::size_t worth_it = 8 << 20;
  if (bytes < worth_it) return;
  const auto start = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (start + huge_page - 1) & ~(huge_page - 1);
  const std::uintptr_t end = (start + bytes) & ~(huge_page - 1);
  // Advice only: a kernel without transparent huge pages says EINVAL, and
  // the buffer works the same.
  if (end > begin) (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

} // namespace claudelint::support
