#pragma once
#include <cstddef>

namespace claudelint::support {

/// Asks the kernel to back the whole 2 MiB pages inside [data, data +
/// bytes) with huge pages, for a buffer of many megabytes about to be
/// filled (a 10 MB file's bytes or source map): one page fault per 2 MiB
/// instead of one per 4 KiB, which were a quarter of reading such a file.
/// Smaller buffers are left alone, so a run over many small files keeps its
/// memory; at most one partly used huge page is added per buffer. Does
/// nothing where the kernel does not support it.
void advise_huge_pages(const void* data, std::size_t bytes);

} // namespace claudelint::support
