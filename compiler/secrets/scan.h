#pragma once
// Finds the literal secrets of one loaded file, at exact byte ranges: every
// string value of its documents judged with its key (secrets::classify_value),
// and the distinctive token shapes anywhere in its text, comments included
// (secrets::scan_text). A value found both ways is reported once.
#include <optional>
#include <string>
#include <vector>

#include "model/document.h"
#include "model/source_file.h"
#include "secrets/detector.h"
#include "source/file_kind.h"

namespace claudelint::secrets {

struct SecretHit {
  model::ByteRange range; ///< the secret's bytes in the file
  SecretKind kind = SecretKind::high_entropy;
  std::string scheme;     ///< see SecretMatch::scheme
  /// The key or variable it is assigned to (`service_key`, `AWS_SECRET`),
  /// when it is a value; absent in a comment or free text.
  std::optional<std::string> key;
  /// The JSON Pointer of the value in its document, when it is one.
  std::optional<std::string> pointer;
  std::string redacted;   ///< secrets::redact of the value, safe to show
};

/// The secrets of `source`, sorted by range. `documents` are what the
/// loader produced for it (their SourceMaps give value ranges).
std::vector<SecretHit> scan_file(const model::SourceFile& source, source::FileKind kind,
                                 const std::vector<model::Document>& documents);

} // namespace claudelint::secrets
