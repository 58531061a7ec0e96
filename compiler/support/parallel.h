#pragma once
// The one way claudelint uses several cores: an index range shared out to
// threads, each result written to its own slot so that the output never
// depends on the scheduling.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace claudelint::support {

/// Runs `work(i)` for i in [0, count) on at most `jobs` threads, the calling
/// thread being one of them and the others taken from a pool that lives as
/// long as the process. A thrown exception stops the others; the one of the
/// lowest index is rethrown once every index taken is done.
void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work);

/// A job for a pool thread, started while the caller goes on (with `jobs` of
/// 1 or less, run at once in the constructor). The destructor waits for the
/// job if it has started, and drops it if it has not. Exceptions are ignored:
/// use it only to prepare what a later call would make anyway.
class Background {
public:
  Background(std::function<void()> job, unsigned jobs);
  Background() = default;
  Background(Background&&) noexcept = default;
  Background& operator=(Background&&) = delete;
  ~Background();

private:
  struct State {
    enum : int { queued, running, done, cancelled };
    std::atomic<int> phase{queued};
    std::function<void()> job;
  };
  static void run(State& state);
  std::shared_ptr<State> state_;
};

/// The indices in [0, count) that `pick` chooses, in order: asked on `jobs`
/// threads when there are enough indices to pay for starting them (a choice
/// may cost a parse), so that the work that follows is shared out over the
/// chosen ones only, and none at all starts a thread.
std::vector<std::size_t> parallel_pick(std::size_t count, unsigned jobs, const std::function<bool(std::size_t)>& pick);

} // namespace claudelint::support
