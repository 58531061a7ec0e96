#include "compile/merge.h"

#include <fmt/format.h>

#include "compile/compile_rules.h"
#include "compile/pattern.h"
#include "source/loader.h"

namespace claudelint::compile {

using nlohmann::json;

namespace {

/// Type names for messages; integers and decimals are both numbers.
std::string_view type_name(const json& value) {
  switch (value.type()) {
  case json::value_t::object: return "object";
  case json::value_t::array: return "array";
  case json::value_t::string: return "string";
  case json::value_t::boolean: return "boolean";
  case json::value_t::null: return "null";
  default: return "number";
  }
}

} // namespace

const Origin* CompiledEnvironment::origin(std::string_view pointer) const {
  std::string at(pointer);
  for (;;) {
    if (const auto it = provenance.find(at); it != provenance.end() && !it->second.empty()) return &it->second.back();
    if (at.empty()) return nullptr;
    at.erase(at.rfind('/'));
  }
}

void Layering::apply(const std::string& pointer, const json& value, const LayerSource& source) {
  json* into = &target_.document;
  if (!pointer.empty()) {
    const json::json_pointer p(pointer);
    if (!target_.document.contains(p)) {
      target_.document[p] = value;
      record_tree(value, pointer, source.pointer, source);
      return;
    }
    into = &target_.document[p];
  }
  merge(*into, value, pointer, source.pointer, source);
}

void Layering::set(const std::string& pointer, json value, const Origin& origin) {
  forget_below(pointer);
  // Record every pointer of the subtree with the one origin.
  std::vector<std::pair<const json*, std::string>> stack;
  target_.document[json::json_pointer(pointer)] = std::move(value);
  stack.push_back({&target_.document.at(json::json_pointer(pointer)), pointer});
  while (!stack.empty()) {
    auto [node, at] = stack.back();
    stack.pop_back();
    target_.provenance[at].push_back(origin);
    if (node->is_object())
      for (const auto& [key, child] : node->items()) stack.push_back({&child, model::append_pointer(at, key)});
    else if (node->is_array())
      for (std::size_t i = 0; i < node->size(); ++i) stack.push_back({&(*node)[i], model::append_pointer(at, i)});
  }
}

void Layering::merge(json& into, const json& value, const std::string& pointer, const std::string& source_pointer,
                     const LayerSource& source) {
  if (into.is_object() && value.is_object()) {
    record(pointer, source_pointer, source);
    for (const auto& [key, child] : value.items()) {
      const std::string child_pointer = model::append_pointer(pointer, key);
      const std::string child_source = model::append_pointer(source_pointer, key);
      if (child.is_null()) { // `null` removes what earlier layers set
        into.erase(key);
        forget_below(child_pointer);
        target_.provenance.erase(child_pointer);
        continue;
      }
      if (const auto it = into.find(key); it != into.end()) {
        merge(*it, child, child_pointer, child_source, source);
      } else {
        into[key] = child;
        record_tree(child, child_pointer, child_source, source);
      }
    }
    return;
  }
  if (into.is_array() && value.is_array()) {
    if (const MergeSpec* spec = strategy_for(pointer); spec && spec->strategy != MergeStrategy::replace) {
      record(pointer, source_pointer, source);
      for (std::size_t i = 0; i < value.size(); ++i) {
        const json& item = value[i];
        const std::string item_source = model::append_pointer(source_pointer, i);
        if (spec->strategy == MergeStrategy::merge_by_key && item.is_object() && item.contains(spec->key)) {
          const json& id = item[spec->key];
          std::size_t k = 0;
          while (k < into.size() && !(into[k].is_object() && into[k].contains(spec->key) && into[k][spec->key] == id)) ++k;
          if (k < into.size()) {
            merge(into[k], item, model::append_pointer(pointer, k), item_source, source);
            continue;
          }
        }
        into.push_back(item);
        record_tree(item, model::append_pointer(pointer, into.size() - 1), item_source, source);
      }
      return;
    }
  }
  replace(into, value, pointer, source_pointer, source);
}

void Layering::replace(json& into, const json& value, const std::string& pointer, const std::string& source_pointer,
                       const LayerSource& source) {
  if (type_name(into) != type_name(value) && !into.is_null()) {
    const auto span = source.document->map.find(source_pointer);
    const model::ByteRange at = span ? span->value : model::ByteRange{};
    auto d = source::make_diagnostic(
        rule::layer_type_conflict, model::Severity::error, source.document->file, at.begin, at.end,
        fmt::format("`{}` is {} {} here but {} {} in an earlier layer; a layer must not change a value's type",
                    pointer, type_name(value) == "array" || type_name(value) == "object" ? "an" : "a", type_name(value),
                    type_name(into) == "array" || type_name(into) == "object" ? "an" : "a", type_name(into)));
    d.pointer = pointer;
    d.environment = target_.name;
    d.help = "give the value the same type in every file of the environment, or remove it with `null` first";
    if (const Origin* before = target_.origin(pointer); before && before->file)
      d.related.push_back({{*before->file, before->value.begin, before->value.end}, "the earlier value"});
    diagnostics_.push_back(std::move(d));
  }
  forget_below(pointer);
  into = value;
  record_tree(value, pointer, source_pointer, source);
}

void Layering::record_tree(const json& value, const std::string& pointer, const std::string& source_pointer,
                           const LayerSource& source) {
  std::string at = pointer, from = source_pointer;
  ProvenanceSlot next = target_.provenance.lower_bound(at);
  record_subtree(value, at, from, source, next);
}

void Layering::record_subtree(const json& value, std::string& pointer, std::string& source_pointer,
                              const LayerSource& source, ProvenanceSlot& next) {
  record(pointer, source_pointer, source, next);
  if (!value.is_structured()) return;
  const std::size_t pointer_length = pointer.size(), source_length = source_pointer.size();
  const auto descend = [&](const json& child) {
    record_subtree(child, pointer, source_pointer, source, next);
    pointer.resize(pointer_length);
    source_pointer.resize(source_length);
  };
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      model::push_pointer_token(pointer, key);
      model::push_pointer_token(source_pointer, key);
      descend(child);
    }
  } else {
    for (std::size_t i = 0; i < value.size(); ++i) {
      model::push_pointer_index(pointer, i);
      model::push_pointer_index(source_pointer, i);
      descend(value[i]);
    }
  }
}

void Layering::record(const std::string& pointer, const std::string& source_pointer, const LayerSource& source) {
  ProvenanceSlot next = target_.provenance.end();
  record(pointer, source_pointer, source, next);
}

void Layering::record(const std::string& pointer, const std::string& source_pointer, const LayerSource& source,
                      ProvenanceSlot& next) {
  Origin origin;
  origin.file = source.document->file;
  origin.layer = source.layer;
  origin.source_pointer = source_pointer;
  if (const auto span = source.document->map.find(source_pointer)) {
    origin.value = span->value;
    origin.key = span->key;
  }
  const ProvenanceSlot slot = target_.provenance.try_emplace(next, pointer);
  slot->second.push_back(std::move(origin));
  next = std::next(slot);
}

void Layering::forget_below(const std::string& pointer) {
  // Descendants sort between "<pointer>/" and "<pointer>0" ('0' follows '/').
  const auto first = target_.provenance.lower_bound(pointer + "/");
  const auto last = target_.provenance.lower_bound(pointer + "0");
  target_.provenance.erase(first, last);
}

const MergeSpec* Layering::strategy_for(const std::string& pointer) const {
  for (const auto& spec : merge_)
    if (match_pattern(spec.pointer, pointer)) return &spec;
  return nullptr;
}

} // namespace claudelint::compile
