#include "secrets/mask.h"

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <memory>
#include <string>

namespace claudelint::secrets {

namespace {

using nlohmann::json;

/// The secrets to replace, with the pairs of bytes they start with: one
/// pass over a string tells whether any of them can be in it, instead of a
/// search for each (a 10 MB file has 140 secrets and 150,000 strings).
class Secrets {
public:
  explicit Secrets(std::vector<std::string_view> secrets) : secrets_(std::move(secrets)) {
    shortest_ = SIZE_MAX;
    for (const auto secret : secrets_) {
      shortest_ = std::min(shortest_, secret.size());
      if (secret.size() == 1) starts_alone_.set(byte(secret[0]));
      else starts_.set(pair(secret[0], secret[1]));
    }
  }

  /// Replaces each secret in turn, every time it occurs in `text`.
  void replace_in(std::string& text) const {
    if (text.size() < shortest_ || !may_hold_one(text)) return;
    for (const auto secret : secrets_)
      for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + redaction_marker.size()))
        text.replace(at, secret.size(), redaction_marker);
  }

private:
  static unsigned byte(char c) { return static_cast<unsigned char>(c); }
  static unsigned pair(char a, char b) { return byte(a) << 8 | byte(b); }
  bool may_hold_one(std::string_view text) const {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (starts_alone_.test(byte(text[i]))) return true;
      if (i + 1 < text.size() && starts_.test(pair(text[i], text[i + 1]))) return true;
    }
    return false;
  }

  std::vector<std::string_view> secrets_;
  std::size_t shortest_;
  std::bitset<65536> starts_;    ///< first two bytes of the secrets longer than one
  std::bitset<256> starts_alone_; ///< the secrets of one byte
};

void replace_in_strings(json& value, const Secrets& secrets) {
  if (value.is_object() || value.is_array()) {
    for (auto it = value.begin(); it != value.end(); ++it) replace_in_strings(*it, secrets);
    return;
  }
  if (value.is_string()) secrets.replace_in(value.get_ref<std::string&>());
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
  const bool any = !secrets.empty();
  const auto by_start = std::make_unique<const Secrets>(std::move(secrets)); // 8 KB: not on the stack
  for (auto& document : documents) {
    if (any) replace_in_strings(document.value, *by_start);
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
