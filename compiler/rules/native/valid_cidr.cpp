// `valid-cidr`: an IPv4 or IPv6 address, optionally with a prefix length
// that fits it (10.0.0.0/8, 2001:db8::/32). inet_pton does the parsing.
#include <arpa/inet.h>

#include <fmt/format.h>

#include "rules/native/registry.h"

namespace claudelint::rules::native {

std::optional<Failure> check_valid_cidr(const Context& context) {
  if (!context.value.is_string()) return Failure{"an address or CIDR string", std::nullopt};
  const std::string text = context.value.get<std::string>();
  const auto slash = text.find('/');
  const std::string address = text.substr(0, slash);
  unsigned char buffer[16];
  int bits = 0;
  if (inet_pton(AF_INET, address.c_str(), buffer) == 1) bits = 32;
  else if (inet_pton(AF_INET6, address.c_str(), buffer) == 1) bits = 128;
  else return Failure{"a valid IPv4 or IPv6 address", std::nullopt};
  if (slash == std::string::npos) return std::nullopt;
  const std::string prefix = text.substr(slash + 1);
  if (prefix.empty() || prefix.size() > 3 || prefix.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(prefix) > bits)
    return Failure{fmt::format("a prefix length from 0 to {}", bits), std::nullopt};
  return std::nullopt;
}

} // namespace claudelint::rules::native
