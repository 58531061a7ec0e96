#include "compile/normalize.h"

#include <map>
#include <unordered_map>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "compile/compile_rules.h"
#include "compile/units.h"
#include "schema/regex.h"
#include "schema/uri.h"
#include "source/loader.h"

namespace claudelint::compile {

using nlohmann::json;

namespace {

constexpr int max_schema_depth = 64; // $ref chains without instance progress

/// The keywords normalising reads of one subschema, each found once.
struct Keywords {
  const json* id = nullptr;        ///< `$id`
  const json* legacy_id = nullptr; ///< draft 4's `id`
  const json* ref = nullptr;
  const json* unit = nullptr;      ///< `x-unit`
  const json* all_of = nullptr;
  const json* properties = nullptr;
  const json* patterns = nullptr;
  const json* additional = nullptr;
  const json* items = nullptr;
  const json* additional_items = nullptr;
  /// The properties whose subschema has a `default`, in key order.
  std::vector<std::pair<const std::string*, const json*>> defaults;
};

void read_keywords(const json& schema, Keywords& out) {
  const auto get = [&](const char* name) -> const json* {
    const auto it = schema.find(name);
    return it == schema.end() ? nullptr : &*it;
  };
  out.id = get("$id");
  out.legacy_id = get("id");
  out.ref = get("$ref");
  out.unit = get("x-unit");
  out.all_of = get("allOf");
  out.properties = get("properties");
  out.patterns = get("patternProperties");
  out.additional = get("additionalProperties");
  out.items = get("items");
  out.additional_items = get("additionalItems");
  if (out.properties && out.properties->is_object())
    for (const auto& [key, subschema] : out.properties->items())
      if (subschema.is_object())
        if (const auto value = subschema.find("default"); value != subschema.end()) out.defaults.emplace_back(&key, &*value);
}

/// The keywords of `schema`. A built-in schema lives as long as the process
/// and never changes, so its subschemas' are read once per thread (no lock)
/// and kept: a run normalises thousands of environments against the same
/// few schemas, and looking each keyword up again for every value was most
/// of normalising. Any other schema's go to `scratch`.
const Keywords& keywords_of(const json& schema, bool builtin, Keywords& scratch) {
  if (!builtin) {
    read_keywords(schema, scratch);
    return scratch;
  }
  thread_local std::unordered_map<const json*, Keywords> builtins;
  const auto [it, inserted] = builtins.try_emplace(&schema);
  if (inserted) read_keywords(schema, it->second);
  return it->second;
}

/// Walks an instance together with the subschemas that apply to each of its
/// values (properties, patternProperties, additionalProperties, items,
/// allOf, $ref). anyOf/oneOf/if-then-else branches are not followed: which
/// branch applies is a validation question, and guessing could fill in the
/// wrong default.
class Normalizer {
public:
  Normalizer(CompiledEnvironment& environment, const SectionSchema& section, const NormalizeInput& input,
             std::vector<model::Diagnostic>& diagnostics)
      : environment_(environment), section_(section), input_(input), diagnostics_(diagnostics) {}

  void run() {
    const auto [document, builtin] = fetch(section_.schema_uri);
    if (!document) return;
    // Rebuild the section's place in a document of its schema, so the walk
    // starts at the schema's root.
    json wrapped;
    const json::json_pointer section(section_.section_pointer);
    if (!environment_.document.contains(section)) return;
    // Moved, not copied, there and back (a copy of every section of every
    // environment was a tenth of compiling).
    wrapped[json::json_pointer(section_.schema_pointer)] = std::move(environment_.document.at(section));
    std::string at, pointer;
    walk(*document, builtin, schema::uri::without_fragment(section_.schema_uri), at, wrapped, pointer, 0);
    environment_.document[section] = std::move(wrapped[json::json_pointer(section_.schema_pointer)]);
  }

private:
  /// The schema document `uri` names, and whether it is a built-in one.
  std::pair<const json*, bool> fetch(const std::string& uri) {
    const std::string base = schema::uri::without_fragment(uri);
    // Built-in schemas are read in place: a copy per section and environment
    // cost more than the rest of the normalisation.
    if (const json* builtin = input_.registry.builtin_document(base)) return {builtin, true};
    auto it = documents_.find(base);
    if (it == documents_.end()) it = documents_.emplace(base, input_.registry.fetch(base)).first;
    return {it->second ? &*it->second : nullptr, false};
  }

  /// The compiled pointer of a pointer in the wrapped instance, if it lies
  /// within the section.
  std::optional<std::string> compiled_pointer(const std::string& pointer) const {
    const std::string& prefix = section_.schema_pointer;
    if (pointer == prefix) return section_.section_pointer;
    if (pointer.size() > prefix.size() && pointer.starts_with(prefix) && pointer[prefix.size()] == '/')
      return section_.section_pointer + pointer.substr(prefix.size());
    return std::nullopt;
  }

