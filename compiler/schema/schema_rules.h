#pragma once
// The CL1xxx family: findings of JSON Schema validation, emitted only by
// schema/. Ids are permanent; never renumber or reuse one.
#include "model/diagnostic.h"

namespace claudelint::schema::rule {

inline const model::RuleId type_mismatch{"CL1001", "type-mismatch"};
inline const model::RuleId value_not_allowed{"CL1002", "value-not-allowed"};
inline const model::RuleId unknown_key{"CL1003", "unknown-key"};
inline const model::RuleId missing_required_key{"CL1004", "missing-required-key"};
inline const model::RuleId value_out_of_range{"CL1005", "value-out-of-range"};
inline const model::RuleId pattern_mismatch{"CL1006", "pattern-mismatch"};
inline const model::RuleId invalid_format{"CL1007", "invalid-format"};
inline const model::RuleId schema_mismatch{"CL1008", "schema-mismatch"};
inline const model::RuleId unusable_schema{"CL1009", "unusable-schema"};
inline const model::RuleId no_schema{"CL1010", "no-schema"};

} // namespace claudelint::schema::rule
