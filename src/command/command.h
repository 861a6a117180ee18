// Commands of the Canopy command line (`canopy exec`, the shell, the HTTP
// API all run them through a Session). A command reads its argument string
// and writes text output.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "graph/database.h"

namespace canopy {

class Command {
 public:
  virtual ~Command() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;
  virtual Status run(std::string_view args, Database& db, std::string& out) = 0;
};

std::unique_ptr<Command> make_kinds_command();

// Splits an argument string into words: blanks separate, single or double
// quotes group, backslash escapes. Unbalanced quotes are an error.
Result<std::vector<std::string>> split_words(std::string_view args);

}  // namespace canopy