  /// Where a `$ref` leads: the subschema, whether it is part of a built-in
  /// document, the base URI there, and its place in that document.
  struct Reference {
    const json* target = nullptr;
    bool builtin = false;
    std::string base;
    std::string at;
  };

  /// Resolves the `$ref` written at `ref` under `base`. A reference within
  /// the built-in schemas leads to the same place every time: resolved once
  /// per thread and kept (resolving URIs was a tenth of normalising).
  const Reference& resolve(const json& ref, bool builtin, const std::string& base, Reference& scratch) {
    const auto work_out = [&](Reference& out) {
      const std::string target = schema::uri::resolve(base, ref.get<std::string>());
      const auto [document, target_builtin] = fetch(target);
      std::string fragment = schema::uri::percent_decode(schema::uri::fragment_of(target));
      if (!document || !(fragment.empty() || fragment.starts_with('/'))) return;
      out.target = model::find_value(*document, fragment);
      out.builtin = target_builtin;
      out.base = schema::uri::without_fragment(target);
      out.at = std::move(fragment);
    };
    if (!builtin) {
      work_out(scratch);
      return scratch;
    }
    thread_local std::map<std::pair<const json*, std::string>, Reference> builtins;
    std::pair<const json*, std::string> key{&ref, base};
    if (const auto it = builtins.find(key); it != builtins.end()) return it->second;
    work_out(scratch);
    // Only built-in targets are kept: another document is fetched per run.
    if (!scratch.builtin) return scratch;
    return builtins.emplace(std::move(key), std::move(scratch)).first->second;
  }

  /// `builtin`: `schema` is part of a built-in schema document. `at` (the
  /// place in the schema) and `pointer` (in the instance) are extended in
  /// place for each child and cut back.
  void walk(const json& schema, bool builtin, const std::string& outer_base, std::string& at, json& instance,
            std::string& pointer, int depth) {
    if (!schema.is_object() || depth > max_schema_depth) return;
    Keywords scratch;
    const Keywords& k = keywords_of(schema, builtin, scratch);
    // Most subschemas have no `$id`: the base is copied only when one does.
    std::optional<std::string> own_base;
    for (const json* id : {k.id, k.legacy_id})
      if (id && id->is_string() && !id->get_ref<const std::string&>().starts_with("#"))
        own_base = schema::uri::resolve(own_base ? *own_base : outer_base, id->get<std::string>());
    const std::string& base = own_base ? *own_base : outer_base;
    if (k.ref && k.ref->is_string()) {
      Reference unkept;
      const Reference& to = resolve(*k.ref, builtin, base, unkept);
      if (to.target) {
        std::string target_at = to.at;
        walk(*to.target, to.builtin, to.base, target_at, instance, pointer, depth + 1);
      }
      return; // draft 4–7: siblings of $ref are ignored
    }
    visit(schema, k, base, at, instance, pointer);
    const std::size_t at_length = at.size(), pointer_length = pointer.size();
    // Descends into `subschema` with `at` extended by `keyword` (and `key`).
    const auto descend = [&](const json& subschema, std::string_view keyword, const std::string* key, json& child) {
      at.append(keyword);
      if (key) model::push_pointer_token(at, *key);
      walk(subschema, builtin, base, at, child, pointer, depth + 1);
      at.resize(at_length);
    };
    if (k.all_of && k.all_of->is_array())
      for (std::size_t i = 0; i < k.all_of->size(); ++i) {
        at.append("/allOf");
        model::push_pointer_index(at, i);
        walk((*k.all_of)[i], builtin, base, at, instance, pointer, depth + 1);
        at.resize(at_length);
      }
    if (instance.is_object()) {
      const json* properties = k.properties && k.properties->is_object() ? k.properties : nullptr;
      const json* patterns = k.patterns && k.patterns->is_object() ? k.patterns : nullptr;
      const json* additional = k.additional && k.additional->is_object() ? k.additional : nullptr;
      for (auto& [key, child] : instance.items()) {
        model::push_pointer_token(pointer, key);
        bool matched = false;
        if (properties)
          if (const auto p = properties->find(key); p != properties->end()) {
            descend(*p, "/properties", &key, child);
            matched = true;
          }
        if (patterns)
          for (const auto& [pattern, subschema] : patterns->items())
            if (search(pattern, key)) {
              descend(subschema, "/patternProperties", &pattern, child);
              matched = true;
            }
        if (!matched && additional) descend(*additional, "/additionalProperties", nullptr, child);
        pointer.resize(pointer_length);
      }
    } else if (instance.is_array()) {
      const json* items = k.items;
      if (!items) return;
      for (std::size_t i = 0; i < instance.size(); ++i) {
        model::push_pointer_index(pointer, i);
        if (items->is_object()) {
          descend(*items, "/items", nullptr, instance[i]);
        } else if (items->is_array() && i < items->size()) {
          at.append("/items");
          model::push_pointer_index(at, i);
          walk((*items)[i], builtin, base, at, instance[i], pointer, depth + 1);
          at.resize(at_length);
        } else if (k.additional_items && k.additional_items->is_object()) {
          descend(*k.additional_items, "/additionalItems", nullptr, instance[i]);
        }
        pointer.resize(pointer_length);
      }
    }
  }

