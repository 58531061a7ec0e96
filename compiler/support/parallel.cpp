#include "support/parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace claudelint::support {

namespace {

constexpr unsigned max_threads = 256;

/// The process's worker threads, started on first use and kept: a run calls
/// parallel_for several times, and starting threads for each call cost more
/// than a small tree's work. Worse, on a busy machine the caller waited for a
/// new thread to be scheduled only to find the work already done. Callers
/// never wait for a queued job to start, only for work a worker has taken,
/// so no call can deadlock on another, nested ones included.
///
/// The pool is never destroyed: idle workers end with the process, and a
/// static destructor cannot join a worker that runs while statics go away.
class Pool {
public:
  static Pool& get() {
    static Pool* const pool = new Pool;
    return *pool;
  }

  /// Queues `job`, starting workers until there are `workers` (at most
  /// max_threads - 1).
  void post(std::function<void()> job, unsigned workers) {
    {
      const std::lock_guard lock(mutex_);
      queue_.push_back(std::move(job));
      workers = std::min(workers, max_threads - 1);
      while (threads_ < workers) {
        std::thread(&Pool::work, this).detach();
        ++threads_;
      }
    }
    ready_.notify_one();
  }

private:
  [[noreturn]] void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job(); // jobs catch their own exceptions
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  unsigned threads_ = 0;
};

/// One parallel_for call, shared with the helpers it posted: they may start
/// after the call has returned, and then find nothing left to take.
struct Loop {
  Loop(std::size_t size, const std::function<void(std::size_t)>& body) : count(size), work(&body) {}

  /// Takes indices until none are left. `taking` counts the threads between
  /// announcing a take and finishing its work: announced before the index is
  /// taken, so that once the caller has found the range empty, it only has
  /// to wait for `taking` to reach zero.
  void take() {
    for (;;) {
      ++taking;
      const std::size_t i = next++;
      if (i < count) {
        try {
          (*work)(i);
        } catch (...) {
          fail(i, std::current_exception());
        }
      }
      if (--taking == 0) taking.notify_all();
      if (i >= count) return;
    }
  }

  /// Keeps the exception of the lowest failed index, whichever thread saw it
  /// first, and stops the others taking more.
  void fail(std::size_t i, std::exception_ptr thrown) {
    const std::lock_guard lock(error_mutex);
    if (i < error_index) {
      error_index = i;
      error = std::move(thrown);
    }
    next = count;
  }

  void wait_for_helpers() {
    for (int busy = taking.load(); busy != 0; busy = taking.load()) taking.wait(busy);
  }

  const std::size_t count;
  const std::function<void(std::size_t)>* work; ///< called only while the caller waits
  std::atomic<std::size_t> next{0};
  std::atomic<int> taking{0};
  std::mutex error_mutex;
  std::size_t error_index = std::numeric_limits<std::size_t>::max();
  std::exception_ptr error;
};

} // namespace

void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work) {
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::min<std::size_t>(count, max_threads))));
  if (jobs <= 1) {
    for (std::size_t i = 0; i < count; ++i) work(i);
    return;
  }
  const auto loop = std::make_shared<Loop>(count, work);
  // The calling thread takes indices too; helpers join as they come free.
  for (unsigned t = 1; t < jobs; ++t) Pool::get().post([loop] { loop->take(); }, jobs - 1);
  loop->take();
  loop->wait_for_helpers();
  if (loop->error) std::rethrow_exception(loop->error);
}

Background::Background(std::function<void()> job, unsigned jobs) : state_(std::make_shared<State>()) {
  state_->job = std::move(job);
  if (jobs <= 1) {
    run(*state_);
    return;
  }
  Pool::get().post([state = state_] { run(*state); }, jobs - 1);
}

Background::~Background() {
  if (!state_) return;
  // Not started yet: it never will be. Started: wait for its end.
  int expected = State::queued;
  if (state_->phase.compare_exchange_strong(expected, State::cancelled)) return;
  for (int phase = state_->phase.load(); phase != State::done; phase = state_->phase.load()) state_->phase.wait(phase);
}

void Background::run(State& state) {
  int expected = State::queued;
  if (!state.phase.compare_exchange_strong(expected, State::running)) return;
  try {
    state.job();
  } catch (...) {
  }
  state.job = nullptr;
  state.phase = State::done;
  state.phase.notify_all();
}

std::vector<std::size_t> parallel_pick(std::size_t count, unsigned jobs, const std::function<bool(std::size_t)>& pick) {
  constexpr std::size_t indices_per_thread = 256;
  std::vector<char> chosen(count, 0); // not vector<bool>: threads set different elements
  parallel_for(count, count >= indices_per_thread ? jobs : 1, [&](std::size_t i) { chosen[i] = pick(i); });
  std::vector<std::size_t> picked;
  for (std::size_t i = 0; i < count; ++i)
    if (chosen[i]) picked.push_back(i);
  return picked;
}

} // namespace claudelint::support
