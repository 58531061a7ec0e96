#include "source/loader.h"

namespace claudelint::source {

LoadResult load_dotenv(const LoaderInput&) { return {}; }

} // namespace claudelint::source
