#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/parallel.h"

using claudelint::support::parallel_for;

TEST_CASE("parallel_for visits every index exactly once, whatever the thread count", "[support][parallel]") {
  for (const unsigned jobs : {0u, 1u, 2u, 3u, 8u, 300u}) {
    for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
      std::vector<std::atomic<int>> visits(count);
      parallel_for(count, jobs, [&](std::size_t i) { ++visits[i]; });
      for (std::size_t i = 0; i < count; ++i) {
        INFO("jobs " << jobs << ", count " << count << ", index " << i);
        CHECK(visits[i] == 1);
      }
    }
  }
}

TEST_CASE("parallel_for rethrows a task's exception once every thread has stopped", "[support][parallel]") {
  for (const unsigned jobs : {1u, 4u}) {
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH(parallel_for(100, jobs,
                                   [&](std::size_t i) {
                                     ++ran;
                                     if (i == 10) throw std::runtime_error("task 10 failed");
                                   }),
                      "task 10 failed");
    CHECK(ran >= 11);
  }
}

TEST_CASE("parallel_for rethrows the exception of the lowest failed index", "[support][parallel]") {
  for (const unsigned jobs : {1u, 2u, 8u})
    CHECK_THROWS_WITH(parallel_for(200, jobs,
                                   [](std::size_t i) {
                                     if (i >= 10) throw std::runtime_error("task " + std::to_string(i) + " failed");
                                   }),
                      "task 10 failed");
}

TEST_CASE("parallel_for nests: a task may share out work of its own", "[support][parallel]") {
  std::vector<std::atomic<int>> visits(20 * 30);
  parallel_for(20, 4, [&](std::size_t outer) {
    parallel_for(30, 4, [&](std::size_t inner) { ++visits[outer * 30 + inner]; });
  });
  for (std::size_t i = 0; i < visits.size(); ++i) {
    INFO("index " << i);
    CHECK(visits[i] == 1);
  }
}

TEST_CASE("Background runs its job on a pool thread while the caller goes on", "[support][parallel]") {
  using claudelint::support::Background;
  SECTION("with several jobs, on another thread") {
    std::atomic<bool> ran{false};
    std::thread::id where;
    const Background job(
        [&] {
          where = std::this_thread::get_id();
          ran = true;
          ran.notify_all();
        },
        2);
    ran.wait(false); // no timeout: a job that never runs hangs the test
    CHECK(where != std::this_thread::get_id());
  }
  SECTION("the destructor waits for a job that has started") {
    std::atomic<bool> started{false}, release{false};
    std::atomic<int> steps{0};
    {
      const Background job(
          [&] {
            started = true;
            started.notify_all();
            release.wait(false);
            for (int i = 0; i < 100000; ++i) ++steps;
          },
          2);
      started.wait(false);
      release = true;
      release.notify_all();
    }
    CHECK(steps == 100000);
  }
  SECTION("with one job, at once on the calling thread") {
    std::thread::id where;
    { const Background job([&] { where = std::this_thread::get_id(); }, 1); }
    CHECK(where == std::this_thread::get_id());
  }
  SECTION("an exception ends the job quietly") {
    // Escaping a pool thread, it would terminate the test program.
    std::atomic<bool> ran{false};
    {
      const Background job(
          [&] {
            ran = true;
            ran.notify_all();
            throw std::runtime_error("ignored");
          },
          2);
      ran.wait(false);
    }
    CHECK(ran);
  }
}

TEST_CASE("parallel_pick gives the chosen indices in order, whatever the thread count", "[support][parallel]") {
  using claudelint::support::parallel_pick;
  for (const std::size_t count : {0u, 1u, 7u, 255u, 256u, 5000u})
    for (const unsigned jobs : {1u, 2u, 8u}) {
      const auto picked = parallel_pick(count, jobs, [](std::size_t i) { return i % 3 == 1; });
      std::vector<std::size_t> expected;
      for (std::size_t i = 1; i < count; i += 3) expected.push_back(i);
      CHECK(picked == expected);
    }
}
