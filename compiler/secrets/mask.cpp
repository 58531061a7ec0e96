#include "secrets/mask.h"

#include <algorithm>
#include <string>

namespace claudelint::secrets {

namespace {

using nlohmann::json;

/// Replaces each of `secrets` in every string under `value`.
/// `shortest`: the length of the shortest of `secrets`; a string shorter
/// than that holds none of them (most strings of a config are short).
void replace_in_strings(json& value, const std::vector<std::string_view>& secrets, std::size_t shortest) {
  if (value.is_object() || value.is_array()) {
    for (auto it = value.begin(); it != value.end(); ++it) replace_in_strings(*it, secrets, shortest);
    return;
  }
  if (!value.is_string()) return;
  auto& text = value.get_ref<std::string&>();
  if (text.size() < shortest) return;
  for (const auto secret : secrets)
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + redaction_marker.size()))
      text.replace(at, secret.size(), redaction_marker);
}

bool contains(const model::ByteRange& outer, const model::ByteRange& inner) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

} // namespace

void mask_secrets(std::vector<model::Document>& documents, const std::vector<SecretHit>& hits, std::string_view text) {
  if (hits.empty()) return;
  std::vector<std::string_view> secrets;
  for (const auto& hit : hits)
    if (hit.range.end <= text.size() && hit.range.end > hit.range.begin)
      secrets.push_back(text.substr(hit.range.begin, hit.range.end - hit.range.begin));
  const std::size_t shortest =
      secrets.empty() ? 0
                      : std::min_element(secrets.begin(), secrets.end(), [](auto a, auto b) { return a.size() < b.size(); })->size();
  for (auto& document : documents) {
    if (!secrets.empty()) replace_in_strings(document.value, secrets, shortest);
    // A value whose source text differs from its bytes (escapes, a folded
    // YAML block) may still hold the secret in another form: a hit inside
    // it masks the whole value.
    for (const auto& hit : hits) {
      if (!hit.pointer) continue;
      const auto span = document.map.find(*hit.pointer);
      if (!span || !contains(span->value, hit.range)) continue;
      const json::json_pointer pointer(*hit.pointer);
      if (!document.value.contains(pointer)) continue;
      json& value = document.value[pointer];
      if (value.is_string() && value.get_ref<const std::string&>().find(redaction_marker) == std::string::npos)
        value = std::string(redaction_marker);
    }
  }
}

} // namespace claudelint::secrets
