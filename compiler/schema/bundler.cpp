#include "schema/bundler.h"

#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "model/document.h"
#include "schema/dialect.h"
#include "schema/uri.h"

namespace claudelint::schema {

using nlohmann::json;

std::string pointer_reference(const std::string& pointer) { return "#" + uri::percent_encode_fragment(pointer); }

std::optional<std::vector<std::string>> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') return std::nullopt;
  std::size_t start = 1;
  while (true) {
    const auto end = pointer.find('/', start);
    const std::string_view raw = pointer.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') {
        token += raw[i];
      } else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token += raw[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        return std::nullopt;
      }
    }
    tokens.push_back(std::move(token));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return tokens;
}

namespace {

// The base URI of a schema given without a URI: hierarchical, so relative
// references still resolve (and are then reported as unresolvable).
constexpr std::string_view unnamed_base = "claudelint-unnamed:/schema.json";

/// Keywords whose value valijson reads as an integer (and rejects as `2.0`).
constexpr std::string_view integer_keywords[] = {"maxItems",  "minItems",      "maxLength",
                                                 "minLength", "maxProperties", "minProperties"};

struct Location {
  std::size_t doc = 0;
  std::string pointer;
  auto operator<=>(const Location&) const = default;
};

struct Document {
  std::string uri; ///< without fragment, normalised
  json value;
  Draft draft = Draft::draft7;
};

struct Reference {
  std::string base;  ///< the base URI in effect where the `$ref` stands
  std::string value; ///< the `$ref` as written
  std::optional<Location> target;
};

/// The child of `node` named by one unescaped pointer token, or null.
const json* child_of(const json& node, const std::string& token) {
  if (node.is_object()) {
    const auto it = node.find(token);
    return it == node.end() ? nullptr : &*it;
  }
  if (node.is_array()) {
    if (token.empty() || token.size() > 18 || (token.size() > 1 && token.front() == '0')) return nullptr;
    for (const char c : token)
      if (c < '0' || c > '9') return nullptr;
    const auto index = std::stoull(token);
    return index < node.size() ? &node[index] : nullptr;
  }
  return nullptr;
}

void make_integral(json& value) {
  if (!value.is_number_float()) return;
  const double d = value.get<double>();
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) value = static_cast<std::int64_t>(d);
}

class Bundler {
public:
  explicit Bundler(const Fetch& fetch) : fetch_(fetch) {}

  Bundle run(const json& root, const std::string& uri) {
    root_uri_ = uri;
    Bundle result;
    std::optional<Draft> draft = draft_of(root, Draft::draft7, 0, "");
    if (!draft) {
      result.problems = std::move(problems_);
      return result;
    }
    result.draft = *draft;
    const std::string base = uri.empty() ? std::string(unnamed_base) : uri::without_fragment(uri);
    docs_.push_back({base, root, *draft});
    resources_.emplace(base, Location{0, ""});
    walk(0, "", docs_[0].value, base);
    while (!pending_.empty()) {
      const Location next = pending_.front();
      pending_.pop_front();
      resolve(next);
    }
    find_cycles();
    if (fatal_) {
      result.problems = std::move(problems_);
      return result;
    }
    result.document = assemble();
    result.problems = std::move(problems_);
    if (fatal_) result.document.reset();
    return result;
  }

private:
  /// Records a problem that makes the schema unusable.
  void problem(std::size_t doc, std::string pointer, std::string message) {
    problems_.push_back({doc == 0 ? root_uri_ : docs_[doc].uri, std::move(pointer), std::move(message)});
    fatal_ = true;
  }

