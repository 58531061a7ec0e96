#include "schema/view.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "model/document.h"
#include "schema/bundler.h"
#include "schema/dialect.h"
#include "schema/uri.h"

namespace claudelint::schema {

using nlohmann::json;

bool SchemaNode::has_keyword(std::string_view keyword) const {
  return std::binary_search(keywords.begin(), keywords.end(), keyword);
}

namespace {

/// Keys of a schema object whose subschemas we evaluate. valijson must not
/// see them under their own name; their subtrees stay in place under a new
/// name, so `$ref`s into them still resolve.
bool moved(const json& schema, const std::string& key) {
  const json& value = schema.at(key);
  if (key == "propertyNames") return true;
  if (key == "anyOf" || key == "oneOf") return value.is_array();
  if (key == "properties" || key == "patternProperties") return value.is_object();
  if (key == "additionalProperties") return value.is_object() || value.is_boolean();
  return false;
}

std::string moved_name(const std::string& key) { return "x-claudelint-" + key; }

std::size_t depth(const std::string& pointer) { return static_cast<std::size_t>(std::count(pointer.begin(), pointer.end(), '/')); }

/// `type` as a list of JSON Schema type names; nullopt when malformed.
std::optional<std::vector<std::string>> type_names(const json& value) {
  static constexpr std::string_view known[] = {"null", "boolean", "object", "array", "number", "integer", "string"};
  std::vector<std::string> names;
  for (const json& name : value.is_array() ? value : json::array({value})) {
    if (!name.is_string() || std::find(std::begin(known), std::end(known), name.get<std::string>()) == std::end(known))
      return std::nullopt;
    names.push_back(name.get<std::string>());
  }
  return names;
}

class ViewBuilder {
public:
  explicit ViewBuilder(const json& bundled) : bundled_(bundled) {}

  View build() {
    visit("", bundled_, "", "");
    for (std::size_t i = 0; i < deferred_.size(); ++i) {
      const std::string target = deferred_[i];
      visit(target, bundled_.at(json::json_pointer(target)), "", "");
    }
    json root = bundled_;
    // `$ref`s first, while every bundled pointer still resolves in `root`.
    for (const auto& [at, target] : refs_) root.at(json::json_pointer(at))["$ref"] = pointer_reference(view_pointer(target));
    std::vector<std::size_t> order(view_.nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Deepest first: renaming a key must not move what is still to be rewritten.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return depth(view_.nodes[a].pointer) > depth(view_.nodes[b].pointer);
    });
    for (const std::size_t id : order) rewrite(root.at(json::json_pointer(view_.nodes[id].pointer)), id);
    for (auto& node : view_.nodes) link(node);
    json children = json::array();
    for (const auto& pointer : aux_) children.push_back({{"$ref", pointer_reference(pointer)}});
    view_.aux_count = aux_.size();
    view_.document = {{"$ref", "#/a"}, {"a", {{"allOf", std::move(children)}}}, {"r", std::move(root)}};
    return std::move(view_);
  }

private:
  static SchemaNode make_node(const std::string& pointer, std::string_view parent_keyword, const std::string& parent_pointer) {
    SchemaNode node;
    node.pointer = pointer;
    node.parent_keyword = std::string(parent_keyword);
    node.parent_pointer = parent_pointer;
    return node;
  }

  void visit(const std::string& pointer, const json& node, std::string_view parent_keyword,
             const std::string& parent_pointer) {
    if (!seen_.insert(pointer).second) return;
    if (node.is_boolean() && !node.get<bool>()) {
      SchemaNode entry = make_node(pointer, parent_keyword, parent_pointer);
      entry.keywords = {"not"};
      entry.is_false = true;
      view_.nodes.push_back(std::move(entry));
      return;
    }
    if (!node.is_object()) return;
    if (const auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
      const std::string target = uri::percent_decode(ref->get<std::string>().substr(1));
      refs_.emplace(pointer, target);
      deferred_.push_back(target);
      return;
    }
    SchemaNode entry = make_node(pointer, parent_keyword, parent_pointer);
    for (const auto& [key, value] : node.items()) {
      entry.keywords.push_back(key);
      if (moved(node, key)) moved_[pointer].insert(key);
    }
    std::sort(entry.keywords.begin(), entry.keywords.end());
    view_.nodes.push_back(std::move(entry));
    for_each_subschema(node, Draft::draft7,
                       [&](const SubschemaSlot& slot) { visit(pointer + slot.suffix, slot.node, slot.keyword, pointer); });
  }

  /// Where a location of the bundled document is in the view.
  std::string view_pointer(const std::string& bundled_pointer) const {
    std::string out = "/r";
    std::string prefix;
    for (const auto& token : split_pointer(bundled_pointer).value_or(std::vector<std::string>{})) {
      const auto it = moved_.find(prefix);
      out = model::append_pointer(out, it != moved_.end() && it->second.contains(token) ? moved_name(token) : token);
      prefix = model::append_pointer(prefix, token);
    }
    return out;
  }

