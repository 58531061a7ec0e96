#include "rules/selector.h"

#include <algorithm>
#include <cctype>

#include "model/document.h"

namespace claudelint::rules {

using nlohmann::json;

namespace {

std::vector<std::string> tokens(const std::string& pattern) {
  std::vector<std::string> out;
  if (pattern.empty()) return out;
  std::size_t start = 1;
  for (;;) {
    const auto slash = pattern.find('/', start);
    std::string token = pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    // RFC 6901 unescaping: ~1 then ~0.
    for (std::size_t at = token.find("~1"); at != std::string::npos; at = token.find("~1", at + 1)) token.replace(at, 2, "/");
    for (std::size_t at = token.find("~0"); at != std::string::npos; at = token.find("~0", at + 1)) token.replace(at, 2, "~");
    out.push_back(std::move(token));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

void expand(const json& node, const std::vector<std::string>& parts, std::size_t index, const std::string& pointer,
            std::vector<std::string>& captures, std::vector<Match>& out) {
  if (index == parts.size()) {
    out.push_back({pointer, &node, captures});
    return;
  }
  const std::string& part = parts[index];
  if (part == "**") { // any depth, zero segments included; no capture
    expand(node, parts, index + 1, pointer, captures, out);
    if (node.is_object())
      for (const auto& [key, child] : node.items()) expand(child, parts, index, model::append_pointer(pointer, key), captures, out);
    else if (node.is_array())
      for (std::size_t i = 0; i < node.size(); ++i) expand(node[i], parts, index, model::append_pointer(pointer, i), captures, out);
    return;
  }
  if (part == "*") {
    if (node.is_object()) {
      for (const auto& [key, child] : node.items()) {
        captures.push_back(key);
        expand(child, parts, index + 1, model::append_pointer(pointer, key), captures, out);
        captures.pop_back();
      }
    } else if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        captures.push_back(std::to_string(i));
        expand(node[i], parts, index + 1, model::append_pointer(pointer, i), captures, out);
        captures.pop_back();
      }
    }
    return;
  }
  const json* child = nullptr;
  if (node.is_object()) {
    if (const auto it = node.find(part); it != node.end()) child = &*it;
  } else if (node.is_array() && !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit)) {
    const auto i = std::stoul(part);
    if (i < node.size()) child = &node[i];
  }
  if (child) {
    expand(*child, parts, index + 1, model::append_pointer(pointer, part), captures, out);
    return;
  }
  // Absent: one null match, unless a wildcard follows (nothing to expand)
  // or the pattern has `**` (every node it passes would lack the value).
  if (std::any_of(parts.begin() + static_cast<std::ptrdiff_t>(index), parts.end(),
                  [](const std::string& p) { return p == "*"; }) ||
      std::find(parts.begin(), parts.end(), "**") != parts.end())
    return;
  std::string missing = pointer;
  for (std::size_t k = index; k < parts.size(); ++k) missing = model::append_pointer(missing, parts[k]);
  out.push_back({missing, nullptr, captures});
}

} // namespace

std::vector<Match> select(const json& document, const std::string& pattern) {
  std::vector<Match> out;
  std::vector<std::string> captures;
  expand(document, tokens(pattern), 0, "", captures, out);
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.pointer < b.pointer; });
  // `**` can reach one value along several paths.
  out.erase(std::unique(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.pointer == b.pointer; }),
            out.end());
  return out;
}

std::string substitute(const std::string& pattern, const std::vector<std::string>& captures, bool as_pointer) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i + 1]))) {
      const std::size_t n = static_cast<std::size_t>(pattern[i + 1] - '0');
      ++i;
      if (n >= 1 && n <= captures.size()) {
        const std::string& capture = captures[n - 1];
        out += as_pointer ? model::append_pointer("", capture).substr(1) : capture;
      }
      continue;
    }
    out += pattern[i];
  }
  return out;
}

} // namespace claudelint::rules
