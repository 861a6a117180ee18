#include "report/report_command.h"

#include <fstream>
#include <set>

#include "command/command.h"
#include "command/pipeline.h"
#include "command/stream.h"
#include "core/time.h"
#include "query/access.h"
#include "query/executor.h"
#include "query/render.h"
#include "report/format.h"
#include "report/outputs.h"
#include "report/runner.h"
#include "report/security_sync.h"

namespace canopy::report {

namespace {

struct Request {
  std::string what, action;  // benchmark|check; list|show|run|failing-resources
  std::vector<std::string> ids;
  RunOptions run;
  std::optional<Severity> severity;
  bool only_failing = false, only_check_results = false;
  bool sync = false;
  std::string run_id;
  std::string format, output;
};

const char* kUsage =
    "usage: report benchmark list | show ID | run ID… [options]\n"
    "       report check list | show ID | run ID… [options] | failing-resources ID\n"
    "options: --accounts ID…  --severity info|low|medium|high|critical  --only-failing\n"
    "         --only-check-results  --param NAME=VALUE  --format FORMAT  --output FILE\n"
    "         --sync-security-section [--run-id ID]   (benchmark run)";

Result<Request> parse_request(const std::vector<std::string>& w) {
  Request r;
  if (w.size() < 2) return Error{std::string("missing arguments\n") + kUsage};
  r.what = w[0] == "benchmarks" ? "benchmark" : w[0] == "checks" ? "check" : w[0];
  r.action = w[1];
  if (r.what != "benchmark" && r.what != "check")
    return Error{"Do not understand: " + w[0] + "\n" + kUsage};
  bool runs = r.action == "run" || r.action == "failing-resources";
  if (r.action != "list" && r.action != "show" && !runs)
    return Error{"Do not understand: " + w[1] + "\n" + kUsage};
  for (size_t i = 2; i < w.size(); ++i) {
    const std::string& a = w[i];
    auto value = [&](const char* opt) -> Result<std::string> {
      if (i + 1 >= w.size() || w[i + 1].starts_with("--"))
        return Error{std::string(opt) + " needs a value"};
      return w[++i];
    };
    if (a.starts_with("--") && !runs) return Error{a + " is only an option of run"};
    if (a == "--accounts") {
      while (i + 1 < w.size() && !w[i + 1].starts_with("--")) r.run.accounts.push_back(w[++i]);
      if (r.run.accounts.empty()) return Error{"--accounts needs at least one account id"};
    } else if (a == "--severity") {
      auto v = value("--severity");
      if (!v) return v.status();
      r.severity = parse_severity(*v);
      if (!r.severity)
        return Error{"--severity must be info, low, medium, high or critical, not " + *v};
    } else if (a == "--only-failing") {
      r.only_failing = true;
    } else if (a == "--only-check-results") {
      r.only_check_results = true;
    } else if (a == "--sync-security-section") {
      r.sync = true;
    } else if (a == "--run-id") {
      auto v = value("--run-id");
      if (!v) return v.status();
      r.run_id = *v;
    } else if (a == "--param") {
      auto v = value("--param");
      if (!v) return v.status();
      size_t eq = v->find('=');
      if (eq == std::string::npos || eq == 0) return Error{"--param expects NAME=VALUE, not " + *v};
      r.run.overrides[v->substr(0, eq)] = Value::string(v->substr(eq + 1));
    } else if (a == "--format" || a == "--output") {
      auto v = value(a.c_str());
      if (!v) return v.status();
      (a == "--format" ? r.format : r.output) = *v;
    } else if (a.starts_with("--")) {
      return Error{"unknown option " + a + "\n" + kUsage};
    } else {
      r.ids.push_back(a);
    }
  }
  if (r.action == "list" && !r.ids.empty()) return Error{"list takes no id"};
  if (r.action == "show" && r.ids.size() != 1) return Error{"show takes exactly one id"};
  if (runs && r.ids.empty()) return Error{r.action + " needs at least one id"};
  if ((r.sync || !r.run_id.empty()) && !(r.what == "benchmark" && r.action == "run"))
    return Error{"--sync-security-section and --run-id belong to report benchmark run"};
  if (r.action == "failing-resources" && (r.what != "check" || r.ids.size() != 1))
    return Error{"failing-resources takes exactly one check id"};
  return r;
}

std::unique_ptr<Stream> lines(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& s : items) text += s + "\n";
  return text_lines(text);
}

std::unique_ptr<Stream> values(std::vector<Value> items) {
  std::vector<Element> out;
  for (auto& v : items) out.push_back(Element::of_value(std::move(v)));
  return std::make_unique<VectorStream>(std::move(out));
}

Value benchmark_json(const Benchmark& b) {
  std::function<Value(const Section&)> section = [&](const Section& s) {
    Value v = Value::object(
        {{"title", Value::string(s.title)}, {"description", Value::string(s.description)}});
    if (!s.checks.empty()) {
      std::vector<Value> ids;
      for (const auto& c : s.checks) ids.push_back(Value::string(c));
      v.set("checks", Value::array(std::move(ids)));
    }
    if (!s.children.empty()) {
      std::vector<Value> kids;
      for (const auto& c : s.children) kids.push_back(section(c));
      v.set("children", Value::array(std::move(kids)));
    }
    return v;
  };
  Value v = section(b.root);
  v.set("id", Value::string(b.id));
  v.set("framework", Value::string(b.framework));
  v.set("version", Value::string(b.version));
  return v;
}

std::vector<std::string> all_account_ids(Database& db) {
  std::vector<std::string> out;
  auto g = db.snapshot();
  auto result = query::run_query(*g, "is(account)", {});
  if (!result) return out;
  Sym reported = g->model().symbols().find("reported"), id = g->model().symbols().find("id");
  std::string scratch;
  for (const auto& row : result->rows)
    out.emplace_back(
        g->section(row.node, reported).get(id).as_string(g->model().symbols(), scratch));
  std::sort(out.begin(), out.end());
  return out;
}

// Parameters given with --param must be used by a selected check and keep
// the kind of the default: a duration stays a duration.
Status check_overrides(const RunOptions& run, const std::vector<const Check*>& checks) {
  for (const auto& [name, value] : run.overrides) {
    const Value* def = nullptr;
    for (const Check* c : checks)
      if (c->default_values.is_object())
        if (const Value* d = c->default_values.get(name)) def = d;
    if (!def) return Error{"--param " + name + ": no selected check has this parameter"};
    if (def->is_string() && parse_duration(def->str()) && !parse_duration(value.str()))
      return Error{"--param " + name + "=" + value.str() + ": expected a duration like " +
                   def->str()};
  }
  return {};
}

class Report {
 public:
  Report(const Library& lib, RunRecord* record) : lib_(&lib), record_(record) {}
  Report(std::string data_dir, RunRecord* record)
      : data_dir_(std::move(data_dir)), record_(record) {}

