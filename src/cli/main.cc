// canopy: the command-line entry point. Wires the data directory, the
// database and the commands together; nothing else lives here.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/collect_command.h"
#include "cli/demo.h"
#include "cli/shell.h"
#include "command/session.h"
#include "core/process_memory.h"
#include "graph/database.h"
#include "graph/export.h"
#include "query/parser.h"
#include "query/resolve.h"
#include "report/report_command.h"

namespace canopy {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "canopy: %s\n", message.c_str());
  return 1;
}

Result<std::unique_ptr<Database>> open_db(const std::string& dir) {
  auto db = Database::open(dir.empty() ? default_data_dir() : dir);
  if (db) enable_search_selectors(**db);
  return db;
}

std::string merge_summary(const MergeOutcome& o) {
  const MergeStats& s = o.stats;
  return "nodes: " + std::to_string(s.nodes_created) + " created, " +
         std::to_string(s.nodes_updated) + " updated, " + std::to_string(s.nodes_deleted) +
         " deleted, " + std::to_string(s.nodes_unchanged) +
         " unchanged; edges: " + std::to_string(s.edges_created) + " created, " +
         std::to_string(s.edges_deleted) + " deleted; graph: " + std::to_string(o.graph->size()) +
         " nodes; time: read " +
         fmt::format("{:.2f} s, merge {:.2f} s, commit {:.2f} s", o.read_s, o.merge_s, o.commit_s);
}

int cmd_import(const std::string& dir, const std::string& file) {
  int fd = 0;
  if (file != "-") {
    fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail("cannot open " + file + ": " + std::strerror(errno));
  }
  auto db = open_db(dir);
  if (!db) return fail(db.message());
  auto outcome = (*db)->import_fd(fd);
  if (fd != 0) ::close(fd);
  if (!outcome) return fail("import failed: " + outcome.message() + " (nothing was written)");
  for (const auto& w : outcome->warnings) std::fprintf(stderr, "canopy: warning: %s\n", w.c_str());
  std::fprintf(stderr, "imported %s\n", merge_summary(*outcome).c_str());
  return 0;
}

int cmd_export(const std::string& dir, const std::string& file) {
  auto db = open_db(dir);
  if (!db) return fail(db.message());
  std::FILE* out = stdout;
  std::string tmp;
  if (!file.empty() && file != "-") {
    tmp = file + ".tmp";
    out = std::fopen(tmp.c_str(), "wb");
    if (!out) return fail("cannot write " + tmp + ": " + std::strerror(errno));
  }
  Status st = export_ndjson(*(*db)->snapshot(), out);
  if (out != stdout) {
    if (std::fclose(out) != 0 && st)
      st = Error{std::string("write failed: ") + std::strerror(errno)};
    if (st && std::rename(tmp.c_str(), file.c_str()) != 0)
      st = Error{std::string("rename failed: ") + std::strerror(errno)};
    if (!st) std::remove(tmp.c_str());
  }
  if (!st && errno == EPIPE) return 0;  // the reader went away (`| head`): not an error
  return st ? 0 : fail("export failed: " + st.message());
}

int cmd_exec(const std::string& dir, const std::vector<std::string>& lines,
             const std::string& fail_on) {
  std::optional<report::Severity> threshold;
  if (!fail_on.empty()) {
    threshold = report::parse_severity(fail_on);
    if (!threshold) return fail("--fail-on must be info, low, medium, high or critical");
  }
  auto db = open_db(dir);
  if (!db) return fail(db.message());
  report::RunRecord record;
  report::register_report_command((*db)->dir(), &record);
  Session session(**db);
  int rc = 0;
  auto run = [&](const std::string& line) {
    // Output is written as it is produced; a closed pipe (`| head`) ends the line.
    Status st = session.execute(line, [](std::string_view piece) {
      return std::fwrite(piece.data(), 1, piece.size(), stdout) == piece.size() &&
             std::fflush(stdout) == 0;
    });
    if (!st) {
      std::fprintf(stderr, "canopy: %s\n", st.message().c_str());
      rc = 1;
    }
  };
  if (lines.empty()) {
    std::string line;
    while (std::getline(std::cin, line)) run(line);
  } else {
    for (const auto& l : lines) run(l);
  }
  std::fflush(stdout);
  if (rc == 0 && threshold && record.worst() && *record.worst() >= *threshold) {
    std::fprintf(stderr, "canopy: a check of severity %s or higher failed\n", fail_on.c_str());
    return 4;
  }
  return rc;
}

int cmd_parse(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
  auto q = query::parse_query(text);
  Status st = q ? query::default_edge_types(q.value()) : q.status();
  if (!st) {
    std::fprintf(stderr, "canopy: %s\n", st.message().c_str());
    return 2;
  }
  std::printf("%s\n", query::to_string(q.value()).c_str());
  return 0;
}

