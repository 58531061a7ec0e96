#include "lsp/lookup.h"

#include <algorithm>

#include "schema/regex.h"
#include "schema/uri.h"
#include "source/loader.h"

namespace claudelint::lsp {

using nlohmann::json;

std::optional<LoadedBuffer> load_buffer(const std::string& path, const std::string& text) {
  source::FileKind kind = source::classify(path);
  if (kind == source::FileKind::unknown && source::has_shell_shebang(std::string_view(text).substr(0, 128)))
    kind = source::FileKind::shell;
  if (kind == source::FileKind::unknown || kind == source::FileKind::key) return std::nullopt;
  LoadedBuffer buffer{model::SourceFile(path, text), kind, {}};
  buffer.documents = source::load(buffer.file, 0, kind, support::Limits{}).documents;
  return buffer;
}

std::optional<Target> target_at(const LoadedBuffer& buffer, std::size_t offset) {
  std::optional<Target> best;
  const auto consider = [&](std::size_t document, const std::string& pointer, bool on_key, model::ByteRange range) {
    if (offset < range.begin || offset > range.end) return;
    if (best && range.end - range.begin >= best->range.end - best->range.begin) return;
    best = Target{document, pointer, on_key, range};
  };
  for (std::size_t i = 0; i < buffer.documents.size(); ++i) {
    const auto& map = buffer.documents[i].map;
    for (const auto& pointer : map.pointers()) {
      const auto span = map.find(pointer);
      if (span->key) consider(i, pointer, true, *span->key);
      // A container's value range holds everything in it: only scalars
      // stand for themselves.
      const json* value = nullptr;
      try {
        value = &buffer.documents[i].value.at(json::json_pointer(pointer));
      } catch (const json::exception&) {
      }
      if (value && !value->is_structured()) consider(i, pointer, false, span->value);
    }
  }
  return best;
}

std::string parent_pointer(std::string_view pointer) {
  const auto slash = pointer.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(pointer.substr(0, slash));
}

std::string last_token(std::string_view pointer) {
  const auto slash = pointer.rfind('/');
  std::string token(slash == std::string_view::npos ? pointer : pointer.substr(slash + 1));
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

const json* SchemaNavigator::resolve(const std::string& uri) {
  const std::string document = schema::uri::without_fragment(uri);
  auto found = documents_.find(document);
  if (found == documents_.end()) found = documents_.emplace(document, registry_.fetch(document)).first;
  if (!found->second) return nullptr;
  const std::string fragment = schema::uri::percent_decode(schema::uri::fragment_of(uri));
  if (fragment.empty()) return &*found->second;
  try {
    return &found->second->at(json::json_pointer(fragment));
  } catch (const json::exception&) {
    return nullptr;
  }
}

void SchemaNavigator::expand(Located at, std::vector<Located>& out, int depth) {
  if (depth > 16 || !at.schema || !at.schema->is_object()) return;
  out.push_back(at);
  if (const auto ref = at.schema->find("$ref"); ref != at.schema->end() && ref->is_string()) {
    const std::string target = schema::uri::resolve(at.base, ref->get<std::string>());
    expand({resolve(target), schema::uri::without_fragment(target)}, out, depth + 1);
  }
  for (const char* keyword : {"allOf", "anyOf", "oneOf"}) {
    const auto list = at.schema->find(keyword);
    if (list == at.schema->end() || !list->is_array()) continue;
    for (const auto& branch : *list) expand({&branch, at.base}, out, depth + 1);
  }
  for (const char* keyword : {"then", "else"})
    if (const auto branch = at.schema->find(keyword); branch != at.schema->end()) expand({&*branch, at.base}, out, depth + 1);
}

namespace {

std::vector<std::string> pointer_tokens(std::string_view pointer) {
  std::vector<std::string> out;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    const auto slash = pointer.find('/');
    out.push_back(last_token("/" + std::string(pointer.substr(0, slash))));
    pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
  }
  return out;
}

bool is_index(const std::string& token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string type_text(const json& schema) {
  const auto type = schema.find("type");
  if (type == schema.end()) return "";
  if (type->is_string()) return type->get<std::string>();
  std::string out;
  if (type->is_array())
    for (const auto& t : *type)
      if (t.is_string()) out += (out.empty() ? "" : " | ") + t.get<std::string>();
  return out;
}

} // namespace

SchemaFacts SchemaNavigator::facts(const std::string& uri, std::string_view pointer) {
  std::vector<Located> current;
  expand({resolve(uri), schema::uri::without_fragment(uri)}, current, 0);
  for (const auto& token : pointer_tokens(pointer)) {
    std::vector<Located> next;
    for (const auto& at : current) {
      const json& s = *at.schema;
      if (is_index(token)) {
        const auto items = s.find("items");
        if (items != s.end() && items->is_object()) expand({&*items, at.base}, next, 0);
        else if (items != s.end() && items->is_array() && token.size() < 9 && std::stoul(token) < items->size())
          expand({&(*items)[std::stoul(token)], at.base}, next, 0);
      }
      bool named = false;
      if (const auto properties = s.find("properties"); properties != s.end() && properties->is_object())
        if (const auto property = properties->find(token); property != properties->end()) {
          expand({&*property, at.base}, next, 0);
          named = true;
        }
      if (const auto patterns = s.find("patternProperties"); patterns != s.end() && patterns->is_object())
        for (auto it = patterns->begin(); it != patterns->end(); ++it) {
          std::string error;
          const auto regex = schema::Regex::compile(it.key(), error);
          if (regex && regex->search(token).value_or(false)) {
            expand({&it.value(), at.base}, next, 0);
            named = true;
          }
        }
      if (const auto additional = s.find("additionalProperties");
          !named && additional != s.end() && additional->is_object())
        expand({&*additional, at.base}, next, 0);
    }
    current = std::move(next);
  }
  SchemaFacts facts;
  facts.found = !current.empty();
  for (const auto& at : current) {
    const json& s = *at.schema;
    if (facts.title.empty() && s.contains("title") && s["title"].is_string()) facts.title = s["title"];
    if (facts.description.empty() && s.contains("description") && s["description"].is_string())
      facts.description = s["description"];
    if (const auto type = type_text(s); !type.empty() && std::find(facts.types.begin(), facts.types.end(), type) == facts.types.end())
      facts.types.push_back(type);
    if (facts.enum_values.empty() && s.contains("enum") && s["enum"].is_array())
      facts.enum_values.assign(s["enum"].begin(), s["enum"].end());
    if (facts.enum_values.empty() && s.contains("const")) facts.enum_values.push_back(s["const"]);
    if (!facts.default_value && s.contains("default")) facts.default_value = s["default"];
    if (const auto properties = s.find("properties"); properties != s.end() && properties->is_object())
      for (auto it = properties->begin(); it != properties->end(); ++it) {
        if (!it.value().is_object()) continue;
        std::vector<Located> property;
        expand({&it.value(), at.base}, property, 0);
        std::string description, type;
        for (const auto& p : property) {
          if (description.empty() && p.schema->contains("description") && (*p.schema)["description"].is_string())
            description = (*p.schema)["description"];
          if (type.empty()) type = type_text(*p.schema);
        }
        facts.properties.try_emplace(it.key(), description);
        facts.property_types.try_emplace(it.key(), type);
      }
  }
  return facts;
}

} // namespace claudelint::lsp
