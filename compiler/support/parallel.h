#pragma once
// The one way claudelint uses several cores: an index range shared out to
// threads, each result written to its own slot so that the output never
// depends on the scheduling.
#include <cstddef>
#include <functional>
#include <vector>

namespace claudelint::support {

/// Runs `work(i)` for i in [0, count) on at most `jobs` threads, the calling
/// thread being one of them. An exception stops the others and is rethrown.
void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work);

/// The indices in [0, count) that `pick` chooses, in order: asked on `jobs`
/// threads when there are enough indices to pay for starting them (a choice
/// may cost a parse), so that the work that follows is shared out over the
/// chosen ones only, and none at all starts a thread.
std::vector<std::size_t> parallel_pick(std::size_t count, unsigned jobs, const std::function<bool(std::size_t)>& pick);

} // namespace claudelint::support