int cmd_info(const std::string& dir) {
  auto start = std::chrono::steady_clock::now();
  auto db = open_db(dir);
  if (!db) return fail(db.message());
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto g = (*db)->snapshot();
  std::error_code ec;
  uintmax_t disk = 0;
  for (const auto& e : std::filesystem::directory_iterator((*db)->dir(), ec))
    if (e.is_regular_file()) disk += e.file_size();
  size_t n = g->size() ? g->size() : 1;
  std::printf("data directory: %s\n", (*db)->dir().c_str());
  std::printf("nodes: %zu\nedges: %zu default, %zu delete\n", g->size(),
              g->edge_count(EdgeType::Default), g->edge_count(EdgeType::Delete));
  std::printf("load time: %.3f s\n", load_s);
  std::printf("documents: %zu bytes (%.0f per node)\n", g->doc_bytes(),
              double(g->doc_bytes()) / double(n));
  std::printf("indexes: %zu bytes (%.0f per node)\n", g->index_bytes(),
              double(g->index_bytes()) / double(n));
  std::printf("resident memory: %ld kB (peak %ld kB)\n", proc_status_kb("VmRSS:"),
              proc_status_kb("VmHWM:"));
  std::printf("store on disk: %ju bytes\n", disk);
  return 0;
}

}  // namespace
}  // namespace canopy

int main(int argc, char** argv) {
  using namespace canopy;
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"Canopy: cloud asset inventory and security benchmarks"};
  app.require_subcommand(1);
  std::string data_dir;
  app.add_option("--data-dir", data_dir,
                 "data directory (default: $CANOPY_DATA_DIR or ~/.local/share/canopy)");

  std::string import_file;
  auto* import =
      app.add_subcommand("import", "merge a graph (ndjson or a JSON array) into the store");
  import->add_option("FILE", import_file, "file to read, - for standard input")->required();

  std::string export_file;
  auto* exp = app.add_subcommand("export", "write the stored graph as ndjson (stable order)");
  exp->add_option("FILE", export_file, "file to write (default: standard output)");

  std::vector<std::string> exec_lines;
  auto* exec = app.add_subcommand(
      "exec", "run command lines (from the arguments, or one per line of standard input)");
  exec->add_option("LINE", exec_lines, "command line, e.g. 'kinds aws_iam_user'");
  std::string fail_on;
  exec->add_option(
      "--fail-on", fail_on,
      "exit with 4 when a report run finds a failing check of this severity or higher");

  auto* shell = app.add_subcommand("shell", "interactive command line (history, completion)");

  std::vector<std::string> parse_words;
  auto* parse = app.add_subcommand(
      "parse", "print the canonical form of a search query (exit 2 when it does not parse)");
  parse->add_option("QUERY", parse_words, "the query (several words are joined by blanks)")
      ->required();

  auto* demo =
      app.add_subcommand("demo", "load the built-in demo inventory and show what Canopy sees");
  auto* info =
      app.add_subcommand("info", "load the store and print its size, memory use and load time");

  auto* collect = app.add_subcommand("collect", "collect cloud resources into the store");
  collect->require_subcommand(1);
  aws::CollectOptions aws_opts;
  auto* collect_aws = collect->add_subcommand("aws", "collect AWS accounts");
  collect_aws->add_option("--profile", aws_opts.profiles,
                          "profile of the shared config files (repeat for several accounts)");
  collect_aws->add_option("--region", aws_opts.regions,
                          "region to collect (repeatable; default: every enabled region)");
  collect_aws->add_option("--endpoint-url", aws_opts.endpoint_url,
                          "send every call to this URL (a local AWS emulator)");
  collect_aws->add_option("--assume-role", aws_opts.assume_role,
                          "role name to assume in every account of the organization");
  collect_aws->add_option("--services", aws_opts.services, "services to collect (default: all)")
      ->delimiter(',')
      ->check(CLI::IsMember(aws::known_services()));
  collect_aws->add_option("--skip-services", aws_opts.skip_services, "services to leave out")
      ->delimiter(',')
      ->check(CLI::IsMember(aws::known_services()));
  collect_aws
      ->add_option("--max-in-flight", aws_opts.pacing.per_account,
                   "requests in flight per account (default 32)")
      ->check(CLI::Range(1, 1024));
  collect_aws
      ->add_option_function<std::vector<std::string>>(
          "--max-in-flight-per-service",
          [&](const std::vector<std::string>& limits) {
            for (const std::string& l : limits)
              if (std::string e = aws::set_service_limit(aws_opts.pacing, l); !e.empty())
                throw CLI::ValidationError("--max-in-flight-per-service", e);
          },
          "requests in flight per service and region: N for every service (default 10), "
          "SERVICE=N for one (e.g. ec2=4; repeatable, comma-separated)")
      ->delimiter(',');
  collect_aws
      ->add_option_function<int>(
          "--request-timeout", [&](int seconds) { aws_opts.retry.timeout_ms = seconds * 1000; },
          "seconds one attempt of a call may take before it is retried (default 30)")
      ->check(CLI::Range(1, 3600));
  collect_aws
      ->add_option("--parallel-accounts", aws_opts.parallel_accounts,
                   "accounts collected at once (default 4)")
      ->check(CLI::Range(1, 256));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (*import) return cmd_import(data_dir, import_file);
  if (*exp) return cmd_export(data_dir, export_file);
  if (*exec) return cmd_exec(data_dir, exec_lines, fail_on);
  if (*parse) return cmd_parse(parse_words);
  if (*shell) {
    auto db = open_db(data_dir);
    if (!db) return fail(db.message());
    report::register_report_command((*db)->dir(), nullptr);
    return run_shell(**db);
  }
  if (*demo) return run_demo(data_dir);
  if (*info) return cmd_info(data_dir);
  if (*collect_aws) return run_collect_aws(data_dir, aws_opts);
  return 2;
}
