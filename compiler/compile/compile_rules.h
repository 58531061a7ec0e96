#pragma once
// The CL6xxx family: findings about environments as a whole — the manifest,
// layering, normalization of units, and parity between environments. Emitted
// only by compile/. Ids are permanent; never renumber or reuse one.
#include "model/diagnostic.h"

namespace claudelint::compile::rule {

inline const model::RuleId invalid_size{"CL6001", "invalid-size"};
inline const model::RuleId invalid_duration{"CL6002", "invalid-duration"};
inline const model::RuleId layer_type_conflict{"CL6003", "layer-type-conflict"};
inline const model::RuleId env_parity{"CL6004", "env-parity"};
inline const model::RuleId unmatched_glob{"CL6005", "unmatched-glob"};
inline const model::RuleId unknown_environment{"CL6006", "unknown-environment"};
inline const model::RuleId conflicting_environment_files{"CL6007", "conflicting-environment-files"};
inline const model::RuleId extends_cycle{"CL6008", "extends-cycle"};

} // namespace claudelint::compile::rule
