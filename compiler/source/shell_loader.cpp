#include "source/loader.h"

namespace claudelint::source {

LoadResult load_shell(const LoaderInput&) { return {}; }

} // namespace claudelint::source