  Result<std::unique_ptr<Stream>> operator()(const std::string& args, Database& db, bool alone,
                                             const std::atomic<bool>*) {
    CANOPY_RETURN_IF_ERROR(load(db));
    auto words = split_words(args);
    if (!words) return words.status();
    auto req = parse_request(*words);
    if (!req) return req.status();
    if (req->action == "list") return list(*req);
    if (req->action == "show") return show(*req);
    return run(*req, db, alone);
  }

 private:
  Result<std::unique_ptr<Stream>> list(const Request& r) {
    std::vector<std::string> ids;
    if (r.what == "benchmark")
      for (const auto& [id, b] : lib_->benchmarks()) ids.push_back(id);
    else
      for (const auto& [id, c] : lib_->checks()) ids.push_back(id);
    return lines(ids);
  }

  Result<std::unique_ptr<Stream>> show(const Request& r) {
    const std::string& id = r.ids[0];
    if (r.what == "benchmark") {
      const Benchmark* b = lib_->benchmark(id);
      if (!b) return Error{"unknown benchmark " + id};
      return text_lines(yaml_block(benchmark_json(*b)));
    }
    const Check* c = lib_->check(id);
    if (!c) return Error{"unknown check " + id};
    return text_lines(yaml_block(check_json(*c)));
  }

