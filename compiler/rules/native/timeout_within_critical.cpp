// `timeout-within-critical`: the request timeout (the compiled value is in
// milliseconds) must exceed the response-time critical threshold of the
// monitoring table; otherwise requests are cut off before that alert can
// ever fire. Cross-file: client config against monitoring.
#include <cmath>

#include <fmt/format.h>

#include "rules/native/registry.h"

namespace claudelint::rules::native {

namespace {

/// Milliseconds per unit of a monitoring threshold; 0 when not a time unit.
double milliseconds_per(const std::string& unit) {
  if (unit == "ms" || unit == "milliseconds") return 1;
  if (unit == "s" || unit == "seconds") return 1000;
  if (unit == "m" || unit == "minutes") return 60000;
  return 0;
}

} // namespace

std::optional<Failure> check_timeout_within_critical(const Context& context) {
  if (!context.value.is_number()) return std::nullopt;
  const auto& document = context.environment.document;
  const nlohmann::json::json_pointer metric("/monitoring/metrics/response_time");
  if (!document.contains(metric)) return std::nullopt;
  const auto& response = document.at(metric);
  if (!response.is_object() || !response.contains("critical") || !response["critical"].is_object()) return std::nullopt;
  const auto& critical = response["critical"];
  if (!critical.contains("above") || !critical["above"].is_number()) return std::nullopt;
  const double scale = milliseconds_per(response.value("unit", std::string("s")));
  if (scale == 0) return std::nullopt;
  const double threshold = critical["above"].get<double>() * scale;
  if (context.value.get<double>() > threshold) return std::nullopt;
  return Failure{fmt::format("more than the response-time critical threshold ({} ms)", threshold),
                 std::string("/monitoring/metrics/response_time/critical/above")};
}

} // namespace claudelint::rules::native
