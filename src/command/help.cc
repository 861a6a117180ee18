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
     "search [--explain] <query>\n  e.g. search is(aws_iam_user) and password_enabled==true | list "
     "name\n"
     "  --explain shows the cost estimate instead of the result.\n"
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
    {"format", "format", "render elements with a template or as JSON, ndjson, text or YAML",
     "format <template with {path}> | --json | --ndjson | --text | --yaml"},
    {"jq", "misc", "run a jq program on every element", "jq [--no-rewrite] <program>"},
    {"json", "misc", "emit JSON elements (an array emits its items)", "json <JSON>"},
    {"echo", "misc", "emit a line of text", "echo [text]"},
    {"env", "misc", "show the environment of the line", "env"},
    {"chunk", "misc", "group elements into arrays of n", "chunk [n]"},
    {"flatten", "misc", "spread arrays into their elements", "flatten"},
    {"uniq", "misc", "drop repeated elements", "uniq"},
    {"sleep", "misc", "wait (Ctrl-C stops it)", "sleep <seconds>"},
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
