// `canopy shell`: prompt `> `, line editing, history, completion of
// commands, options, kinds and properties; Ctrl-C stops the running
// command, Ctrl-D leaves.
#pragma once

#include "graph/database.h"

namespace canopy {

// Returns the process exit code.
int run_shell(Database& db);

}  // namespace canopy
