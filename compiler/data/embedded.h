#pragma once
// The data files built into the binary: schemas/ and the built-in rule pack rules/.
#include <span>
#include <string_view>

namespace claudelint::data {

/// One embedded file: its path relative to the repository root
/// (`schemas/config/client.schema.json`) and its bytes.
struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

/// Every embedded file, sorted by path.
std::span<const EmbeddedFile> files();

} // namespace claudelint::data
