#include "rules/version.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace claudelint::rules {

std::vector<long> version_parts(const nlohmann::json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.is_number() ? value.dump() : "";
  const auto digit = text.find_first_of("0123456789");
  if (digit == std::string::npos) return {};
  text = text.substr(digit);
  std::vector<long> parts;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = at;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end == at) return {};
    parts.push_back(std::stol(text.substr(at, end - at)));
    if (end == text.size()) break;
    if (text[end] != '.') return {};
    at = end + 1;
  }
  return parts;
}

int compare_versions(std::vector<long> a, std::vector<long> b) {
  a.resize(std::max(a.size(), b.size()), 0);
  b.resize(a.size(), 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

} // namespace claudelint::rules
