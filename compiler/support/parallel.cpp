#include "support/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace claudelint::support {

void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work) {
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::min<std::size_t>(count, 256))));
  if (jobs <= 1) {
    for (std::size_t i = 0; i < count; ++i) work(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(jobs);
  const auto worker = [&](unsigned t) {
    try {
      for (std::size_t i = next++; i < count; i = next++) work(i);
    } catch (...) {
      errors[t] = std::current_exception();
      next = count; // the others stop too
    }
  };
  // The calling thread is one of the workers: one thread fewer to start,
  // and its allocator cache stays warm (a one-file run calls this 3 times).
  std::vector<std::thread> threads;
  threads.reserve(jobs - 1);
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker, t);
  worker(0);
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
}

} // namespace claudelint::support
