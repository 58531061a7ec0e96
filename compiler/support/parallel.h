#pragma once
// The one way claudelint uses several cores: an index range shared out to
// threads, each result written to its own slot so that the output never
// depends on the scheduling.
#include <cstddef>
#include <functional>

namespace claudelint::support {

/// Runs `work(i)` for i in [0, count) on at most `jobs` threads, the calling
/// thread being one of them. An exception stops the others and is rethrown.
void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work);

} // namespace claudelint::support
