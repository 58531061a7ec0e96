#include "schema/explain.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "model/scalar_text.h"
#include "schema/messages.h"
#include "schema/regex.h"
#include "schema/schema_rules.h"

namespace claudelint::schema {

using model::Diagnostic;
using nlohmann::json;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus adjacent transpositions, the
  // most common typo (`tsl` for `tls`).
  // One flat (|a|+1) x (|b|+1) table.
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * width);
  const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(a.size(), b.size());
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // Short words need a close match to be a typo rather than another word (`host` is not `port`).
  const std::size_t allowed = word.size() <= 4 ? 1 : word.size() <= 10 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    // The distance is at least the difference in length.
    const std::size_t length_gap = std::max(word.size(), candidate.size()) - std::min(word.size(), candidate.size());
    if (length_gap >= best_distance) continue;
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

namespace {

std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t i = 1;
  while (true) {
    const std::size_t slash = pointer.find('/', i);
    std::string token(pointer.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i));
    std::string unescaped;
    for (std::size_t k = 0; k < token.size(); ++k) {
      if (token[k] == '~' && k + 1 < token.size()) {
        unescaped += token[k + 1] == '1' ? '/' : '~';
        ++k;
      } else {
        unescaped += token[k];
      }
    }
    tokens.push_back(std::move(unescaped));
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return tokens;
}

std::string parent_of(std::string_view pointer) {
  const auto slash = pointer.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(pointer.substr(0, slash));
}

std::string type_name(const json& v) {
  switch (v.type()) {
  case json::value_t::null: return "null";
  case json::value_t::boolean: return "boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned: return "integer";
  case json::value_t::number_float: return "number";
  case json::value_t::string: return "string";
  case json::value_t::array: return "array";
  case json::value_t::object: return "object";
  default: return "value";
  }
}

/// A value for a message, or only its type for secret files.
std::string show(const json& v, bool show_values) {
  if (!show_values && !v.is_structured()) return fmt::format("the {} value", type_name(v));
  return show_value(v);
}

/// The subschemas that apply at `tokens[i..]`, best effort: properties,
/// patternProperties, additionalProperties, items, local `$ref`s and the
/// combinators. Used to phrase messages, never to decide validity.
void collect(const json& root, const json* schema, const std::vector<std::string>& tokens, std::size_t i,
             std::vector<const json*>& out, unsigned depth = 0) {
  if (!schema || !schema->is_object() || depth > 64) return;
  if (const auto ref = schema->find("$ref"); ref != schema->end() && ref->is_string()) {
    const std::string target = ref->get<std::string>();
    if (target.starts_with("#")) {
      try {
        collect(root, &root.at(json::json_pointer(target.substr(1))), tokens, i, out, depth + 1);
      } catch (const json::exception&) {
      }
    }
    return;
  }
  for (const char* combinator : {"allOf", "anyOf", "oneOf"})
    if (const auto it = schema->find(combinator); it != schema->end() && it->is_array())
      for (const auto& branch : *it) collect(root, &branch, tokens, i, out, depth + 1);
  for (const char* branch : {"then", "else"})
    if (const auto it = schema->find(branch); it != schema->end()) collect(root, &*it, tokens, i, out, depth + 1);
  if (i == tokens.size()) {
    out.push_back(schema);
    return;
  }
  const std::string& token = tokens[i];
  bool matched = false;
  if (const auto props = schema->find("properties"); props != schema->end() && props->is_object()) {
    if (const auto it = props->find(token); it != props->end()) {
      collect(root, &*it, tokens, i + 1, out, depth + 1);
      matched = true;
    }
  }
  if (const auto patterns = schema->find("patternProperties"); patterns != schema->end() && patterns->is_object()) {
    for (const auto& [pattern, sub] : patterns->items()) {
      // The validator's own regex engine (PCRE2, ECMA-262 translated), so
      // explanation and validation agree on what a pattern matches.
      std::string error;
      const auto regex = Regex::compile(pattern, error);
      if (regex && regex->search(token).value_or(false)) {
        collect(root, &sub, tokens, i + 1, out, depth + 1);
        matched = true;
      }
    }
  }
  if (!matched)
    if (const auto extra = schema->find("additionalProperties"); extra != schema->end() && extra->is_object())
      collect(root, &*extra, tokens, i + 1, out, depth + 1);
  if (const auto items = schema->find("items"); items != schema->end()) {
    if (items->is_object()) {
      collect(root, &*items, tokens, i + 1, out, depth + 1);
    } else if (items->is_array() && !token.empty() && std::all_of(token.begin(), token.end(), ::isdigit)) {
      const std::size_t index = std::stoul(token);
      if (index < items->size()) collect(root, &(*items)[index], tokens, i + 1, out, depth + 1);
      else if (const auto more = schema->find("additionalItems"); more != schema->end())
        collect(root, &*more, tokens, i + 1, out, depth + 1);
    }
  }
}

