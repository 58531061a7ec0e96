#include <catch2/catch.hpp>

#include <cstddef>
#include <string>

#include "support/huge_pages.h"

using claudelint::support::advise_huge_pages;

TEST_CASE("advise_huge_pages is advice only: bytes written before and after stay", "[support][huge_pages]") {
  // Large and small, at odd offsets, so that the 2 MiB pages inside start and
  // end mid-buffer; a wrong range or a discarding advice would lose bytes.
  for (const std::size_t size : {std::size_t{100}, std::size_t{9} << 20, (std::size_t{17} << 20) + 12345}) {
    std::string buffer(size + 7, '\0');
    for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<char>('a' + i % 23);
    const std::string before = buffer;
    advise_huge_pages(buffer.data() + 7, size);
    CHECK(buffer == before);
    for (std::size_t i = 0; i < buffer.size(); i += 4096) buffer[i] = 'z';
    std::string expected = before;
    for (std::size_t i = 0; i < expected.size(); i += 4096) expected[i] = 'z';
    CHECK(buffer == expected);
  }
  advise_huge_pages(nullptr, 0); // nothing to advise
}
