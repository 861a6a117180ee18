// Help texts of the commands.
#pragma once

#include <string>

#include "core/result.h"

namespace canopy {

// The overview (empty topic) or the help of one command.
Result<std::string> help_text(const std::string& topic);

}  // namespace canopy
