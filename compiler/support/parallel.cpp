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
