#pragma once

namespace claudelint::driver::exit_code {

inline constexpr int ok = 0;        ///< no finding at or above the failure threshold
inline constexpr int findings = 1;  ///< at least one error
inline constexpr int failure = 2;   ///< usage error or internal failure

} // namespace claudelint::driver::exit_code
