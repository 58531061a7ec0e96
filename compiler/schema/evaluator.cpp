#include "schema/evaluator.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <regex>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/adapters/std_string_adapter.hpp>
#include <valijson/validation_visitor.hpp>

#include "model/document.h"
#include "schema/formats.h"
#include "schema/messages.h"
#include "schema/violations.h"

namespace claudelint::schema {

using nlohmann::json;
using valijson::ValidationResults;
using valijson::adapters::Adapter;
using valijson::adapters::NlohmannJsonAdapter;
using valijson::adapters::StdStringAdapter;

namespace {

/// The instance being validated on this thread, for messages that quote values.
thread_local const json* current_instance = nullptr;

// valijson's visitor wants a std::regex cache; the keywords that would use it
// (`pattern`, `patternProperties`) are ours, so it stays empty.
std::unordered_map<std::string, std::regex>& regex_cache() {
  thread_local std::unordered_map<std::string, std::regex> cache;
  return cache;
}

template <typename Concrete>
bool run_as(const Concrete& target, const valijson::Subschema& schema, const std::vector<std::string>& context,
            ValidationResults* results) {
  // The context only names where errors are; without results nothing reads
  // it, and valijson copies it at every level of the instance: give none.
  static const std::vector<std::string> unused;
  valijson::ValidationVisitor<Concrete> visitor(target, results ? context : unused, true, results, regex_cache());
  return visitor.validateSchema(schema);
}

bool run(const Adapter& target, const valijson::Subschema& schema, const std::vector<std::string>& context,
         ValidationResults* results) {
  if (const auto* value = dynamic_cast<const NlohmannJsonAdapter*>(&target)) return run_as(*value, schema, context, results);
  if (const auto* name = dynamic_cast<const StdStringAdapter*>(&target)) return run_as(*name, schema, context, results);
  throw std::logic_error("unexpected valijson adapter");
}

bool is_multiple(const Adapter& target, const json& divisor) {
  if (divisor.is_number_integer() && target.isInteger()) {
    const auto d = divisor.get<std::int64_t>();
    if (d == 0 || d == -1) return true;
    return target.getInteger() % d == 0;
  }
  const double d = divisor.get<double>();
  if (d == 0) return true;
  const double x = target.getNumber();
  const double q = x / d;
  if (!std::isfinite(q)) return std::isfinite(x) && std::fmod(x, d) == 0; // the quotient overflows, the remainder does not
  return std::fabs(q - std::round(q)) <= 8 * DBL_EPSILON * std::max(1.0, std::fabs(q));
}

std::string number_text(const Adapter& target) {
  if (target.isInteger()) return std::to_string(target.getInteger());
  return json(target.getNumber()).dump();
}

/// Whether a failing alternative rejects the value's very shape (its type or
/// literal), so it was evidently not the alternative the author meant.
bool rejects_shape(const std::vector<Violation>& violations, const std::string& here) {
  return std::any_of(violations.begin(), violations.end(), [&](const Violation& v) {
    return v.instance_pointer == here && (v.keyword == "type" || v.keyword == "const" || v.keyword == "enum" || v.keyword == "false");
  });
}

std::string summary(const std::vector<Violation>& violations, const std::string& here) {
  if (violations.empty()) return "it does not match";
  const Violation& first = violations.front();
  const std::string where = first.instance_pointer == here ? std::string() : fmt::format("at {}: ", first.instance_pointer);
  std::string text = where + first.message;
  if (text.size() > 120) text = text.substr(0, 117) + "…";
  return text + (violations.size() > 1 ? fmt::format(" (and {} more)", violations.size() - 1) : std::string());
}

bool check_alternatives(const Tables& tables, const SchemaNode& node, bool exactly_one, const Adapter& target,
                        const std::vector<std::string>& context, ValidationResults* results) {
  const std::vector<std::size_t>& list = exactly_one ? node.one_of : node.any_of;
  if (!results) {
    int matches = 0;
    for (const std::size_t aux : list) {
      if (!run(target, *tables.aux[aux], context, nullptr)) continue;
      if (!exactly_one || ++matches > 1) return !exactly_one;
    }
    return matches == 1;
  }
  std::vector<std::vector<Violation>> failures(list.size());
  std::vector<std::size_t> matched;
  for (std::size_t i = 0; i < list.size(); ++i) {
    ValidationResults branch;
    if (run(target, *tables.aux[list[i]], context, &branch)) {
      if (!exactly_one) return true;
      matched.push_back(i);
    } else {
      failures[i] = to_violations(branch, tables.nodes, tables.bundled, current_instance);
    }
  }
  if (exactly_one && matched.size() == 1) return true;
  const std::string_view keyword = exactly_one ? "oneOf" : "anyOf";
  if (!matched.empty()) {
    std::string which;
    for (const std::size_t i : matched) which += (which.empty() ? "" : ", ") + std::to_string(i + 1);
    results->pushError(context, error_entry(keyword, fmt::format("the value matches {} of the alternatives ({}) but must match exactly one",
                                                                 matched.size(), which)));
    return false;
  }
  const std::string here = to_pointer(context);
  // The closest alternative: one that accepts the value's shape, else one that
  // accepts its type but not its literal value (an enum miss), else none.
  const auto distance = [&](const std::vector<Violation>& violations) {
    if (!rejects_shape(violations, here)) return 0;
    const bool type_rejected = std::any_of(violations.begin(), violations.end(), [&](const Violation& v) {
      return v.instance_pointer == here && v.keyword == "type";
    });
    return type_rejected ? 2 : 1;
  };
  std::vector<std::size_t> plausible;
  for (int level = 0; level < 2 && plausible.empty(); ++level)
    for (std::size_t i = 0; i < failures.size(); ++i)
      if (distance(failures[i]) == level) plausible.push_back(i);
  if (plausible.size() == 1) {
    // Only one alternative comes that close: its failures are the real ones,
    // and the first of them says why the others do not fit.
    const std::size_t chosen = plausible.front();
    std::vector<std::string> notes;
    for (std::size_t i = 0; i < failures.size(); ++i)
      if (i != chosen)
        notes.push_back(fmt::format("{} alternative {} does not fit either: {}", keyword, i + 1, summary(failures[i], here)));
    bool first = true;
    for (Violation v : failures[chosen]) {
      if (first) v.notes = notes;
      first = false;
      results->pushError(context, violation_entry(v));
    }
    return false;
  }
  std::string why;
  for (std::size_t i = 0; i < failures.size(); ++i)
    why += fmt::format("{}alternative {}: {}", i == 0 ? "" : "; ", i + 1, summary(failures[i], here));
  results->pushError(context, error_entry(keyword, fmt::format("the value matches none of the {} alternatives ({})", list.size(), why)));
  return false;
}

std::string type_of(const Adapter& target) {
  if (target.isNull()) return "null";
  if (target.isBool()) return "boolean";
  if (target.isInteger()) return "integer";
  if (target.isNumber()) return "number";
  if (target.isString()) return "string";
  if (target.isArray()) return "array";
  return "object";
}

bool has_type(const Adapter& target, const std::string& type, bool float_integers) {
  if (type == "null") return target.isNull();
  if (type == "boolean") return target.isBool();
  if (type == "object") return target.isObject();
  if (type == "array") return target.isArray();
  if (type == "string") return target.isString();
  if (type == "number") return target.isNumber();
  if (type != "integer") return false;
  if (target.isInteger()) return true;
  if (!target.isDouble()) return false;
  // A JSON number is an integer when its value is (draft 6); draft 4 counts
  // only the integers too large for a 64-bit integer, which the parser keeps as doubles.
  const double d = target.getDouble();
  return std::isfinite(d) && d == std::floor(d) && (float_integers || std::fabs(d) >= 9.2e18);
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '+') value = 62;
    else if (c == '/') value = 63;
    else if (c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text[i + 1] == '=')) break;
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

/// properties / patternProperties / additionalProperties, member by member:
/// errors come from the member's own subschema, at the member.
bool check_properties(const Tables& tables, const SchemaNode& node, const Adapter& target,
                      const std::vector<std::string>& context, ValidationResults* results) {
  bool valid = true;
  target.applyToObject([&](const std::string& name, const Adapter& value) {
    std::vector<std::string> member; // names the member in errors: only with results
    if (results) {
      member = context;
      member.push_back("[" + name + "]");
    }
    bool matched = false;
    const auto check = [&](std::size_t aux) {
      matched = true;
      if (!run(value, *tables.aux[aux], member, results)) valid = false;
      return results || valid;
    };
    if (const auto it = node.properties.find(name); it != node.properties.end() && !check(it->second)) return false;
    for (const auto& rule : node.pattern_properties)
      if (rule.regex->search(name).value_or(false) && !check(rule.aux)) return false;
    if (!matched && node.additional_properties && !check(*node.additional_properties)) return false;
    return true;
  });
  return valid;
}

bool check_property_names(const Tables& tables, const SchemaNode& node, const Adapter& target,
                          const std::vector<std::string>& context, ValidationResults* results) {
  const valijson::Subschema& schema = *tables.aux[*node.property_names];
  const std::string here = to_pointer(context);
  bool valid = true;
  target.applyToObject([&](const std::string& name, const Adapter&) {
    const StdStringAdapter key(name);
    if (!results) {
      valid = run(key, schema, context, nullptr);
      return valid;
    }
    const InstanceScope no_values(nullptr);
    ValidationResults inner;
    if (run(key, schema, context, &inner)) return true;
    valid = false;
    const auto why = to_violations(inner, tables.nodes, tables.bundled, nullptr);
    const std::string quoted = json(name).dump();
    results->pushError(context, violation_entry({model::append_pointer(here, name), "propertyNames", node.pointer,
                                                 why.empty() ? fmt::format("property name {} is not allowed", quoted)
                                                             : fmt::format("property name {} is not allowed: {}", quoted,
                                                                           why.front().message)}));
    return true;
  });
  return valid;
}

/// A text equal for two values exactly when JSON Schema calls them equal
/// (numbers by value, so 1 and 1.0 agree; object keys in order).
void canonical_text(const Adapter& value, std::string& out) {
  if (value.isObject()) {
    std::vector<std::pair<std::string, std::string>> members;
    value.applyToObject([&](const std::string& key, const Adapter& member) {
      std::string text;
      canonical_text(member, text);
      members.emplace_back(key, std::move(text));
      return true;
    });
    std::sort(members.begin(), members.end());
    out += '{';
    for (const auto& [key, text] : members) out += json(key).dump() + ':' + text + ',';
    out += '}';
  } else if (value.isArray()) {
    out += '[';
    value.applyToArray([&](const Adapter& item) {
      canonical_text(item, out);
      out += ',';
      return true;
    });
    out += ']';
  } else if (value.isString()) {
    out += json(value.getString()).dump();
  } else if (value.isBool()) {
    out += value.getBool() ? "true" : "false";
  } else if (value.isNull()) {
    out += "null";
  } else if (value.isInteger()) {
    out += fmt::format("n{}", value.getInteger());
  } else if (value.isNumber()) {
    const double number = value.getNumber();
    if (std::trunc(number) == number && std::fabs(number) < 9.2e18) out += fmt::format("n{}", static_cast<std::int64_t>(number));
    else out += fmt::format("n{}", number);
  }
}

/// The first pair of equal items (by the later item's index), in O(n log n)
/// instead of valijson's pairwise comparison, which a 500,000-item
/// allow-list turns into minutes.
std::optional<std::pair<std::size_t, std::size_t>> first_duplicate(const Adapter& array) {
  std::vector<std::pair<std::string, std::size_t>> items;
  std::size_t index = 0;
  array.applyToArray([&](const Adapter& item) {
    std::string text;
    canonical_text(item, text);
    items.emplace_back(std::move(text), index++);
    return true;
  });
  std::sort(items.begin(), items.end());
  std::optional<std::pair<std::size_t, std::size_t>> first;
  for (std::size_t i = 1; i < items.size(); ++i)
    if (items[i].first == items[i - 1].first && (!first || items[i].second < first->second))
      first = std::pair{items[i - 1].second, items[i].second};
  return first;
}

} // namespace

