// Named crash points for crash tests: when $CANOPY_CRASH_POINT equals the
// name, the process kills itself with SIGKILL right there, as a power cut or
// an OOM kill would.
#pragma once

#include <string_view>

namespace canopy {

void crash_point(std::string_view name);

}  // namespace canopy
