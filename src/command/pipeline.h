// One command line, parsed: `[key=value…] cmd args | cmd args | …`.
//
// The leading run of query-building commands (search, sort, limit, head,
// tail, count, aggregate, predecessors, successors, ancestors, descendants)
// becomes one query; the commands after it consume the stream it produces.
// A line that ends without a formatting command is shown as `list` shows it.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "graph/database.h"
#include "query/value.h"

namespace canopy {

struct CommandText {
  std::string name;
  std::string args;
};

struct ParsedLine {
  std::map<std::string, Value> env;  // the line's key=value prefix
  std::vector<CommandText> commands;
};

// Splits one line (no `;`) at unquoted `|` and reads its environment prefix.
Result<ParsedLine> parse_line(std::string_view line);

// Receives the text output of a line piece by piece, as it is produced;
// returns false when nobody reads any more (the line then stops quietly).
using OutputSink = std::function<bool(std::string_view)>;

// Runs one parsed line. When `*cancel` becomes true the line stops with an
// error (checked between elements and while waiting).
Status run_line(const ParsedLine& line, Database& db, const OutputSink& out,
                const std::atomic<bool>* cancel = nullptr);

}  // namespace canopy
