// `placeholder`: a value that was never filled in: the guide's own
// `your-pagerduty-key`, `sk-prod-...`, `https://hooks.slack.com/...`, and
// the usual changeme / TODO / <…> / xxx markers.
#include <algorithm>
#include <cctype>

#include "rules/native/registry.h"

namespace claudelint::rules::native {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool looks_placeholder(const std::string& text) {
  const std::string l = lower(text);
  if (l.empty()) return false;
  if (l.ends_with("...") || l.ends_with("…")) return true;          // sk-prod-..., https://hooks.slack.com/...
  if (l.starts_with("your-") || l.starts_with("your_") || l.starts_with("<your")) return true;
  if (l.front() == '<' && l.back() == '>') return true;               // <api-key>
  for (const char* word : {"changeme", "change-me", "change_me", "replace-me", "replace_me", "replaceme", "todo",
                           "fixme", "tbd", "placeholder"})
    if (l == word || l.find(std::string(word) + "-") == 0 || l.find(std::string(word) + "_") == 0) return true;
  return l.size() >= 3 && l.find_first_not_of('x') == std::string::npos; // xxx
}

} // namespace

std::optional<Failure> check_placeholder(const Context& context) {
  if (!context.value.is_string()) return std::nullopt;
  if (!looks_placeholder(context.value.get<std::string>())) return std::nullopt;
  return Failure{"a real value (or a ${NAME} reference), not a placeholder", std::nullopt};
}

} // namespace claudelint::rules::native
