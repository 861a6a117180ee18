// A Session executes command lines against one database: `;` separates
// lines, each line is a pipeline of commands (command/pipeline.h).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "command/command.h"

namespace canopy {

class Session {
 public:
  explicit Session(Database& db);
  // Runs `line`; output is appended to `out`. The first failing command
  // stops the line with an error naming it.
  Status execute(std::string_view line, std::string& out);
  // The same, handing the output to `sink` piece by piece.
  Status execute(std::string_view line, const std::function<bool(std::string_view)>& sink);

 private:
  Database& db_;
};

}  // namespace canopy