  /// `at` + `keyword` + "/" + the escaped `key`: a place in the schema.
  static std::string location(const std::string& at, std::string_view keyword, std::string_view key) {
    std::string out;
    out.reserve(at.size() + keyword.size() + key.size() + 1);
    out.append(at).append(keyword);
    return model::append_pointer(out, key);
  }

  bool search(const std::string& pattern, const std::string& key) {
    auto it = regexes_.find(pattern);
    if (it == regexes_.end()) {
      std::string error;
      it = regexes_.emplace(pattern, schema::Regex::compile(pattern, error)).first;
    }
    return it->second && it->second->search(key).value_or(false);
  }

  /// Units and defaults for one value and the subschema that applies to it.
  void visit(const json& schema, const Keywords& k, const std::string& base, const std::string& at, json& instance,
             const std::string& pointer) {
    if (k.unit && k.unit->is_string())
      if (const auto compiled = compiled_pointer(pointer))
        normalize_unit(k.unit->get<std::string>(), schema.value("x-number-unit", std::string("ms")), instance, *compiled);
    if (!instance.is_object()) return;
    for (const auto& [key_of, value_of] : k.defaults) {
      const std::string& key = *key_of;
      const json* value = value_of;
      if (instance.contains(key)) continue;
      const std::string child = model::append_pointer(pointer, key);
      const auto child_compiled = compiled_pointer(child);
      if (!child_compiled) continue;
      instance[key] = *value;
      Origin origin;
      origin.layer = "schema default";
      origin.schema = base;
      origin.source_pointer = location(at, "/properties", key) + "/default";
      record_default(*child_compiled, *value, origin);
    }
  }

  void record_default(const std::string& pointer, const json& value, const Origin& origin) {
    environment_.provenance[pointer].push_back(origin);
    if (value.is_object())
      for (const auto& [key, child] : value.items()) record_default(model::append_pointer(pointer, key), child, origin);
    else if (value.is_array())
      for (std::size_t i = 0; i < value.size(); ++i) record_default(model::append_pointer(pointer, i), value[i], origin);
  }

  void normalize_unit(const std::string& unit, const std::string& number_unit, json& value, const std::string& pointer) {
    if (unit != "size" && unit != "duration") return;
    const Origin* origin = environment_.origin(pointer);
    if (origin && origin->file && input_.schema_findings.contains({*origin->file, origin->source_pointer})) return;
    std::variant<std::uint64_t, UnitError> result;
    if (value.is_string()) {
      result = unit == "size" ? parse_size(value.get<std::string>()) : parse_duration(value.get<std::string>());
    } else if (value.is_number() && unit == "duration") {
      result = duration_from_number(value.get<double>(), number_unit);
    } else {
      return; // sizes given as numbers are bytes already; other types are the schema's business
    }
    if (const auto* amount = std::get_if<std::uint64_t>(&result)) {
      value = *amount;
      return;
    }
    report(std::get<UnitError>(result), unit, value, pointer, origin);
  }

  void report(const UnitError& error, const std::string& unit, const json& value, const std::string& pointer,
              const Origin* origin) {
    if (!origin || !origin->file) return;
    const auto& file = input_.sources.file(*origin->file);
    std::size_t begin = origin->value.begin, end = origin->value.end;
    // Underline just the bad part when the source spells the string as is
    // (plain or quoted without escapes).
    if (value.is_string()) {
      const std::string text = value.get<std::string>();
      const std::string_view written = file.text().substr(begin, end - begin);
      const std::size_t quote = !written.empty() && (written.front() == '"' || written.front() == '\'') ? 1 : 0;
      if (written.substr(quote, text.size()) == text && error.end <= text.size() && error.begin < error.end) {
        end = begin + quote + error.end;
        begin = begin + quote + error.begin;
      }
    }
    auto d = source::make_diagnostic(unit == "size" ? rule::invalid_size : rule::invalid_duration,
                                     model::Severity::error, *origin->file, begin, end, error.message);
    d.pointer = pointer; // no environment: the value is wrong in every environment it reaches
    if (!error.help.empty()) d.help = error.help;
    diagnostics_.push_back(std::move(d));
  }

  CompiledEnvironment& environment_;
  const SectionSchema& section_;
  const NormalizeInput& input_;
  std::vector<model::Diagnostic>& diagnostics_;
  std::map<std::string, std::optional<json>> documents_;
  std::map<std::string, std::optional<schema::Regex>> regexes_;
};

} // namespace

void normalize_section(CompiledEnvironment& environment, const SectionSchema& section, const NormalizeInput& input,
                       std::vector<model::Diagnostic>& diagnostics) {
  Normalizer(environment, section, input, diagnostics).run();
}

} // namespace claudelint::compile
