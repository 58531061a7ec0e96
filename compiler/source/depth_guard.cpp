#include "source/depth_guard.h"

#include <vector>

namespace claudelint::source {

std::optional<std::size_t> find_excess_json_depth(std::string_view text, unsigned max_depth) {
  unsigned depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const auto end = text.find("*/", i + 2);
      if (end == std::string_view::npos) break;
      i = end + 1;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> find_excess_yaml_depth(std::string_view text, unsigned max_depth) {
  std::vector<std::size_t> indents; // block indentation stack
  unsigned flow = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t line_start = i;
    std::size_t indent = 0;
    while (i < text.size() && text[i] == ' ') { ++i; ++indent; }
    const bool blank = i >= text.size() || text[i] == '\n' || text[i] == '\r' || text[i] == '#';
    if (!blank && flow == 0) {
      while (!indents.empty() && indents.back() > indent) indents.pop_back();
      if (indents.empty() || indents.back() < indent) indents.push_back(indent);
    }
    unsigned compact = 0;
    char quote = 0;
    bool at_token_start = true;
    for (; i < text.size() && text[i] != '\n'; ++i) {
      const char c = text[i];
      if (quote) {
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"') ++i;
        continue;
      }
      if (c == '#' && (i == line_start || text[i - 1] == ' ' || text[i - 1] == '\t')) {
        while (i < text.size() && text[i] != '\n') ++i;
        break;
      }
      if ((c == '"' || c == '\'') && at_token_start) { quote = c; continue; }
      // `[`/`{` open a flow collection only where a token starts (`a[b` is a plain scalar).
      if ((c == '[' || c == '{') && (at_token_start || flow > 0)) ++flow;
      else if ((c == ']' || c == '}') && flow > 0) --flow;
      else if ((c == '-' || c == '?') && at_token_start && flow == 0 &&
               (i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'))
        ++compact;
      if (indents.size() + compact + flow > max_depth) return i;
      at_token_start = c == ' ' || c == '\t' || c == '[' || c == '{' || c == ',' || c == ':';
    }
    if (i < text.size()) ++i; // the newline
  }
  return std::nullopt;
}

} // namespace claudelint::source
