#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/position.h"

namespace claudelint::model {

/// Where one value of a document is written. `key` is the range of the
/// mapping key that introduced the value (absent for the root and for array
/// items); `value` is the range of the value itself. For a value reached
/// through a YAML alias, `value` is the alias and `key` the key using it.
struct SourceSpan {
  std::optional<ByteRange> key;
  ByteRange value;
};

/// JSON Pointer (RFC 6901) -> SourceSpan for every key and value of a
/// document, including the root ("").
class SourceMap {
public:
  void set(std::string pointer, SourceSpan span) { spans_.insert_or_assign(std::move(pointer), span); }
  const SourceSpan* find(std::string_view pointer) const;
  std::size_t size() const { return spans_.size(); }
  /// All pointers, sorted, for tests and deterministic iteration.
  std::vector<std::string> pointers() const;

private:
  std::unordered_map<std::string, SourceSpan> spans_;
};

/// Appends one reference token to a pointer, escaping `~` and `/`.
std::string append_pointer(std::string_view pointer, std::string_view token);
std::string append_pointer(std::string_view pointer, std::size_t index);

/// A comment found in a file, with its text (including the marker).
struct Comment {
  ByteRange range;
  std::string text;
};

/// One loaded document: the value, where each part of it is written, and the
/// file it came from. A YAML stream yields one Document per `---` document.
struct Document {
  FileId file = 0;
  nlohmann::json value;
  SourceMap map;
  /// True when syntax errors cut parts of the input out of `value`; later
  /// stages must not report those parts as missing.
  bool partial = false;
};

} // namespace claudelint::model
