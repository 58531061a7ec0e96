#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
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