  /// The draft a document declares with `$schema`; `inherited` when it
  /// declares none. nullopt (and a problem) for 2019-09 and 2020-12.
  std::optional<Draft> draft_of(const json& value, Draft inherited, std::size_t doc, const std::string& via) {
    if (!value.is_object()) return inherited;
    const auto it = value.find("$schema");
    if (it == value.end()) return inherited;
    if (!it->is_string()) {
      problems_.push_back({doc == 0 ? root_uri_ : via, "/$schema", "`$schema` is not a string; validating as draft 7"});
      return Draft::draft7;
    }
    auto dialect = dialect_from_uri(it->get<std::string>());
    if (!dialect) dialect = metaschema_dialect(it->get<std::string>());
    if (!dialect) {
      problems_.push_back({doc == 0 ? root_uri_ : via, "/$schema",
                           fmt::format("`$schema` {} names no known draft; validating as {}", it->dump(),
                                       draft_name(inherited))});
      return inherited;
    }
    switch (*dialect) {
    case Dialect::draft4: return Draft::draft4;
    case Dialect::draft6: return Draft::draft6;
    case Dialect::draft7: return Draft::draft7;
    case Dialect::draft2019_09:
    case Dialect::draft2020_12: break;
    }
    problems_.push_back({doc == 0 ? root_uri_ : via, "/$schema",
                         fmt::format("{} is not supported; claudelint validates drafts 4, 6 and 7 "
                                     "(use \"$schema\": \"{}\")",
                                     dialect_name(*dialect), draft_uri(Draft::draft7))});
    fatal_ = true;
    return std::nullopt;
  }

