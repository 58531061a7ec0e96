#pragma once
// Takes the literal secrets out of loaded documents, so that no later stage
// — schema messages, the compiled document, parity and rule messages,
// artifacts, diffs — ever holds one: each secret inside a string value
// becomes `REDACTED` (letters only, so a URL stays a URL). A .env file's
// values are the exception: the compiler reads them for facts (placeholder,
// issuing environment, fingerprint) and keeps only names.
#include <string_view>
#include <vector>

#include "model/document.h"
#include "secrets/scan.h"

namespace claudelint::secrets {

/// The text that replaces a secret in a value.
inline constexpr std::string_view redaction_marker = "REDACTED";

/// Replaces every secret of `hits` (byte ranges into `text`, the file the
/// documents were loaded from) in the string values of `documents`.
void mask_secrets(std::vector<model::Document>& documents, const std::vector<SecretHit>& hits, std::string_view text);

} // namespace claudelint::secrets
