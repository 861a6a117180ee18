// A Session executes command lines against one database: `;` separates
// lines, each line is a pipeline of commands (command/pipeline.h).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "command/command.h"

namespace canopy {

// Lets merges into `db` resolve deferred edges whose selectors are searches
// (`search_criteria`) with the query engine.
void enable_search_selectors(Database& db);

class Session {
 public:
  explicit Session(Database& db);
  // Runs `line`; output is appended to `out`. The first failing command
  // stops the line with an error naming it.
  Status execute(std::string_view line, std::string& out);
  // The same, handing the output to `sink` piece by piece.
  Status execute(std::string_view line, const std::function<bool(std::string_view)>& sink);
  // Commands stop with an error when `*flag` becomes true (Ctrl-C in the shell).
  void set_cancel(const std::atomic<bool>* flag) { cancel_ = flag; }

 private:
  Database& db_;
  const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace canopy
