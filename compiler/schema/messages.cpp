#include "schema/messages.h"

#include <cctype>

#include <fmt/format.h>

#include "schema/bundler.h"

namespace claudelint::schema {

using nlohmann::json;

namespace {

/// The text between the first pair of single quotes (valijson quotes names).
std::string quoted(const std::string& detail) {
  const auto open = detail.find('\'');
  if (open == std::string::npos) return {};
  const auto close = detail.find('\'', open + 1);
  return close == std::string::npos ? std::string() : detail.substr(open + 1, close - open - 1);
}

/// The numbers after `#` in valijson's uniqueItems text.
std::vector<std::string> indexes(const std::string& detail) {
  std::vector<std::string> out;
  for (auto hash = detail.find('#'); hash != std::string::npos; hash = detail.find('#', hash + 1)) {
    std::string digits;
    for (std::size_t i = hash + 1; i < detail.size() && std::isdigit(static_cast<unsigned char>(detail[i])); ++i)
      digits += detail[i];
    out.push_back(digits);
  }
  return out;
}

std::string clean(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string last_token(const std::string& pointer) {
  const auto tokens = split_pointer(pointer);
  return tokens && !tokens->empty() ? tokens->back() : std::string();
}

} // namespace

std::string show_value(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  std::string text = value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "…";
  return text;
}

std::string list_values(const json& values) {
  std::string out;
  std::size_t shown = 0;
  for (const auto& v : values) {
    if (shown == 8) {
      out += fmt::format(", … ({} in all)", values.size());
      break;
    }
    out += (shown++ == 0 ? "" : ", ") + show_value(v);
  }
  return out;
}

std::string describe(const std::string& keyword, const std::string& pointer, const json* schema, const json* value,
                     const std::string& detail) {
  const json* k = nullptr;
  if (schema && schema->is_object())
    if (const auto it = schema->find(keyword); it != schema->end()) k = &*it;
  const std::string shown = value ? show_value(*value) : std::string("the value");
  if (keyword == "enum") {
    if (k && k->is_array()) return fmt::format("{} is not one of {}", shown, list_values(*k));
    return fmt::format("{} is not one of the allowed values", shown);
  }
  if (keyword == "const") return k ? fmt::format("{} must be {}", shown, show_value(*k)) : fmt::format("{} is not the allowed value", shown);
  if (keyword == "required") return fmt::format("missing required property '{}'", quoted(detail));
  if (keyword == "additionalProperties") return fmt::format("property '{}' is not allowed", last_token(pointer));
  if (keyword == "additionalItems") return fmt::format("item {} is not allowed: the array has more items than the schema allows", last_token(pointer));
  if (keyword == "false") return "no value is allowed here (the schema is `false`)";
  if (k && k->is_number()) {
    const std::string limit = k->dump();
    if (keyword == "minimum") return fmt::format("{} is less than the minimum {}", shown, limit);
    if (keyword == "maximum") return fmt::format("{} is greater than the maximum {}", shown, limit);
    if (keyword == "exclusiveMinimum") return fmt::format("{} must be greater than {}", shown, limit);
    if (keyword == "exclusiveMaximum") return fmt::format("{} must be less than {}", shown, limit);
    if (keyword == "minLength") return fmt::format("{} is shorter than {} characters", shown, limit);
    if (keyword == "maxLength") return fmt::format("{} is longer than {} characters", shown, limit);
    const std::size_t size = value && value->is_structured() ? value->size() : 0;
    if (keyword == "minItems") return fmt::format("the array has {} items, fewer than the minimum {}", size, limit);
    if (keyword == "maxItems") return fmt::format("the array has {} items, more than the maximum {}", size, limit);
    if (keyword == "minProperties") return fmt::format("the object has {} properties, fewer than the minimum {}", size, limit);
    if (keyword == "maxProperties") return fmt::format("the object has {} properties, more than the maximum {}", size, limit);
  }
  if (keyword == "uniqueItems") {
    const auto at = indexes(detail);
    if (at.size() == 2) return fmt::format("items {} and {} are equal, but items must be unique", at[0], at[1]);
    return "items must be unique";
  }
  if (keyword == "not") return "the value matches the schema under `not`, which it must not";
  if (keyword == "contains") return "no item matches the schema under `contains`";
  if (keyword == "dependencies") {
    const std::string missing = quoted(detail);
    if (k && k->is_object() && value && value->is_object())
      for (const auto& [trigger, needs] : k->items())
        if (needs.is_array() && value->contains(trigger) && std::find(needs.begin(), needs.end(), json(missing)) != needs.end())
          return fmt::format("missing property '{}', required when '{}' is present", missing, trigger);
    return fmt::format("missing property '{}', required by another property", missing);
  }
  if (keyword == "if") return "the value does not match the `then` or `else` schema its `if` selects";
  return clean(detail);
}

} // namespace claudelint::schema
