#include "secrets/scan.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/document.h"

namespace claudelint::secrets {

namespace {

using nlohmann::json;

/// A value hit, and whether its range is exactly the secret's bytes (false
/// when the value is written differently in the source, through escapes or
/// folding, and the whole value range stands in for it).
struct ValueHit {
  SecretHit hit;
  bool exact = true;
};

class FileScanner {
public:
  FileScanner(const model::SourceFile& source, source::FileKind kind) : source_(source), kind_(kind) {}

  void document(const model::Document& doc) {
    path_.clear();
    walk(doc, doc.value, "");
  }

  std::vector<SecretHit> finish() {
    std::sort(values_.begin(), values_.end(), [](const ValueHit& a, const ValueHit& b) {
      return std::pair(a.hit.range.begin, a.hit.range.end) < std::pair(b.hit.range.begin, b.hit.range.end);
    });
    // The same bytes reached twice (a YAML merge key) are one secret.
    std::vector<ValueHit> kept;
    for (auto& v : values_)
      if (kept.empty() || v.hit.range.begin >= kept.back().hit.range.end) kept.push_back(std::move(v));

    const std::string_view text = source_.text();
    std::vector<SecretHit> out;
    for (auto& t : scan_text(text)) {
      // `kept` is sorted and non-overlapping, so its ends are sorted too.
      const auto covering = std::partition_point(kept.begin(), kept.end(),
                                                 [&](const ValueHit& v) { return v.hit.range.end <= t.begin; });
      if (covering == kept.end() || covering->hit.range.begin >= t.end) {
        out.push_back(SecretHit{{t.begin, t.end}, t.kind, t.scheme, std::nullopt, std::nullopt,
                                redact(text.substr(t.begin, t.end - t.begin), t.kind)});
        continue;
      }
      // The file's own bytes locate a secret its value judge could only
      // place somewhere in the value.
      if (!covering->exact && covering->hit.kind == t.kind && covering->hit.range.begin <= t.begin &&
          t.end <= covering->hit.range.end) {
        covering->hit.range = {t.begin, t.end};
        covering->exact = true;
      }
    }
    for (auto& v : kept) out.push_back(std::move(v.hit));
    std::sort(out.begin(), out.end(), [](const SecretHit& a, const SecretHit& b) {
      return std::pair(a.range.begin, a.range.end) < std::pair(b.range.begin, b.range.end);
    });
    return out;
  }

private:
  /// One step of the path to the value being walked: a key, or an index.
  struct Step {
    const std::string* key = nullptr;
    std::size_t index = 0;
  };

  /// Walks `value`, whose path is `path_`. The pointer is spelled out only
  /// for a value that holds a secret: most hold none.
  void walk(const model::Document& doc, const json& value, std::string_view key, bool in_array = false) {
    if (value.is_object()) {
      // A shell assignment's value (`/assignments/N/value`) is judged under its variable's name.
      const bool in_assignments = kind_ == source::FileKind::shell && path_.size() >= 2 && path_[0].key &&
                                  *path_[0].key == "assignments";
      const auto name = in_assignments ? value.find("name") : value.end();
      const bool assignment = name != value.end() && name->is_string();
      for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string& child_key =
            assignment && it.key() == "value" ? name->get_ref<const std::string&>() : it.key();
        path_.push_back({&it.key(), 0});
        walk(doc, it.value(), child_key);
        path_.pop_back();
      }
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        path_.push_back({nullptr, i});
        walk(doc, value[i], key, /*in_array=*/true);
        path_.pop_back();
      }
    } else if (value.is_string()) {
      judge(doc, key, value.get_ref<const std::string&>(), in_array);
    }
  }

  void judge(const model::Document& doc, std::string_view key, std::string_view value, bool in_array) {
    // Shell words keep their quotes in the document.
    if (kind_ == source::FileKind::shell && value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    const auto match = classify_value(key, value);
    // A list is not a password, whatever its key says (`pass: [a.json, b.json]`).
    if (!match || (in_array && match->kind == SecretKind::password)) return;
    std::string pointer;
    for (const Step& step : path_) {
      if (step.key) model::push_pointer_token(pointer, *step.key);
      else model::push_pointer_index(pointer, step.index);
    }
    const auto span = doc.map.find(pointer);
    if (!span) return;
    const model::ByteRange whole = span->value;
    const std::string_view written = source_.text().substr(whole.begin, whole.end - whole.begin);
    // A YAML alias repeats a value whose anchor is judged where it is written.
    if (kind_ == source::FileKind::yaml && written.starts_with('*')) return;

    const std::string_view secret = value.substr(match->begin, match->end - match->begin);
    ValueHit v;
    if (const auto at = written.find(value); at != std::string_view::npos) {
      v.hit.range = {whole.begin + at + match->begin, whole.begin + at + match->end};
    } else if (const auto found = written.find(secret); found != std::string_view::npos) {
      v.hit.range = {whole.begin + found, whole.begin + found + secret.size()};
    } else {
      v.hit.range = whole;
      v.exact = false;
    }
    v.hit.kind = match->kind;
    v.hit.scheme = match->scheme;
    v.hit.key = std::string(key);
    v.hit.pointer = std::move(pointer);
    v.hit.redacted = redact(secret, match->kind);
    values_.push_back(std::move(v));
  }

  const model::SourceFile& source_;
  source::FileKind kind_;
  std::vector<ValueHit> values_;
  std::vector<Step> path_;
};

} // namespace

std::vector<SecretHit> scan_file(const model::SourceFile& source, source::FileKind kind,
                                 const std::vector<model::Document>& documents) {
  FileScanner scanner(source, kind);
  for (const auto& doc : documents) scanner.document(doc);
  return scanner.finish();
}

} // namespace claudelint::secrets
