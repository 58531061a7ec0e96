#pragma once
// The CL0xxx family: findings about a file's bytes and syntax, emitted only
// by source/. Ids are permanent; never renumber or reuse one.
#include "model/diagnostic.h"

namespace claudelint::source::rule {

inline const model::RuleId syntax_error{"CL0001", "syntax-error"};
inline const model::RuleId duplicate_key{"CL0002", "duplicate-key"};
inline const model::RuleId invalid_utf8{"CL0003", "invalid-utf8"};
inline const model::RuleId byte_order_mark{"CL0004", "byte-order-mark"};
inline const model::RuleId empty_file{"CL0005", "empty-file"};
inline const model::RuleId ambiguous_yaml_scalar{"CL0006", "ambiguous-yaml-scalar"};
inline const model::RuleId nesting_too_deep{"CL0007", "nesting-too-deep"};
inline const model::RuleId file_too_large{"CL0008", "file-too-large"};
inline const model::RuleId alias_expansion_limit{"CL0009", "alias-expansion-limit"};
inline const model::RuleId trailing_comma{"CL0010", "trailing-comma"};
inline const model::RuleId comment_in_strict_json{"CL0011", "comment-in-strict-json"};
inline const model::RuleId skipped_path{"CL0012", "skipped-path"};
inline const model::RuleId unreadable_file{"CL0013", "unreadable-file"};
inline const model::RuleId unsupported_yaml_feature{"CL0014", "unsupported-yaml-feature"};

} // namespace claudelint::source::rule