  /// The draft of a custom metaschema, read from its own `$schema` when
  /// `fetch` serves it.
  std::optional<Dialect> metaschema_dialect(const std::string& uri) {
    if (!fetch_) return std::nullopt;
    try {
      const auto metaschema = fetch_(uri::without_fragment(uri));
      if (!metaschema || !metaschema->is_object()) return std::nullopt;
      const auto it = metaschema->find("$schema");
      return it != metaschema->end() && it->is_string() ? dialect_from_uri(it->get<std::string>()) : std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  /// Indexes the schema at `pointer` and below: embedded resources, plain-name
  /// fragments and `$ref`s (queued for resolution). Only real schema
  /// positions are visited, so `$id` inside `enum` or `const` stays data.
  void walk(std::size_t d, const std::string& pointer, const json& node, std::string base) {
    if (!node.is_object()) return;
    const Location here{d, pointer};
    if (schemas_.contains(here) || refs_.contains(here)) return;
    const Draft draft = docs_[d].draft;
    if (const auto ref = node.find("$ref"); ref != node.end()) {
      // In drafts 4-7 a `$ref` replaces its whole object: siblings, `$id` included, are ignored.
      if (!ref->is_string()) {
        problem(d, pointer + "/$ref", "`$ref` must be a string");
        return;
      }
      refs_.emplace(here, Reference{base, ref->get<std::string>(), std::nullopt});
      pending_.push_back(here);
      return;
    }
    schemas_.insert(here);
    if (const auto id = node.find(id_keyword(draft)); id != node.end() && id->is_string())
      base = apply_id(base, id->get<std::string>(), here);
    for_each_subschema(node, draft, [&](const SubschemaSlot& slot) { walk(d, pointer + slot.suffix, slot.node, base); });
  }

  std::string apply_id(const std::string& base, const std::string& id, const Location& here) {
    const std::string full = uri::resolve(base, id);
    const std::string absolute = uri::without_fragment(full);
    const std::string fragment = uri::fragment_of(full);
    if (fragment.empty() || absolute != uri::without_fragment(base)) resources_.emplace(absolute, here);
    if (!fragment.empty() && fragment.front() != '/') anchors_.emplace(absolute + "#" + uri::percent_decode(fragment), here);
    return absolute;
  }

  /// The base URI in effect at `target`, replaying the `$id`s of the schemas
  /// on the way from its document's root (the target's own `$id` excluded).
  std::string base_at(const Location& target) const {
    const Document& doc = docs_[target.doc];
    std::string base = doc.uri;
    enum class At { schema, schema_list, schema_map, dependency_map, data };
    At at = At::schema;
    const json* node = &doc.value;
    for (const auto& token : split_pointer(target.pointer).value_or(std::vector<std::string>{})) {
      At next = At::data;
      if (at == At::schema && node->is_object() && !node->contains("$ref")) {
        if (const auto id = node->find(id_keyword(doc.draft)); id != node->end() && id->is_string())
          base = uri::without_fragment(uri::resolve(base, id->get<std::string>()));
      }
      const json* child = child_of(*node, token);
      if (!child) break;
      switch (at) {
      case At::schema:
        if (!node->is_object() || node->contains("$ref")) break;
        switch (holds(token, doc.draft)) {
        case Holds::schema: next = At::schema; break;
        case Holds::schema_or_array: next = child->is_array() ? At::schema_list : At::schema; break;
        case Holds::schema_array: next = At::schema_list; break;
        case Holds::schema_map: next = At::schema_map; break;
        case Holds::dependencies: next = At::dependency_map; break;
        case Holds::nothing: break;
        }
        break;
      case At::schema_list:
      case At::schema_map: next = At::schema; break;
      case At::dependency_map: next = child->is_array() ? At::data : At::schema; break;
      case At::data: break;
      }
      at = next;
      node = child;
    }
    return base;
  }

  const json* lookup(const Location& at) const {
    const json* node = &docs_[at.doc].value;
    for (const auto& token : split_pointer(at.pointer).value_or(std::vector<std::string>{})) {
      node = child_of(*node, token);
      if (!node) return nullptr;
    }
    return node;
  }

  /// The location of the resource named `absolute` (a URI without fragment),
  /// fetching and indexing its document when it is not known yet.
  std::optional<Location> resource(const std::string& absolute, const Location& from, const std::string& written) {
    if (const auto it = resources_.find(absolute); it != resources_.end()) return it->second;
    const std::string where = from.pointer + "/$ref";
    if (absolute.starts_with(unnamed_base.substr(0, unnamed_base.find(':') + 1))) {
      problem(from.doc, where,
              fmt::format("cannot resolve $ref {}: it is relative and the schema has no URI to resolve it against",
                          json(written).dump()));
      return std::nullopt;
    }
    std::optional<json> fetched;
    if (fetch_) {
      try {
        fetched = fetch_(absolute);
      } catch (const std::exception& e) {
        problem(from.doc, where, fmt::format("cannot load {} for $ref {}: {}", absolute, json(written).dump(), e.what()));
        return std::nullopt;
      }
    }
    if (!fetched) {
      problem(from.doc, where,
              fmt::format("cannot resolve $ref {}: no schema is known as {}", json(written).dump(), absolute));
      return std::nullopt;
    }
    const std::size_t d = docs_.size();
    const auto draft = draft_of(*fetched, docs_[from.doc].draft, d, absolute);
    if (!draft) {
      problems_.back().message = fmt::format("$ref {} reaches {}, whose {}", json(written).dump(), absolute,
                                             problems_.back().message);
      problems_.back().uri = from.doc == 0 ? root_uri_ : docs_[from.doc].uri;
      problems_.back().pointer = where;
      return std::nullopt;
    }
    docs_.push_back({absolute, std::move(*fetched), *draft});
    resources_.emplace(absolute, Location{d, ""});
    walk(d, "", docs_[d].value, absolute);
    return Location{d, ""};
  }

  void resolve(const Location& at) {
    Reference& ref = refs_.at(at);
    const std::string full = uri::resolve(ref.base, ref.value);
    const std::string absolute = uri::without_fragment(full);
    const std::string fragment = uri::fragment_of(full);
    const std::string where = at.pointer + "/$ref";
    const auto found = resource(absolute, at, ref.value);
    if (!found) return;
    Location target = *found;
    if (!fragment.empty() && fragment.front() == '/') {
      const auto tokens = split_pointer(uri::percent_decode(fragment));
      if (!tokens) {
        problem(at.doc, where, fmt::format("$ref {} holds a malformed JSON pointer", json(ref.value).dump()));
        return;
      }
      for (const auto& token : *tokens) target.pointer = model::append_pointer(target.pointer, token);
    } else if (!fragment.empty()) {
      const auto anchor = anchors_.find(absolute + "#" + uri::percent_decode(fragment));
      if (anchor == anchors_.end()) {
        problem(at.doc, where,
                fmt::format("cannot resolve $ref {}: no subschema has the id \"#{}\"", json(ref.value).dump(),
                            uri::percent_decode(fragment)));
        return;
      }
      target = anchor->second;
    }
    const json* node = lookup(target);
    if (!node) {
      problem(at.doc, where,
              fmt::format("cannot resolve $ref {}: {} has no value at {}", json(ref.value).dump(),
                          target.doc == 0 && root_uri_.empty() ? std::string("the schema") : docs_[target.doc].uri,
                          json(target.pointer).dump()));
      return;
    }
    if (!node->is_object() && !node->is_boolean()) {
      problem(at.doc, where, fmt::format("$ref {} points to a {}, not a schema", json(ref.value).dump(), node->type_name()));
      return;
    }
    // Refresh: resolving may have grown refs_ (std::map keeps references valid).
    refs_.at(at).target = target;
    if (!schemas_.contains(target) && !refs_.contains(target)) walk(target.doc, target.pointer, *node, base_at(target));
  }

  /// A chain of `$ref`s that only ever reaches other `$ref`s has no schema
  /// to validate with (valijson would recurse forever).
  void find_cycles() {
    std::set<Location> reported;
    for (const auto& [start, ref] : refs_) {
      if (reported.contains(start)) continue;
      std::set<Location> seen;
      Location current = start;
      while (true) {
        const auto it = refs_.find(current);
        if (it == refs_.end() || !it->second.target) break;
        if (!seen.insert(current).second) {
          reported.insert(seen.begin(), seen.end());
          problem(start.doc, start.pointer + "/$ref",
                  fmt::format("$ref {} is part of a cycle of references that never reaches a schema",
                              json(ref.value).dump()));
          break;
        }
        current = *it->second.target;
      }
    }
  }

  /// Whether `target` keeps its pointer in the output: no empty token
  /// (valijson drops those) and no step through a key the output drops.
  bool keeps_pointer(const Location& target) const {
    const auto tokens = split_pointer(target.pointer);
    if (!tokens) return false;
    std::string prefix;
    for (const auto& token : *tokens) {
      if (token.empty()) return false;
      const Location here{target.doc, prefix};
      if (refs_.contains(here)) return false;
      if (schemas_.contains(here) && ignored_in(token, docs_[target.doc].draft)) return false;
      prefix = model::append_pointer(prefix, token);
    }
    return true;
  }

  std::string slot_pointer(std::size_t slot) const {
    return model::append_pointer(model::append_pointer("/definitions", container_), std::to_string(slot));
  }

  std::size_t add_slot(const Location& at) {
    slots_.push_back(at);
    return slots_.size() - 1;
  }

  /// Where `target` is in the output document.
  std::string output_pointer(const Location& target) {
    if (const auto it = output_pointers_.find(target); it != output_pointers_.end()) return it->second;
    std::string out;
    if (keeps_pointer(target)) {
      if (target.doc == 0) {
        out = target.pointer;
      } else {
        auto slot = document_slots_.find(target.doc);
        if (slot == document_slots_.end()) slot = document_slots_.emplace(target.doc, add_slot({target.doc, ""})).first;
        out = slot_pointer(slot->second) + target.pointer;
      }
    } else {
      out = slot_pointer(add_slot(target));
    }
    output_pointers_.emplace(target, out);
    return out;
  }

  json materialise(std::size_t d, const std::string& pointer, const json& node) {
    const Location here{d, pointer};
    if (const auto ref = refs_.find(here); ref != refs_.end()) {
      json out = json::object();
      out["$ref"] = pointer_reference(output_pointer(*ref->second.target));
      for (const char* annotation : {"title", "description", "$comment"})
        if (const auto it = node.find(annotation); it != node.end() && it->is_string()) out[annotation] = *it;
      return out;
    }
    if (node.is_object()) {
      const bool schema = schemas_.contains(here);
      const Draft draft = docs_[d].draft;
      json out = json::object();
      for (const auto& [key, value] : node.items()) {
        if (schema && ((key == "$id" || key == "id") && value.is_string())) continue;
        if (schema && key == "$schema" && !(d == 0 && pointer.empty())) continue;
        if (schema && ignored_in(key, draft)) continue;
        out[key] = materialise(d, model::append_pointer(pointer, key), value);
      }
      if (schema) normalise(out, draft);
      return out;
    }
    if (node.is_array()) {
      json out = json::array();
      for (std::size_t i = 0; i < node.size(); ++i) out.push_back(materialise(d, model::append_pointer(pointer, i), node[i]));
      return out;
    }
    return node;
  }

  static void normalise(json& schema, Draft draft) {
    for (const auto keyword : integer_keywords)
      if (const auto it = schema.find(keyword); it != schema.end()) make_integral(*it);
    if (draft != Draft::draft4) return;
    // Draft 4: `exclusiveMaximum: true` qualifies `maximum`; draft 6+ holds the bound itself.
    for (const auto& [exclusive, bound] : {std::pair{"exclusiveMaximum", "maximum"}, std::pair{"exclusiveMinimum", "minimum"}}) {
      const auto it = schema.find(exclusive);
      if (it == schema.end() || !it->is_boolean()) continue;
      if (it->get<bool>() && schema.contains(bound)) {
        *it = schema[bound];
        schema.erase(bound);
      } else {
        schema.erase(it);
      }
    }
  }

  json assemble() {
    const json* root_definitions = docs_[0].value.is_object() ? &docs_[0].value : nullptr;
    container_ = "__claudelint_bundle";
    if (root_definitions) {
      const auto defs = root_definitions->find("definitions");
      for (int n = 2; defs != root_definitions->end() && defs->is_object() && defs->contains(container_); ++n)
        container_ = fmt::format("__claudelint_bundle_{}", n);
    }
    json out = materialise(0, "", docs_[0].value);
    std::vector<json> slots;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const Location at = slots_[i];
      slots.push_back(materialise(at.doc, at.pointer, *lookup(at)));
    }
    if (!slots.empty()) {
      json& definitions = out["definitions"];
      if (definitions.is_null()) definitions = json::object();
      if (!definitions.is_object()) {
        problem(0, "/definitions", "`definitions` must be an object");
        return out;
      }
      json container = json::object();
      for (std::size_t i = 0; i < slots.size(); ++i) container[std::to_string(i)] = std::move(slots[i]);
      definitions[container_] = std::move(container);
    }
    if (out.is_object()) out["$schema"] = draft_uri(Draft::draft7);
    return out;
  }

  const Fetch& fetch_;
  std::string root_uri_;
  std::deque<Document> docs_; ///< a deque: references stay valid while documents are added
  std::map<std::string, Location> resources_; ///< absolute URI (no fragment) → resource
  std::map<std::string, Location> anchors_;   ///< absolute URI + "#name" → subschema
  std::set<Location> schemas_;                ///< every schema object visited (not `$ref`s)
  std::map<Location, Reference> refs_;
  std::deque<Location> pending_;
  std::vector<SchemaProblem> problems_;
  bool fatal_ = false;
  std::string container_;
  std::vector<Location> slots_;
  std::map<std::size_t, std::size_t> document_slots_;
  std::map<Location, std::string> output_pointers_;
};

} // namespace

Bundle bundle(const json& root, const std::string& uri, const Fetch& fetch) {
  try {
    return Bundler(fetch).run(root, uri);
  } catch (const std::exception& e) {
    Bundle failed;
    failed.problems.push_back({uri, "", fmt::format("cannot bundle the schema: {}", e.what())});
    return failed;
  }
}

} // namespace claudelint::schema
