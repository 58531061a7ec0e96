#pragma once
// JSON-RPC 2.0 message shapes and the few LSP 3.17 vocabulary items the
// server shares between its parts: error codes, position encodings, and
// `file://` URIs.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace claudelint::lsp {

using nlohmann::json;

/// JSON-RPC and LSP error codes.
namespace error_code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int server_not_initialized = -32002;
inline constexpr int request_cancelled = -32800;
} // namespace error_code

/// A request the server cannot serve: answered with this code and message.
class ProtocolError : public std::runtime_error {
public:
  ProtocolError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

private:
  int code_;
};

/// `{"jsonrpc": "2.0", "id": id, "result": result}`.
json response(const json& id, json result);
/// `{"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}`.
json error_response(const json& id, int code, std::string message);
/// `{"jsonrpc": "2.0", "method": method, "params": params}`.
json notification(std::string method, json params);

/// The JSON value of a message body; nullopt with `error` set when it is
/// not JSON (or nests deeper than any LSP message does).
std::optional<json> parse_message(std::string_view body, std::string& error);

/// How `Position.character` counts: UTF-16 code units (the LSP default) or
/// bytes of UTF-8, as negotiated in `initialize`.
enum class PositionEncoding { utf16, utf8 };

/// "utf-16" or "utf-8".
std::string_view to_string(PositionEncoding encoding);

/// The encoding to use given the client's `general.positionEncodings`
/// (absent or without "utf-8": UTF-16).
PositionEncoding negotiate_encoding(const json& client_capabilities);

/// The local path of a `file://` URI (percent-decoded); nullopt for other
/// schemes and for malformed URIs.
std::optional<std::filesystem::path> uri_to_path(std::string_view uri);

/// The `file://` URI of an absolute path, percent-encoding what RFC 3986
/// does not allow in a path.
std::string path_to_uri(const std::filesystem::path& path);

} // namespace claudelint::lsp
