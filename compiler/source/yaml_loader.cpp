#include "source/loader.h"

namespace claudelint::source {

LoadResult load_yaml(const LoaderInput&) { return {}; }

} // namespace claudelint::source