InstanceScope::InstanceScope(const json* instance) : previous_(current_instance) { current_instance = instance; }

InstanceScope::~InstanceScope() { current_instance = previous_; }

bool NodeConstraint::validate(const Adapter& target, const std::vector<std::string>& context,
                              ValidationResults* results) const {
  const Tables& tables = *tables_;
  const SchemaNode& node = tables.nodes[id_];
  bool valid = true;
  // Records a failure; false when evaluation can stop (no errors collected).
  const auto fail = [&](std::string_view keyword, const std::string& message) {
    valid = false;
    if (results) results->pushError(context, error_entry(keyword, message));
    return results != nullptr;
  };
  if (node.types && std::none_of(node.types->begin(), node.types->end(), [&](const std::string& type) {
        return has_type(target, type, tables.float_integers);
      })) {
    std::string expected;
    for (const auto& type : *node.types) expected += (expected.empty() ? "" : " or ") + type;
    if (!fail("type", fmt::format("expected {}, found {}", expected, type_of(target)))) return false;
  }
  if (target.isString() && (node.format || node.pattern_regex || node.content_encoding || node.content_media_type)) {
    const std::string value = target.getString();
    if (node.format && !matches_format(*node.format, value) &&
        !fail("format", fmt::format("{} is not a valid {}", show_value(json(value)), *node.format)))
      return false;
    if (node.pattern_regex) {
      const auto match = node.pattern_regex->search(value);
      if (!match.value_or(false) &&
          !fail("pattern", match ? fmt::format("{} does not match the pattern {}", show_value(json(value)), *node.pattern)
                                 : fmt::format("the pattern {} cannot be evaluated on {} (too complex)", *node.pattern,
                                               show_value(json(value)))))
        return false;
    }
    std::optional<std::string> content = value;
    if (node.content_encoding && *node.content_encoding == "base64") {
      content = base64_decode(value);
      if (!content && !fail("contentEncoding", fmt::format("{} is not valid base64", show_value(json(value))))) return false;
    }
    if (content && node.content_media_type && node.content_media_type->starts_with("application/json") &&
        !json::accept(*content) && !fail("contentMediaType", "the content is not a valid JSON document"))
      return false;
  }
  if (node.unique_items && target.isArray())
    if (const auto pair = first_duplicate(target);
        pair && !fail("uniqueItems", fmt::format("Elements at indexes #{} and #{} violate uniqueness constraint.",
                                                 pair->first, pair->second)))
      return false;
  if (node.multiple_of && target.isNumber() && !is_multiple(target, *node.multiple_of) &&
      !fail("multipleOf", fmt::format("{} is not a multiple of {}", number_text(target), node.multiple_of->dump())))
    return false;
  if (node.checks_properties && target.isObject() && !check_properties(tables, node, target, context, results)) {
    if (!results) return false;
    valid = false;
  }
  if (node.property_names && target.isObject() && !check_property_names(tables, node, target, context, results)) {
    if (!results) return false;
    valid = false;
  }
  if (!node.any_of.empty() && !check_alternatives(tables, node, false, target, context, results)) {
    if (!results) return false;
    valid = false;
  }
  if (!node.one_of.empty() && !check_alternatives(tables, node, true, target, context, results)) {
    if (!results) return false;
    valid = false;
  }
  if (results && results->numErrors() > 0) results->pushError(context, marker_entry(id_));
  return valid;
}

valijson::constraints::Constraint* NodeConstraintBuilder::make(const Adapter& value) const {
  std::int64_t id = -1;
  if (!value.getInteger(id) || id < 0 || static_cast<std::size_t>(id) >= tables_->nodes.size())
    throw std::runtime_error("internal error: bad x-claudelint node index");
  return new NodeConstraint(tables_, static_cast<std::size_t>(id));
}

bool is_valid(const valijson::Subschema& root, const json& instance) {
  const InstanceScope scope(&instance);
  static const std::vector<std::string> no_context; // read only with results
  return run_as(NlohmannJsonAdapter(instance), root, no_context, nullptr);
}

std::vector<Violation> evaluate(const valijson::Subschema& root, const Tables& tables, const json& instance) {
  if (is_valid(root, instance)) return {};
  const InstanceScope scope(&instance);
  const NlohmannJsonAdapter adapter(instance);
  const std::vector<std::string> context{"<root>"};
  ValidationResults results;
  run_as(adapter, root, context, &results);
  std::vector<Violation> out = to_violations(results, tables.nodes, tables.bundled, &instance);
  if (out.empty()) out.push_back({"", "", "", "the value does not match the schema"});
  return out;
}

} // namespace claudelint::schema
