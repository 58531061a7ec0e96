#include "lsp/protocol.h"

#include <cctype>

#include <fmt/format.h>

#include "source/depth_guard.h"
#include "support/hex.h"

namespace claudelint::lsp {

json response(const json& id, json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json error_response(const json& id, int code, std::string message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::move(message)}}}};
}

json notification(std::string method, json params) {
  return {{"jsonrpc", "2.0"}, {"method", std::move(method)}, {"params", std::move(params)}};
}

std::optional<json> parse_message(std::string_view body, std::string& error) {
  // nlohmann's parser recurses: a hostile depth must not reach it.
  constexpr unsigned max_depth = 256;
  if (const auto at = source::find_excess_json_depth(body, max_depth)) {
    error = fmt::format("the message nests deeper than {} levels (at byte {})", max_depth, *at);
    return std::nullopt;
  }
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded()) {
    error = "the message is not valid JSON";
    return std::nullopt;
  }
  return value;
}

std::string_view to_string(PositionEncoding encoding) {
  return encoding == PositionEncoding::utf8 ? "utf-8" : "utf-16";
}

PositionEncoding negotiate_encoding(const json& client_capabilities) {
  if (!client_capabilities.is_object()) return PositionEncoding::utf16;
  const auto general = client_capabilities.find("general");
  if (general == client_capabilities.end() || !general->is_object()) return PositionEncoding::utf16;
  const auto offered = general->find("positionEncodings");
  if (offered == general->end() || !offered->is_array()) return PositionEncoding::utf16;
  for (const auto& encoding : *offered)
    if (encoding == "utf-8") return PositionEncoding::utf8;
  return PositionEncoding::utf16;
}


std::optional<std::filesystem::path> uri_to_path(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.size() < scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(uri[i])) != scheme[i]) return std::nullopt;
  uri.remove_prefix(scheme.size());
  // An authority other than empty or localhost names another machine.
  const auto slash = uri.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view authority = uri.substr(0, slash);
  if (!authority.empty() && authority != "localhost") return std::nullopt;
  uri.remove_prefix(slash);
  uri = uri.substr(0, uri.find_first_of("?#"));
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] != '%') {
      path += uri[i];
      continue;
    }
    if (i + 2 >= uri.size() || support::hex_digit_value(uri[i + 1]) < 0 || support::hex_digit_value(uri[i + 2]) < 0) return std::nullopt;
    const char decoded = static_cast<char>(support::hex_digit_value(uri[i + 1]) * 16 + support::hex_digit_value(uri[i + 2]));
    if (decoded == '\0') return std::nullopt;
    path += decoded;
    i += 2;
  }
  return std::filesystem::path(path).lexically_normal();
}

std::string path_to_uri(const std::filesystem::path& path) {
  std::string out = "file://";
  for (const unsigned char c : path.generic_string()) {
    const bool plain = std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || c == '@' ||
                       c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' ||
                       c == '+' || c == ',' || c == ';' || c == '=';
    if (plain) out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

} // namespace claudelint::lsp
