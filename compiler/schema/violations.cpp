#include "schema/violations.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "model/document.h"
#include "schema/messages.h"

namespace claudelint::schema {

using nlohmann::json;
using valijson::ValidationResults;

namespace {

// Entries our constraint adds to valijson's error list start with `tag`:
//   M<id>                      end of the subschema of node <id> (a marker)
//   E<keyword>␞<message>       an error at the entry's context, attributed later
//   V<keyword>␞<schema>␞<instance>␞<message>[␞<note>…]   a finished violation
constexpr char tag = '\x1d';
constexpr char field = '\x1e';

std::vector<std::string> split_fields(std::string_view text) {
  std::vector<std::string> out(1);
  for (const char c : text) {
    if (c == field) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

} // namespace

std::string marker_entry(std::size_t id) { return std::string{tag, 'M'} + std::to_string(id); }

std::string error_entry(std::string_view keyword, std::string_view message) {
  return fmt::format("{}E{}{}{}", tag, keyword, field, message);
}

std::string violation_entry(const Violation& v) {
  std::string entry =
      fmt::format("{}V{}{}{}{}{}{}{}", tag, v.keyword, field, v.schema_pointer, field, v.instance_pointer, field, v.message);
  for (const auto& note : v.notes) entry += field + note;
  return entry;
}

std::string to_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string& part = context[i];
    model::push_pointer_token(pointer, part.size() >= 2 ? std::string_view(part).substr(1, part.size() - 2)
                                                        : std::string_view(part));
  }
  return pointer;
}

namespace {

/// What a valijson error text says: the keyword, and whether it only
/// reports that a subschema below failed (a wrapper).
struct Classified {
  std::string_view keyword;
  bool wrapper = false;
};

Classified classify(std::string_view text) {
  struct Rule {
    std::string_view prefix;
    std::string_view keyword;
    bool wrapper;
  };
  // Only the keywords valijson evaluates (the others are ours); longer
  // prefixes first where one extends another.
  static constexpr Rule rules[] = {
      {"Failed to validate against a conditional schema", "if", true},
      {"Failed to match expected value set by 'const'", "const", false},
      {"Failed to any values against subschema in 'contains'", "contains", false},
      {"Failed to match against any enum values", "enum", false},
      {"Array contains more items than allowed", "additionalItems", false},
      {"Cannot validate item #", "additionalItems", false},
      {"Expected number less than or equal to", "maximum", false},
      {"Expected number less than", "exclusiveMaximum", false},
      {"Expected number greater than or equal to", "minimum", false},
      {"Expected number greater than", "exclusiveMinimum", false},
      {"Array should contain no more than", "maxItems", false},
      {"Array should contain no fewer than", "minItems", false},
      {"String should be no more than", "maxLength", false},
      {"String should be no fewer than", "minLength", false},
      {"Object should have no more than", "maxProperties", false},
      {"Object should have no fewer than", "minProperties", false},
      {"Target should not validate against schema specified in 'not'", "not", false},
      {"Missing required property", "required", false},
      {"Elements at indexes", "uniqueItems", false},
      {"Missing dependency", "dependencies", false},
      {"Failed to validate against dependent schema", "dependencies", true},
      {"Failed to validate against child schema #", "allOf", true},
  };
  for (const auto& rule : rules)
    if (text.starts_with(rule.prefix)) return {rule.keyword, rule.wrapper};
  if (text.starts_with("Failed to validate item #"))
    return {text.find("additional items") != std::string_view::npos ? "additionalItems" : "items", true};
  return {"", false};
}

struct Item {
  Violation v;
  const std::vector<std::string>* context = nullptr; ///< the error's, in the results
  bool wrapper = false;
  bool finished = false;   ///< message final (our own entries)
  bool attributed = false; ///< schema_pointer known
};

void attribute(Item& item, const SchemaNode& node) {
  item.attributed = true;
  if (!node.is_false) {
    item.v.schema_pointer = node.pointer;
    return;
  }
  // `false` reaches valijson as {"not": {}}; report it as what it forbids.
  if (node.parent_keyword == "additionalProperties" || node.parent_keyword == "additionalItems") {
    item.v.keyword = node.parent_keyword;
    item.v.schema_pointer = node.parent_pointer;
  } else {
    item.v.keyword = "false";
    item.v.schema_pointer = node.pointer;
  }
}

const json* value_at(const json* root, const std::string& pointer) {
  return root ? model::find_value(*root, pointer) : nullptr;
}

} // namespace

std::vector<Violation> to_violations(const ValidationResults& results, const std::vector<SchemaNode>& nodes,
                                     const json* bundled, const json* instance) {
  std::vector<Item> items;
  // Items not yet tied to a subschema, by instance pointer: a marker only
  // claims errors at its own instance location.
  std::unordered_map<std::string, std::vector<std::size_t>> pending;
  for (const auto& error : results) {
    const std::string& text = error.description;
    if (text.size() >= 2 && text[0] == tag && text[1] == 'M') {
      const auto waiting = pending.find(to_pointer(error.context));
      if (waiting == pending.end()) continue;
      const SchemaNode& node = nodes.at(std::stoul(text.substr(2)));
      std::erase_if(waiting->second, [&](std::size_t i) {
        Item& item = items[i];
        if (*item.context != error.context || !node.has_keyword(item.v.keyword)) return false;
        attribute(item, node);
        return true;
      });
      continue;
    }
    Item item;
    item.context = &error.context;
    item.v.instance_pointer = to_pointer(error.context);
    if (text.size() >= 2 && text[0] == tag) {
      const auto fields = split_fields(std::string_view(text).substr(2));
      item.finished = true;
      if (text[1] == 'V' && fields.size() >= 4) {
        item.v = {fields[2], fields[0], fields[1], fields[3], {fields.begin() + 4, fields.end()}};
        items.push_back(std::move(item));
        continue;
      }
      item.v.keyword = fields.front();
      item.v.message = fields.size() > 1 ? fields[1] : std::string();
    } else {
      const Classified c = classify(text);
      item.v.keyword = std::string(c.keyword);
      item.v.message = text;
      item.wrapper = c.wrapper;
    }
    pending[item.v.instance_pointer].push_back(items.size());
    items.push_back(std::move(item));
  }

  std::vector<Violation> out;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;
  std::set<std::string> leaf_pointers;
  const auto finish = [&](Item& item) {
    if (!item.finished) {
      const json* schema = item.attributed ? value_at(bundled, item.v.schema_pointer) : nullptr;
      item.v.message = describe(item.v.keyword, item.v.instance_pointer, schema,
                                value_at(instance, item.v.instance_pointer), item.v.message);
    }
    if (seen.emplace(item.v.instance_pointer, item.v.keyword, item.v.schema_pointer, item.v.message).second)
      out.push_back(item.v);
  };
  for (auto& item : items) {
    if (item.wrapper) continue;
    finish(item);
    leaf_pointers.insert(item.v.instance_pointer);
  }
  for (auto& item : items) {
    if (!item.wrapper) continue;
    // A wrapper only says that something below failed; keep it when nothing below says what.
    const std::string below = item.v.instance_pointer + "/";
    const auto child = leaf_pointers.lower_bound(below);
    const bool explained = leaf_pointers.contains(item.v.instance_pointer) ||
                           (child != leaf_pointers.end() && child->starts_with(below));
    if (!explained) finish(item);
  }
  return out;
}

} // namespace claudelint::schema
