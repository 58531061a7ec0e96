#include "model/document.h"

#include <algorithm>

namespace claudelint::model {

const SourceSpan* SourceMap::find(std::string_view pointer) const {
  const auto it = spans_.find(std::string(pointer));
  return it == spans_.end() ? nullptr : &it->second;
}

std::vector<std::string> SourceMap::pointers() const {
  std::vector<std::string> out;
  out.reserve(spans_.size());
  for (const auto& [pointer, span] : spans_) out.push_back(pointer);
  std::sort(out.begin(), out.end());
  return out;
}

std::string append_pointer(std::string_view pointer, std::string_view token) {
  std::string out;
  out.reserve(pointer.size() + token.size() + 1);
  out.append(pointer);
  out += '/';
  for (const char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string append_pointer(std::string_view pointer, std::size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

} // namespace claudelint::model
