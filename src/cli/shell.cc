// `canopy shell`: an interactive command line over one data directory.
//
// Line editing, history (kept in <data dir>/shell_history) and completion
// come from libedit. Ctrl-C stops the output of the running command and
// returns to the prompt; Ctrl-D or `quit` leaves.
#include "cli/shell.h"

#include <editline/readline.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "command/session.h"

namespace canopy {

namespace {

std::atomic<bool> g_interrupted{false};

void on_interrupt(int) {
  g_interrupted = true;
}

// Words completion offers: commands, options, kind and property names.
std::vector<std::string> g_commands, g_options, g_kinds, g_properties;
std::vector<std::string>* g_candidates = nullptr;

char* next_candidate(const char* text, int state) {
  static size_t index;
  if (state == 0) index = 0;
  size_t len = std::strlen(text);
  while (g_candidates && index < g_candidates->size()) {
    const std::string& c = (*g_candidates)[index++];
    if (c.compare(0, len, text) == 0) return strdup(c.c_str());
  }
  return nullptr;
}

// Chooses what to complete from the text before the word.
char** complete(const char* text, int start, int) {
  std::string before(rl_line_buffer, size_t(start));
  size_t end = before.find_last_not_of(' ');
  char prev = end == std::string::npos ? '\0' : before[end];
  if (end == std::string::npos || prev == '|' || prev == ';')
    g_candidates = &g_commands;
  else if (text[0] == '-')
    g_candidates = &g_options;
  else if (before.size() >= 3 && before.compare(before.size() - 3, 3, "is(") == 0)
    g_candidates = &g_kinds;
  else if (prev == '(' || prev == ',')
    g_candidates = &g_kinds;
  else
    g_candidates = &g_properties;
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, next_candidate);
}

void load_words(const Model& model) {
  g_commands = {"search",      "list",         "dump",       "count", "head",
                "tail",        "aggregate",    "sort",       "limit", "ancestors",
                "descendants", "predecessors", "successors", "kinds", "format",
                "jq",          "json",         "echo",       "env",   "chunk",
                "flatten",     "uniq",         "help",       "sleep", "quit"};
  g_options = {"--csv",  "--markdown", "--with-origin", "--json", "--ndjson",
               "--text", "--yaml",     "--no-rewrite",  "--all",  "--property-path"};
  std::set<std::string> props;
  for (const Kind* k : model.kinds()) {
    if (!k->is_complex()) continue;
    g_kinds.push_back(k->fqn);
    for (const Property* p : k->all) props.insert(p->name);
  }
  g_properties.assign(props.begin(), props.end());
}

}  // namespace

int run_shell(Database& db) {
  load_words(db.model());
  const std::string history = db.dir() + "/shell_history";
  rl_readline_name = "canopy";
  rl_attempted_completion_function = complete;
  using_history();
  read_history(history.c_str());

  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);  // no SA_RESTART: a read is interrupted

  Session session(db);
  session.set_cancel(&g_interrupted);
  const bool tty = isatty(STDIN_FILENO);
  if (tty)
    std::printf("Canopy shell on %s. Type help for the commands, Ctrl-D to leave.\n",
                db.dir().c_str());
  while (true) {
    g_interrupted = false;
    char* raw = readline("> ");
    if (!raw) {
      if (g_interrupted) {  // Ctrl-C at the prompt: a fresh prompt
        std::printf("\n");
        continue;
      }
      break;  // Ctrl-D
    }
    std::string line = raw;
    std::free(raw);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (line == "quit" || line == "exit") break;
    add_history(line.c_str());
    append_history(1, history.c_str());
    Status st = session.execute(line, [](std::string_view piece) {
      if (g_interrupted) return false;
      std::fwrite(piece.data(), 1, piece.size(), stdout);
      std::fflush(stdout);
      return !g_interrupted;
    });
    if (g_interrupted)
      std::fprintf(stderr, "^C (stopped)\n");
    else if (!st)
      std::fprintf(stderr, "canopy: %s\n", st.message().c_str());
  }
  write_history(history.c_str());
  if (tty) std::printf("\n");
  return 0;
}

}  // namespace canopy