  Result<std::vector<const Check*>> select(const Request& r,
                                           std::vector<const Benchmark*>& benches) {
    std::vector<std::string> ids;
    if (r.what == "benchmark") {
      for (const auto& id : r.ids) {
        const Benchmark* b = lib_->benchmark(id);
        if (!b) return Error{"unknown benchmark " + id};
        benches.push_back(b);
        collect_check_ids(b->root, ids);
      }
    } else {
      for (const auto& id : r.ids) {
        if (!lib_->check(id)) return Error{"unknown check " + id};
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      }
    }
    const auto& ignored = lib_->config().ignore_checks;
    std::vector<const Check*> out;
    for (const auto& id : ids) {
      const Check* c = lib_->check(id);
      if (std::find(ignored.begin(), ignored.end(), id) != ignored.end()) continue;
      if (c && (!r.severity || c->severity >= *r.severity)) out.push_back(c);
    }
    return out;
  }

  Result<std::unique_ptr<Stream>> run(Request r, Database& db, bool alone) {
    std::vector<const Benchmark*> benches;
    auto checks = select(r, benches);
    if (!checks) return checks.status();
    CANOPY_RETURN_IF_ERROR(check_overrides(r.run, *checks));
    // The configuration's values and ignored accounts apply under the command line's.
    for (const auto& [name, value] : lib_->config().override_values)
      r.run.overrides.emplace(name, value);
    r.run.ignore_accounts = lib_->config().ignore_accounts;
    r.run.now = now_seconds();
    if (r.action == "failing-resources") return failing_nodes(r, db, *checks);
    bool listed = r.what == "check" && r.run.accounts.empty();
    if (listed) r.run.accounts = all_account_ids(db);
    auto outcomes = run_checks(*checks, db, r.run);
    // Only Markdown and the per-check lines make do with counts.
    bool counts_only = alone && r.output.empty() && r.format.empty();
    if (!counts_only) materialize(outcomes);
    std::map<std::string, const CheckOutcome*> by_id;
    for (const auto& o : outcomes) {
      by_id[o.check->id] = &o;
      // A check that could not be evaluated may hide a failure: it counts as one.
      if (record_ && (o.outcome == Outcome::Failed || o.outcome == Outcome::Error))
        record_->failed_with(o.check->severity);
    }
    std::vector<BenchmarkResult> results;
    if (r.what == "benchmark") {
      for (const Benchmark* b : benches) results.push_back(build_result(*b, by_id, r.only_failing));
    } else {
      Benchmark adhoc;
      adhoc.id = adhoc.title = r.ids[0] + "_benchmark";
      adhoc.framework = "canopy";
      adhoc.version = "1.0";
      adhoc.description = "On demand benchmark";
      for (const Check* c : *checks) adhoc.root.checks.push_back(c->id);
      results.push_back(build_result(adhoc, by_id, r.only_failing));
      if (r.only_failing && !has_failure(results.back().root)) results.clear();
    }
    for (auto& res : results) {
      res.accounts = r.run.accounts;  // benchmark runs without --accounts: none
      res.severity = r.severity;
    }
    std::string synced;
    if (r.sync) {
      std::string run_id = r.run_id.empty() ? new_run_id() : r.run_id;
      auto counts =
          sync_security(db, results, run_id, r.run.now, r.run.accounts, r.run.ignore_accounts);
      if (!counts) return Error{"--sync-security-section: " + counts.message()};
      synced = "security sections written (run " + run_id +
               "): " + std::to_string(counts->newly_vulnerable) + " nodes newly vulnerable, " +
               std::to_string(counts->changed) + " changed, " + std::to_string(counts->compliant) +
               " compliant again";
    }
    if (!r.output.empty() || !r.format.empty()) return formatted(r, results);
    if (alone) {
      std::vector<std::string> docs;
      for (const auto& res : results) {
        auto part = r.only_check_results ? check_lines(res) : markdown(res);
        docs.insert(docs.end(), part.begin(), part.end());
      }
      if (!synced.empty()) docs.push_back(synced);
      return lines(docs);
    }
    std::vector<Value> graph;
    for (const auto& res : results) {
      auto part = result_graph(res, r.only_check_results);
      for (auto& v : part) graph.push_back(std::move(v));
    }
    return values(std::move(graph));
  }

