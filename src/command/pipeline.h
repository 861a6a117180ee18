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
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "command/stream.h"
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

// Runs a line up to its last command and hands over the stream it produces.
// With `default_list`, a line without a formatting command ends in `list`
// (as in run_line); without, the elements come as the last command made them.
Result<std::unique_ptr<Stream>> open_line(const ParsedLine& line, Database& db,
                                          const std::atomic<bool>* cancel = nullptr,
                                          bool default_list = true);

// A source command that a component above this one adds (e.g. `report`).
// `alone` is true when it is the only command of its line: it then presents
// its own text instead of a stream of values.
using SourceCommand = std::function<Result<std::unique_ptr<Stream>>(
    const std::string& args, Database& db, bool alone, const std::atomic<bool>* cancel)>;
void register_source_command(const std::string& name, SourceCommand fn);

}  // namespace canopy
