#pragma once
// Inline suppressions: `# claudelint: disable=<id-or-name>[,…] -- <reason>`
// in a YAML, JSONC, .env or shell comment, on the line of the finding or
// alone on the line above it. The reason is required.
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/document.h"
#include "model/source_file.h"

namespace claudelint::source {

namespace rule {
inline const model::RuleId unused_suppression{"CL0016", "unused-suppression"};
inline const model::RuleId invalid_suppression{"CL0017", "invalid-suppression"};
} // namespace rule

struct Suppression {
  model::FileId file = 0;
  model::ByteRange range;            ///< the comment
  std::uint32_t line = 0;            ///< the line whose findings it silences
  std::vector<std::string> rules;    ///< ids or names
  std::string reason;
  bool used = false;
};

/// The suppressions among a file's comments; malformed ones (no rule, no
/// reason) become findings instead.
std::vector<Suppression> parse_suppressions(const model::SourceFile& file, model::FileId id,
                                            const std::vector<model::Comment>& comments,
                                            std::vector<model::Diagnostic>& diagnostics);

/// Removes the diagnostics a suppression covers (moving them to
/// `suppressed`) and reports suppressions that silenced nothing.
void apply_suppressions(std::vector<Suppression>& suppressions, const model::SourceManager& sources,
                        std::vector<model::Diagnostic>& diagnostics, std::vector<model::Diagnostic>& suppressed);

} // namespace claudelint::source
