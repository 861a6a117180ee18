// The `list` command: one `name=value, …` line per node (the default view
// of a search), and the helpers it shares with other commands.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "command/stream.h"
#include "core/result.h"
#include "model/model.h"
#include "query/ast.h"

namespace canopy {

// What `list` needs to know about the line it ends.
struct ListContext {
  bool from_search = false;      // paths are relative to the section only after a search
  bool with_edges = false;       // `search --with-edges`: node ids are shown first
  std::string section;           // "" = document root
  query::Query query;            // the search: its predicates become columns
  const Model* model = nullptr;  // kinds of columns (--json-table)
};

// `list [path [as name], …]` over `in`.
Result<std::unique_ptr<Stream>> make_list(std::unique_ptr<Stream> in, const std::string& args,
                                          const ListContext& ctx);

// A property path as commands take it (`a.b[0]`, `` tags.`a.b` ``, `/metadata.x`).
Result<query::Path> parse_path(std::string_view text);
// The value at `p` read from the root of `v` (null when absent); `[*]`
// collects the values of every element into an array.
Value value_of(const Value& v, const query::Path& p);

// Strict JSON text → Value.
Result<Value> parse_json(std::string_view text);

}  // namespace canopy
