// `canopy demo`: loads the built-in demo inventory into a data directory of
// its own and prints what Canopy sees in it.
#pragma once

#include <string>

namespace canopy {

// Returns the process exit code. `data_dir` empty = <default data dir>/demo.
int run_demo(const std::string& data_dir);

}  // namespace canopy