/// The text between the first pair of single quotes in an engine message.
std::optional<std::string> quoted_name(std::string_view message) {
  const auto open = message.find('\'');
  if (open == std::string_view::npos) return std::nullopt;
  const auto close = message.find('\'', open + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(message.substr(open + 1, close - open - 1));
}

class Explainer {
public:
  Explainer(const model::Document& document, const CompiledSchema& schema, const ExplainOptions& options)
      : doc_(document), schema_(schema), options_(options) {}

  Diagnostic explain(const Violation& v) const {
    const json* value = find_value(v.instance_pointer);
    const std::vector<const json*> schemas = schemas_at(v);
    const auto with = [&](const char* keyword) -> const json* {
      for (const json* s : schemas)
        if (const auto it = s->find(keyword); it != s->end()) return &*it;
      return nullptr;
    };
    Diagnostic d;
    d.severity = model::Severity::error;
    d.pointer = v.instance_pointer;
    const std::string& k = v.keyword;

    if (k == "required") {
      std::string missing = quoted_name(v.message).value_or("");
      if (missing.empty() && value && value->is_object())
        if (const json* required = with("required"))
          for (const auto& r : *required)
            if (r.is_string() && !value->contains(r.get<std::string>())) {
              missing = r.get<std::string>();
              break;
            }
      d.rule = rule::missing_required_key;
      d.message = missing.empty() ? "a required key is missing" : fmt::format("missing required key {}", json(missing).dump());
      d.help = missing.empty() ? "add the keys the schema requires" : fmt::format("add {}", json(missing).dump());
      locate_key_of(d, v.instance_pointer);
      return d;
    }
    if (k == "additionalProperties") {
      std::string pointer = v.instance_pointer;
      std::string name = quoted_name(v.message).value_or("");
      if (!name.empty() && value && value->is_object() && value->contains(name))
        pointer = model::append_pointer(v.instance_pointer, name);
      else if (name.empty())
        name = split_pointer(pointer).empty() ? "" : split_pointer(pointer).back();
      d.rule = rule::unknown_key;
      d.pointer = pointer;
      const auto suggestion = closest_match(name, known_keys(pointer));
      d.message = suggestion ? fmt::format("unknown key {} — did you mean {}?", model::quote_for_message(name),
                                           json(*suggestion).dump())
                             : fmt::format("unknown key {}", model::quote_for_message(name));
      d.help = suggestion ? fmt::format("rename it to {}", json(*suggestion).dump())
                          : std::string("remove it, or check the spelling against the schema");
      locate_key_of(d, pointer);
      if (suggestion) suggest(d, *suggestion, *d.help);
      return d;
    }

    if (k == "false" && !v.instance_pointer.empty()) {
      // A `false` subschema under a property: that key may not appear here.
      const auto tokens = split_pointer(v.instance_pointer);
      const json* parent = find_value(parent_of(v.instance_pointer));
      if (parent && parent->is_object()) {
        d.rule = rule::unknown_key;
        d.message = fmt::format("key {} is not allowed here", json(tokens.back()).dump());
        d.help = "remove it; the schema forbids it in this context";
        locate_key_of(d, v.instance_pointer);
        return d;
      }
    }
    locate_value(d, v.instance_pointer);
    const std::string found = value ? show(*value, options_.show_values) : "the value";
    if (k == "type" && value) {
      const json* type = with("type");
      std::string expected = "another type";
      if (type && type->is_string()) expected = type->get<std::string>();
      if (type && type->is_array()) {
        expected.clear();
        for (const auto& t : *type) expected += (expected.empty() ? "" : " or ") + t.get<std::string>();
      }
      d.rule = rule::type_mismatch;
      d.message = value->is_structured() || !options_.show_values
                      ? fmt::format("expected {}, found {}", expected, value->is_structured() ? found : type_name(*value))
                      : fmt::format("expected {}, found {} {}", expected, type_name(*value), found);
      if (value->is_string() && expected == "boolean") {
        static constexpr std::string_view words[] = {"true", "false", "yes", "no", "on", "off", "y", "n"};
        std::string lower = value->get<std::string>();
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (std::find(std::begin(words), std::end(words), lower) != std::end(words))
          d.help = "write true or false, unquoted";
      } else if (value->is_string() && (expected == "integer" || expected == "number")) {
        const std::string& text = value->get<std::string>();
        const bool numeric = !text.empty() && text.find_first_not_of("+-0123456789.eE") == std::string::npos;
        if (numeric) d.help = "write the number without quotes";
      } else if (!value->is_string() && expected == "string") {
        d.help = "quote the value";
      }
      return d;
    }
    if (k == "enum" || k == "const") {
      d.rule = rule::value_not_allowed;
      if (const json* allowed = with(k.c_str())) {
        const json list = allowed->is_array() && k == "enum" ? *allowed : json::array({*allowed});
        d.message = fmt::format("{} is not one of {}", found, list_values(list));
        // Values of three characters or fewer (`1.0` against `1.2`) are choices, not typos.
        if (value && value->is_string() && value->get<std::string>().size() > 3) {
          std::vector<std::string> names;
          for (const auto& a : list)
            if (a.is_string()) names.push_back(a.get<std::string>());
          if (const auto s = closest_match(value->get<std::string>(), names)) {
            d.help = fmt::format("did you mean {}?", json(*s).dump());
            suggest(d, *s, fmt::format("replace it with {}", json(*s).dump()));
          }
        }
        if (!d.help) d.help = "use one of the allowed values";
      } else {
        d.message = fmt::format("{} is not an allowed value", found);
      }
      return d;
    }
    if (k == "not") {
      // The schema says what is forbidden; its description says why.
      d.rule = rule::value_not_allowed;
      d.message = fmt::format("{} is not allowed here", found);
      if (const json* rejected = with("not"); rejected && rejected->is_object())
        if (const auto it = rejected->find("description"); it != rejected->end() && it->is_string())
          d.help = it->get<std::string>();
      return d;
    }
    if (k == "pattern") {
      d.rule = rule::pattern_mismatch;
      const json* pattern = with("pattern");
      d.message = pattern ? fmt::format("{} does not match the pattern {}", found, pattern->get<std::string>())
                          : fmt::format("{} does not match the required pattern", found);
      if (const json* description = with("description"); description && description->is_string())
        d.help = description->get<std::string>();
      return d;
    }
    if (k == "format") {
      d.rule = rule::invalid_format;
      const json* format = with("format");
      d.message = fmt::format("{} is not a valid {}", found, format && format->is_string() ? format->get<std::string>() : "value of its format");
      return d;
    }
    if (const auto range = range_message(k, value, with)) {
      d.rule = rule::value_out_of_range;
      d.message = *range;
      return d;
    }
    d.rule = rule::schema_mismatch;
    // Engine messages can quote the value; secret files get a generic one.
    d.message = options_.show_values ? clean(v.message) : fmt::format("value does not satisfy the `{}` constraint", k);
    return d;
  }

private:
  template <typename With>
  std::optional<std::string> range_message(const std::string& k, const json* value, const With& with) const {
    const json* limit = with(k.c_str());
    if (!limit || !value) return std::nullopt;
    const std::string found = show(*value, options_.show_values);
    const std::string n = limit->dump();
    if (k == "minimum") return fmt::format("{} is less than the minimum {}", found, n);
    if (k == "maximum") return fmt::format("{} is greater than the maximum {}", found, n);
    if (k == "exclusiveMinimum") return fmt::format("{} must be greater than {}", found, limit->is_boolean() ? with("minimum")->dump() : n);
    if (k == "exclusiveMaximum") return fmt::format("{} must be less than {}", found, limit->is_boolean() ? with("maximum")->dump() : n);
    if (k == "multipleOf") return fmt::format("{} is not a multiple of {}", found, n);
    if (k == "minLength") return fmt::format("text is shorter than {} characters", n);
    if (k == "maxLength") return fmt::format("text is longer than {} characters", n);
    if (k == "minItems") return fmt::format("list has {} items, fewer than the minimum {}", value->size(), n);
    if (k == "maxItems") return fmt::format("list has {} items, more than the maximum {}", value->size(), n);
    if (k == "minProperties") return fmt::format("object has {} keys, fewer than the minimum {}", value->size(), n);
    if (k == "maxProperties") return fmt::format("object has {} keys, more than the maximum {}", value->size(), n);
    if (k == "uniqueItems") return std::string("list items must be unique");
    return std::nullopt;
  }

  static std::string clean(std::string message) {
    while (!message.empty() && (message.back() == '.' || message.back() == ' ')) message.pop_back();
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    return message;
  }

  const json* find_value(const std::string& pointer) const { return model::find_value(doc_.value, pointer); }

  std::vector<const json*> schemas_at(const Violation& v) const {
    std::vector<const json*> out;
    const json& root = schema_.bundled();
    if (!v.schema_pointer.empty()) {
      if (const json* s = model::find_value(root, v.schema_pointer); s && s->is_object()) out.push_back(s);
    }
    const auto& found = schema_.subschemas_at(v.instance_pointer, [&] {
      std::vector<const json*> schemas;
      collect(root, &root, split_pointer(v.instance_pointer), 0, schemas);
      return schemas;
    });
    out.insert(out.end(), found.begin(), found.end());
    return out;
  }

  /// The keys the schema declares for the object holding `member_pointer`.
  std::vector<std::string> known_keys(const std::string& member_pointer) const {
    std::vector<std::string> keys;
    const json& root = schema_.bundled();
    const std::string parent = parent_of(member_pointer);
    const auto& schemas = schema_.subschemas_at(parent, [&] {
      std::vector<const json*> found;
      collect(root, &root, split_pointer(parent), 0, found);
      return found;
    });
    for (const json* s : schemas)
      if (const auto props = s->find("properties"); props != s->end() && props->is_object())
        for (const auto& [key, sub] : props->items()) keys.push_back(key);
    return keys;
  }

  /// The narrowest mapped range at or above `pointer`.
  std::optional<model::SourceSpan> span_at(std::string pointer) const {
    while (true) {
      if (const auto span = doc_.map.find(pointer)) return span;
      if (pointer.empty()) return std::nullopt;
      pointer = parent_of(pointer);
    }
  }

  /// Gives `d` a fix writing `word` over its range, quoted the way the text
  /// there is ("…", '…' or plain, model::write_string); none when the text is
  /// not at hand or `word` cannot be written that way (plain, a word YAML
  /// would read as a number or a boolean). Unsafe: the suggestion is a guess.
  void suggest(Diagnostic& d, const std::string& word, std::string title) const {
    const std::string_view text = options_.text;
    if (d.range.end <= d.range.begin || d.range.end > text.size()) return;
    const auto written = model::read_scalar(text.substr(d.range.begin, d.range.end - d.range.begin));
    auto replacement = model::write_string(written.quoting, word);
    if (!replacement) return;
    d.fix = model::Fix{std::move(title), model::Applicability::unsafe, {model::Edit{d.range, std::move(*replacement)}}};
  }

  void locate_value(Diagnostic& d, const std::string& pointer) const {
    if (const auto span = span_at(pointer)) d.range = {doc_.file, span->value.begin, span->value.end};
    else d.range = {doc_.file, 0, 0};
  }

  /// A key's range (the member's own key, or for the root its first byte).
  void locate_key_of(Diagnostic& d, const std::string& pointer) const {
    const auto span = span_at(pointer);
    if (!span) {
      d.range = {doc_.file, 0, 0};
    } else if (span->key) {
      d.range = {doc_.file, span->key->begin, span->key->end};
    } else {
      d.range = {doc_.file, span->value.begin, std::min(span->value.begin + 1, span->value.end)};
    }
  }

  const model::Document& doc_;
  const CompiledSchema& schema_;
  const ExplainOptions& options_;
};

} // namespace

std::vector<Diagnostic> explain(const model::Document& document, const CompiledSchema& schema,
                                const std::vector<Violation>& violations, const ExplainOptions& options) {
  const Explainer explainer(document, schema, options);
  // A wrong type explains everything else wrong with that value (`1.3` is
  // also "not one of" "1.2", "1.3"): report the type alone.
  std::set<std::string> wrong_type;
  for (const auto& v : violations)
    if (v.keyword == "type") wrong_type.insert(v.instance_pointer);
  std::vector<Diagnostic> out;
  out.reserve(violations.size());
  for (const auto& v : violations) {
    if (v.keyword != "type" && v.keyword != "required" && v.keyword != "additionalProperties" &&
        wrong_type.contains(v.instance_pointer))
      continue;
    Diagnostic d = explainer.explain(v);
    if (options.show_values) // notes are engine wording, which may quote the value
      for (const auto& note : v.notes) d.related.push_back({d.range, note});
    out.push_back(std::move(d));
  }
  return out;
}

} // namespace claudelint::schema
