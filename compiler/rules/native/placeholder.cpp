// `placeholder`: a value that was never filled in: the guide's own
// `your-pagerduty-key`, `sk-prod-...`, `https://hooks.slack.com/...`, and
// the usual changeme / TODO / <…> / xxx markers.

#include "secrets/detector.h"
#include "rules/native/registry.h"

namespace claudelint::rules::native {


std::optional<Failure> check_placeholder(const Context& context) {
  if (!context.value.is_string()) return std::nullopt;
  if (!secrets::looks_like_placeholder(context.value.get_ref<const std::string&>())) return std::nullopt;
  return Failure{"a real value (or a ${NAME} reference), not a placeholder", std::nullopt};
}

} // namespace claudelint::rules::native
