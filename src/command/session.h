// A Session executes command lines against one database: it splits a line
// into commands (`;` separates), finds each command and runs it.
#pragma once

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

 private:
  Database& db_;
  std::map<std::string, std::unique_ptr<Command>, std::less<>> commands_;
};

}  // namespace canopy