  void error(const SchemaNode& node, const std::string& keyword, std::string message) {
    view_.errors.emplace_back(model::append_pointer(node.pointer, keyword), std::move(message));
  }

  /// Takes what our constraint evaluates out of the schema object `target`.
  void rewrite(json& target, std::size_t id) {
    SchemaNode& node = view_.nodes[id];
    if (node.is_false) {
      target = {{"not", json::object()}, {custom_keyword, id}};
      return;
    }
    const auto take = [&](const char* keyword, auto&& accept) {
      const auto it = target.find(keyword);
      if (it != target.end() && accept(*it)) target.erase(it);
    };
    take("type", [&](const json& v) { return (node.types = type_names(v)).has_value(); });
    take("format", [&](const json& v) {
      if (v.is_string()) node.format = v.get<std::string>();
      return true; // a non-string format is an annotation we ignore
    });
    take("pattern", [&](const json& v) {
      if (!v.is_string()) return false;
      std::string why;
      if (auto regex = Regex::compile(v.get<std::string>(), why)) {
        node.pattern = v.get<std::string>();
        node.pattern_regex = std::make_shared<const Regex>(std::move(*regex));
      } else {
        error(node, "pattern", fmt::format("`pattern` {} is not a usable regular expression: {}", v.dump(), why));
      }
      return true;
    });
    take("multipleOf", [&](const json& v) {
      if (!v.is_number() || v.get<double>() <= 0) return false;
      node.multiple_of = v;
      return true;
    });
    take("uniqueItems", [&](const json& v) {
      if (!v.is_boolean()) return false;
      node.unique_items = v.get<bool>();
      return true;
    });
    take("contentEncoding", [&](const json& v) {
      if (v.is_string()) node.content_encoding = v.get<std::string>();
      return true;
    });
    take("contentMediaType", [&](const json& v) {
      if (v.is_string()) node.content_media_type = v.get<std::string>();
      return true;
    });
    for (const char* annotation : {"title", "description"})
      if (const auto it = target.find(annotation); it != target.end() && !it->is_string()) target.erase(it);
    if (const auto it = moved_.find(node.pointer); it != moved_.end())
      for (const auto& key : it->second) {
        json value = std::move(target[key]);
        target.erase(key);
        target[moved_name(key)] = std::move(value);
      }
    target[custom_keyword] = id;
  }

  std::size_t add_aux(const std::string& view_location) {
    aux_.push_back(view_location);
    return aux_.size() - 1;
  }

  /// Gives the node the auxiliary subschemas its moved keywords need.
  void link(SchemaNode& node) {
    if (node.is_false) return;
    const auto moved = moved_.find(node.pointer);
    if (moved == moved_.end()) return;
    const json& original = bundled_.at(json::json_pointer(node.pointer));
    const std::string at = view_pointer(node.pointer);
    const auto place = [&](const std::string& key) { return model::append_pointer(at, moved_name(key)); };
    for (const auto& key : moved->second) {
      const json& value = original.at(key);
      if (key == "propertyNames") {
        node.property_names = add_aux(place(key));
      } else if (key == "anyOf" || key == "oneOf") {
        auto& list = key == "anyOf" ? node.any_of : node.one_of;
        for (std::size_t i = 0; i < value.size(); ++i) list.push_back(add_aux(model::append_pointer(place(key), i)));
      } else if (key == "properties") {
        node.checks_properties = true;
        for (const auto& [name, schema] : value.items()) node.properties[name] = add_aux(model::append_pointer(place(key), name));
      } else if (key == "patternProperties") {
        node.checks_properties = true;
        for (const auto& [pattern, schema] : value.items()) {
          std::string why;
          auto regex = Regex::compile(pattern, why);
          if (!regex) {
            error(node, key, fmt::format("`patternProperties` key {} is not a usable regular expression: {}", json(pattern).dump(), why));
            continue;
          }
          node.pattern_properties.push_back(
              {pattern, std::make_shared<const Regex>(std::move(*regex)), add_aux(model::append_pointer(place(key), pattern))});
        }
      } else if (key == "additionalProperties") {
        node.checks_properties = true;
        if (!(value.is_boolean() && value.get<bool>())) node.additional_properties = add_aux(place(key));
      }
    }
  }

  const json& bundled_;
  View view_;
  std::vector<std::string> aux_{"/r"};
  std::set<std::string> seen_;
  std::map<std::string, std::string> refs_;            ///< `$ref` object → target, both bundled pointers
  std::map<std::string, std::set<std::string>> moved_; ///< schema object → keys renamed in the view
  std::vector<std::string> deferred_;
};

} // namespace

View make_view(const json& bundled) { return ViewBuilder(bundled).build(); }

} // namespace claudelint::schema
