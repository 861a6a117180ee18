// `search QUERY`: runs a query of the search language against the current
// graph and writes one JSON document per result (aggregations: one row per
// line). The `section=NAME` prefix word selects the active section.
#include "command/command.h"
#include "core/time.h"
#include "query/executor.h"
#include "query/render.h"

namespace canopy {

namespace {

class SearchCommand : public Command {
 public:
  std::string_view name() const override { return "search"; }
  std::string_view summary() const override {
    return "search the graph with the search language, e.g. search is(aws_iam_user) and "
           "password_enabled==true";
  }

  Status run(std::string_view args, Database& db, std::string& out) override {
    query::ExecOptions opts;
    opts.now = now_seconds();
    // Leading NAME=VALUE words set options (section=desired, edge_type=delete).
    while (true) {
      size_t eq = args.find('='), sp = args.find_first_of(" \t");
      if (eq == std::string_view::npos || (sp != std::string_view::npos && sp < eq) || eq == 0 ||
          args.substr(0, eq).find_first_of("\"'(") != std::string_view::npos)
        break;
      std::string_view key = args.substr(0, eq);
      if (key != "section" && key != "edge_type") break;
      std::string_view value = args.substr(eq + 1, sp == std::string_view::npos ? sp : sp - eq - 1);
      if (key == "section")
        opts.section = value == "/" ? "" : std::string(value);
      else
        opts.edge_types = {std::string(value)};
      args = sp == std::string_view::npos ? std::string_view() : args.substr(sp + 1);
      while (!args.empty() && (args[0] == ' ' || args[0] == '\t')) args.remove_prefix(1);
    }
    auto graph = db.snapshot();
    auto result = query::run_query(*graph, args.empty() ? std::string_view("all") : args, opts);
    if (!result) return result.status();
    if (result->aggregated) {
      for (const Value& row : result->aggregate_rows) out += row.json() + "\n";
      return Status::ok();
    }
    query::Reader reader(*graph);
    for (const query::Row& row : result->rows)
      out += query::render(reader, row, opts.now, result->tag_of(row)).json() + "\n";
    return Status::ok();
  }
};

}  // namespace

std::unique_ptr<Command> make_search_command() {
  return std::make_unique<SearchCommand>();
}

}  // namespace canopy
