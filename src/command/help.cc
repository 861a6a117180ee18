// `help [command]`: what each command does and how it is called.
#include "command/help.h"

#include <algorithm>
#include <vector>

namespace canopy {

namespace {

struct Help {
  const char* name;
  const char* category;
  const char* summary;
  const char* usage;
};

const Help kHelp[] = {
    {"search", "search", "search the graph with the search language",
     "search [--with-edges] [--explain] [--at <timestamp|duration>] <query>\n"
     "  e.g. search is(aws_iam_user) and password_enabled==true | list name\n"
     "  --with-edges adds, after the nodes, the edges the navigations walked to them:\n"
     "    the last edge of every path (no edge twice) whose two ends are in the result,\n"
     "    as {\"type\": \"edge\", \"from\": …, \"to\": …, \"edge_type\": \"default\"|\"delete\"};\n"
     "    a query without navigation has none. `list` then shows node_id first and each\n"
     "    edge as `from -> to: edge_type`.\n"
     "  --explain shows the cost estimate instead of the result.\n"
     "  --at searches the graph as it was at a time (2024-05-01T00:00:00Z, or 3d for\n"
     "    three days ago); Canopy keeps no earlier graphs yet, so it answers that there\n"
     "    is no snapshot.\n"
     "  Several searches in a row are combined with `and`. Without a formatting command the\n"
     "  result is shown as `list` shows it. See docs/search.md for the language."},
    {"sort", "search", "order the result of the search before it", "sort <path> [asc|desc], …"},
    {"limit", "search", "window of the result of the search before it", "limit [<offset>,] <n>"},
    {"head", "search", "the first n elements (default 100)", "head [-]<n>"},
    {"tail", "search", "the last n elements (default 100)", "tail [-]<n>"},
    {"count", "search", "count elements, or elements per value of a property",
     "count [<path>]\n  Prints `<value>: <n>` lines (fewest first), then `total matched` and "
     "`total unmatched`."},
    {"aggregate", "search", "group and aggregate the result",
     "aggregate [<path> [as <name>], …:] <sum|count|min|max|avg|stddev|variance>(<path|n>) [as "
     "<name>], …"},
    {"predecessors", "search", "nodes one step up (inbound)",
     "predecessors [--with-origin] [default|delete]"},
    {"successors", "search", "nodes one step down (outbound)",
     "successors [--with-origin] [default|delete]"},
    {"ancestors", "search", "all nodes above (inbound)",
     "ancestors [--with-origin] [default|delete]"},
    {"descendants", "search", "all nodes below (outbound)",
     "descendants [--with-origin] [default|delete]"},
    {"kinds", "search", "the kind model: kinds and their properties",
     "kinds [-a|--all] [-p|--property-path <path>] [<name>]"},
    {"list", "format", "one line per node: name=value pairs",
     "list [--csv | --markdown] [<path> [as <name>], …]\n  Without paths: kind, id, name, the "
     "searched properties, age, last_update, cloud, account, region, zone."},
    {"dump", "format", "elements as they are (nodes as YAML)", "dump"},
    {"format", "format", "render elements with a template, as JSON, ndjson, text, YAML or a graph",
     "format <template with {path}> | --json | --ndjson | --text | --yaml | --cytoscape |\n"
     "       --graphml | --dot\n"
     "  --cytoscape, --graphml and --dot draw the nodes and edges of the input (use\n"
     "  search --with-edges): a Cytoscape.js JSON document, a GraphML document (node\n"
     "  attributes: the scalar properties of reported), a Graphviz digraph grouped by\n"
     "  account. Input that is not a JSON object is an error.\n"
     "  e.g. search --with-edges id(root) -[0:2]-> | format --dot | write graph.dot"},
    {"jq", "misc", "run a jq program on every element", "jq [--no-rewrite] <program>"},
    {"json", "misc", "emit JSON elements (an array emits its items)", "json <JSON>"},
    {"echo", "misc", "emit a line of text", "echo [text]"},
    {"env", "misc", "show the environment of the line", "env"},
    {"chunk", "misc", "group elements into arrays of n", "chunk [n]"},
    {"flatten", "misc", "spread arrays into their elements", "flatten"},
    {"uniq", "misc", "drop repeated elements", "uniq"},
    {"sleep", "misc", "wait (Ctrl-C stops it)", "sleep <seconds>"},
    {"write", "misc", "store the text of the line in a file",
     "write <file name>\n"
     "  Writes each line of text to the file (relative to the current directory), then\n"
     "  says where it is. Without a formatting command the elements are written as\n"
     "  `list` shows them; objects need a format (format --json, format {name}, …).\n"
     "  The file is replaced whole: a failure leaves the old file (or none).\n"
     "  e.g. search is(aws_iam_user) | format {name},{mfa_active} | write users.csv"},
    {"help", "misc", "this text, or the help of one command", "help [<command>]"},
};

}  // namespace

Result<std::string> help_text(const std::string& topic) {
  if (topic.empty()) {
    std::string out = "Canopy commands. Separate commands with | (pipe) and lines with ;\n";
    for (const char* category : {"search", "format", "misc"}) {
      out += std::string("\n") +
             (std::string(category) == "search"   ? "Search"
              : std::string(category) == "format" ? "Format"
                                                  : "Misc") +
             ":\n";
      std::vector<const Help*> items;
      for (const Help& h : kHelp)
        if (std::string(h.category) == category) items.push_back(&h);
      std::sort(items.begin(), items.end(),
                [](const Help* a, const Help* b) { return std::string(a->name) < b->name; });
      for (const Help* h : items) out += std::string("  ") + h->name + " - " + h->summary + "\n";
    }
    out += "\nhelp <command> shows how a command is called.\n";
    return out;
  }
  for (const Help& h : kHelp)
    if (topic == h.name) return std::string(h.name) + ": " + h.summary + "\n\n" + h.usage + "\n";
  return Error{"No command found with this name: " + topic};
}

}  // namespace canopy
