#include "model/scalar_text.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

namespace claudelint::model {

WrittenScalar read_scalar(std::string_view written) {
  if (written.size() >= 2 && (written.front() == '"' || written.front() == '\'') && written.back() == written.front())
    return {written.front() == '"' ? Quoting::double_quoted : Quoting::single_quoted,
            written.substr(1, written.size() - 2), 1};
  return {Quoting::plain, written, 0};
}

bool plain_string(std::string_view word) {
  if (word.empty() || word.back() == ':') return false;
  const auto letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  if (!letter(static_cast<unsigned char>(word.front())) && word.front() != '_') return false;
  constexpr std::string_view punctuation = "_-./:+@~%=?&";
  if (!std::all_of(word.begin(), word.end(), [&](unsigned char c) {
        return letter(c) || digit(c) || punctuation.find(static_cast<char>(c)) != std::string_view::npos;
      }))
    return false;
  std::string lower(word);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::array<std::string_view, 9> special = {"true", "false", "null", "yes", "no", "y", "n", "on", "off"};
  return std::find(special.begin(), special.end(), lower) == special.end();
}

std::optional<std::string> write_string(Quoting quoting, std::string_view word) {
  switch (quoting) {
  case Quoting::double_quoted:
    return nlohmann::json(std::string(word)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  case Quoting::single_quoted:
    if (word.find_first_of("'\n\r") != std::string_view::npos) return std::nullopt;
    return "'" + std::string(word) + "'";
  case Quoting::plain:
    if (!plain_string(word)) return std::nullopt;
    return std::string(word);
  }
  return std::nullopt;
}

} // namespace claudelint::model