  Result<std::unique_ptr<Stream>> formatted(const Request& r,
                                            const std::vector<BenchmarkResult>& results) {
    std::string format = r.format.empty() ? format_of_file(r.output) : r.format;
    auto text = format_results(results, format, r.only_check_results);
    if (!text) return text.status();
    if (r.output.empty()) return text_lines(*text);
    std::string tmp = r.output + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << *text;
      f.close();
      if (!f) {
        std::remove(tmp.c_str());
        return Error{"cannot write " + r.output};
      }
    }
    if (std::rename(tmp.c_str(), r.output.c_str()) != 0) {
      std::remove(tmp.c_str());
      return Error{"cannot write " + r.output};
    }
    return lines({"wrote " + format + " report to " + r.output});
  }

  Result<std::unique_ptr<Stream>> failing_nodes(const Request& r, Database& db,
                                                const std::vector<const Check*>& checks) {
    if (checks.empty()) return Error{"check " + r.ids[0] + " is below the severity filter"};
    auto outcomes = run_checks(checks, db, r.run);
    if (outcomes[0].outcome == Outcome::Error) return Error{outcomes[0].error};
    const Graph* g = outcomes[0].graph.get();
    query::Reader reader(*g);
    std::vector<Value> nodes;
    for (const auto& [account, list] : outcomes[0].nodes)
      for (uint32_t n : list)
        nodes.push_back(query::render_node(reader, n, nullptr, r.run.now, true));
    return values(std::move(nodes));
  }

  // The definitions are loaded on first use, so that a broken user file
  // only stops `report`, and other commands start without the cost.
  Status load(Database& db) {
    std::lock_guard lock(load_mu_);
    if (lib_) return {};
    if (!load_error_.empty()) return Error{load_error_};
    auto lib = Library::load(db.model(), data_dir_);
    if (!lib) {
      load_error_ = lib.message();
      return lib.status();
    }
    owned_ = std::move(*lib);
    lib_ = owned_.get();
    return {};
  }

  std::string data_dir_;
  std::mutex load_mu_;
  std::unique_ptr<Library> owned_;
  std::string load_error_;
  const Library* lib_ = nullptr;
  RunRecord* record_;
};

}  // namespace

void RunRecord::failed_with(Severity s) {
  std::lock_guard lock(mu_);
  if (!worst_ || s > *worst_) worst_ = s;
}

std::optional<Severity> RunRecord::worst() const {
  std::lock_guard lock(mu_);
  return worst_;
}

namespace {
void register_with(std::shared_ptr<Report> cmd) {
  SourceCommand fn = [cmd](const std::string& args, Database& db, bool alone,
                           const std::atomic<bool>* cancel) {
    return (*cmd)(args, db, alone, cancel);
  };
  register_source_command("report", fn);
  register_source_command("reports", fn);
}
}  // namespace

void register_report_command(const Library& library, RunRecord* record) {
  register_with(std::make_shared<Report>(library, record));
}

void register_report_command(const std::string& data_dir, RunRecord* record) {
  register_with(std::make_shared<Report>(data_dir, record));
}

}  // namespace canopy::report
