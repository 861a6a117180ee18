#include "collect/aws/collector.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>

#include "collect/aws/account_context.h"
#include "collect/aws/credential_services.h"
#include "collect/aws/endpoints.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/account.h"
#include "collect/aws/services/iam.h"
#include "collect/aws/services/registry.h"
#include "collect/aws/worker_pool.h"
#include "collect/graph_out.h"
#include "collect/json_builder.h"
#include "core/json_out.h"
#include "core/process_memory.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

// One account to collect: how to get its credentials and what to call it.
struct Target {
  std::string label, profile, name;
  CredentialProvider* provider;
};

bool wanted(const CollectOptions& o, std::string_view service) {
  for (const auto& s : o.skip_services)
    if (s == service) return false;
  if (o.services.empty()) return true;
  for (const auto& s : o.services)
    if (s == service) return true;
  return false;
}

std::string home_region(const CollectOptions& o, const std::string& profile) {
  std::string r = configured_region({profile, o.env});
  return r.empty() ? "us-east-1" : r;
}

// What could not be read stays visible next to the data, in the account
// node's metadata: the warnings, and the kinds they leave incomplete (the
// report turns a pass over those kinds into an error).
void record_gaps(collect::GraphOut& out, const std::string& account_node,
                 const std::vector<std::string>& warnings) {
  if (warnings.empty()) return;
  std::string list = "[";
  std::set<std::string_view> kinds;
  for (const std::string& w : warnings) {
    if (list.size() > 1) list += ',';
    json::append_string(list, w);
    std::string_view service = std::string_view(w).substr(0, w.find_first_of(" :"));
    for (std::string_view k : kinds_of_service(service)) kinds.insert(k);
  }
  out.metadata(account_node, "collect_warnings", list + "]");
  std::string incomplete = "[";
  for (std::string_view k : kinds) {
    if (incomplete.size() > 1) incomplete += ',';
    json::append_string(incomplete, k);
  }
  out.metadata(account_node, "collect_incomplete_kinds", incomplete + "]");
}

// (service, region) parts of one account collected at once.
constexpr int kPartsAtOnce = 16;

AccountReport collect_account_of(const CollectOptions& o, http::Http& http, CallStats& stats,
                                 WorkerPool& pool, const Target& t) {
  AccountReport rep;
  rep.label = t.label;
  EndpointConfig endpoints{o.endpoint_url, o.env};
  Client client(http, *t.provider, endpoints, o.pacing, stats, o.retry);
  std::string home = home_region(o, t.profile);
  auto identity = caller_identity(client, home);
  if (!identity) {
    rep.error = identity.message();
    return rep;
  }
  rep.account_id = identity->account_id;
  auto graph = std::make_unique<collect::GraphOut>();
  collect::GraphOut& out = *graph;
  Warnings warnings;
  AccountContext ctx{client,
                     out,
                     warnings,
                     stats,
                     identity->account_id,
                     identity->partition,
                     std::string(global_region(identity->partition)),
                     o.regions};
  ctx.pool = &pool;
  if (ctx.regions.empty()) {
    auto regions = enabled_regions(client, home);
    if (!regions) {
      // Collecting fewer regions would replace the others' stored data with nothing.
      rep.error = regions.message() + " (name the regions with --region)";
      return rep;
    }
    ctx.regions = std::move(*regions);
  }
  AccountFacts facts = collect_account(ctx, t.name.empty() ? t.profile : t.name, t.profile);
  // Global services, and every region's services, all at once: the pacer
  // bounds what is in flight per account and per (service, region).
  std::vector<std::function<void()>> parts;
  if (wanted(o, "iam")) parts.push_back([&] { collect_iam(ctx, facts.mfa_devices); });
  for (const ServiceCollector& service : service_collectors()) {
    if (!wanted(o, service.name)) continue;
    if (service.global)
      parts.push_back([&ctx, &service] { service.collect(ctx, ctx.global_region); });
    else
      for (const std::string& region : ctx.regions)
        parts.push_back([&ctx, &service, region] { service.collect(ctx, region); });
  }
  pool.run(parts.size(), kPartsAtOnce, [&](size_t i) {
    parts[i]();
    // What the part freed (its pages and answers) goes back to the system:
    // the heap would otherwise stay at its high-water mark for the rest of
    // the collect (measured: 1 to 3 MB less at 21 000 resources).
    release_free_memory();
  });
  rep.warnings = warnings.list();
  rep.skipped = warnings.skipped();
  rep.name = facts.alias.empty() ? (t.name.empty() ? rep.account_id : t.name) : facts.alias;
  if (std::string fatal = warnings.fatal(); !fatal.empty()) {
    rep.error = fatal;
    return rep;
  }
  record_gaps(out, ctx.account_node(), rep.warnings);
  rep.kinds = out.kind_counts();
  rep.account_node = ctx.account_node();
  rep.graph = std::move(graph);
  rep.ok = true;
  return rep;
}

// Organization accounts for --assume-role, listed with the management account's credentials.
Result<std::vector<std::pair<std::string, std::string>>> organization_accounts(
    const CollectOptions& o, http::Http& http, CallStats& stats, CredentialProvider& provider) {
  Client client(http, provider, EndpointConfig{o.endpoint_url, o.env}, o.pacing, stats, o.retry);
  std::vector<std::pair<std::string, std::string>> out;
  auto st = json_pages(client, services::kOrganizations, "us-east-1", "ListAccounts", "",
                       "NextToken", "NextToken", [&](const JsonReply& page) {
                         simdjson::dom::array accounts;
                         if (page.root["Accounts"].get(accounts) != simdjson::SUCCESS) return;
                         for (auto a : accounts) {
                           std::string_view id = json_string(a, "Id");
                           std::string_view name = json_string(a, "Name");
                           std::string_view status = json_string(a, "Status");
                           if (status.empty() || status == "ACTIVE")
                             out.emplace_back(std::string(id), std::string(name));
                         }
                       });
  if (!st.ok) return Error{"organizations ListAccounts: " + st.error.describe()};
  return out;
}

}  // namespace

std::vector<std::string> known_services() {
  std::vector<std::string> out = {"iam"};
  for (const ServiceCollector& s : service_collectors()) out.emplace_back(s.name);
  return out;
}

std::string set_service_limit(PacingOptions& pacing, std::string_view spec) {
  size_t eq = spec.find('=');
  std::string_view number = eq == std::string_view::npos ? spec : spec.substr(eq + 1);
  int n = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (ec != std::errc() || end != number.data() + number.size() || n < 1 || n > 1024)
    return "'" + std::string(spec) + "': expected N or SERVICE=N with N from 1 to 1024";
  if (eq == std::string_view::npos) {
    pacing.per_service = n;
    return "";
  }
  std::string service(spec.substr(0, eq));
  auto names = known_services();
  if (std::find(names.begin(), names.end(), service) == names.end())
    return "'" + std::string(spec) + "': unknown service " + service;
  pacing.service_limits[service] = n;
  return "";
}

CollectReport collect_aws(const CollectOptions& options, http::Http& http,
                          CollectProgress* progress) {
  auto start = std::chrono::steady_clock::now();
  CollectOptions o = options;
  if (!o.env) o.env = process_env();
  CallStats own_stats;
  CallStats& stats = progress ? progress->stats : own_stats;
  NetworkCredentialServices net(http, EndpointConfig{o.endpoint_url, o.env}, stats, o.retry);
  CollectReport report;

  std::vector<std::string> profiles = o.profiles;
  if (profiles.empty()) profiles.push_back("");
  std::vector<std::unique_ptr<CredentialProvider>> providers;
  std::vector<Target> targets;
  for (const std::string& p : profiles) {
    auto provider = resolve_chain({p, o.env}, net);
    if (!provider) {
      AccountReport failed;
      failed.label = p.empty() ? "default credentials" : "profile " + p;
      failed.error = provider.message();
      report.accounts.push_back(std::move(failed));
      continue;
    }
    providers.push_back(std::move(*provider));
    targets.push_back(
        {p.empty() ? "default credentials" : "profile " + p, p, "", providers.back().get()});
  }
  if (!o.assume_role.empty()) {
    std::vector<Target> assumed;
    for (const Target& base : targets) {
      auto accounts = organization_accounts(o, http, stats, *base.provider);
      if (!accounts) {
        AccountReport failed;
        failed.label = base.label;
        failed.error = accounts.message();
        report.accounts.push_back(std::move(failed));
        continue;
      }
      std::string partition = "aws";  // role ARNs below; GetCallerIdentity tells the rest
      for (const auto& [id, name] : *accounts) {
        AssumeRoleParams params;
        params.role_arn = "arn:" + partition + ":iam::" + id + ":role/" + o.assume_role;
        params.session_name = "canopy-collect";
        params.region = home_region(o, base.profile);
        providers.push_back(std::make_unique<AssumedRole>(*base.provider, net, params));
        assumed.push_back({"account " + id + " (role " + o.assume_role + ")", base.profile, name,
                           providers.back().get()});
      }
    }
    targets = std::move(assumed);
  }

  if (progress) progress->accounts_total = static_cast<int>(targets.size());
  std::vector<AccountReport> results(targets.size());
  // Threads for the parts of the accounts collected at once and for as many
  // per-item calls as their request slots allow (more would only wait), at
  // most what the parts could keep busy.
  int at_once =
      static_cast<int>(std::min<size_t>(targets.size(), std::max(1, o.parallel_accounts)));
  int items = std::min(o.pacing.per_account, kPartsAtOnce * AccountContext::kThreads);
  WorkerPool pool(at_once * (kPartsAtOnce + items));
  pool.run(targets.size(), o.parallel_accounts, [&](size_t i) {
    results[i] = collect_account_of(o, http, stats, pool, targets[i]);
    if (progress) ++progress->accounts_done;
  });
  for (auto& r : results) report.accounts.push_back(std::move(r));

  report.calls = stats.calls;
  report.retries = stats.retries;
  report.throttles = stats.throttles;
  report.errors = stats.errors;
  {
    std::lock_guard lock(stats.mu);
    report.calls_per_service = stats.per_service;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::string merge_text(CollectReport& report) {
  std::string out =
      "{\"id\":\"root\",\"reported\":{\"kind\":\"graph_root\",\"id\":\"root\",\"name\":\"root\"}}\n"
      "{\"id\":\"aws\",\"reported\":{\"kind\":\"cloud\",\"id\":\"aws\",\"name\":\"aws\"}}\n"
      "{\"from\":\"root\",\"to\":\"aws\"}\n";
  auto cloud_edge = [](const AccountReport& a) {
    return "{\"from\":\"aws\",\"to\":" + json::quote(a.account_node) + "}\n";
  };
  // One allocation of the exact size: the text is the largest thing a
  // collect makes, and growing it by doubling would hold it twice.
  size_t size = out.size();
  bool any = false;
  for (const AccountReport& a : report.accounts) {
    if (!a.ok || !a.graph) continue;
    size += a.graph->text_size() + cloud_edge(a).size();
    any = true;
  }
  if (!any) return "";
  out.reserve(size);
  for (AccountReport& a : report.accounts) {
    if (!a.ok || !a.graph) continue;
    a.graph->append_text(out);
    out += cloud_edge(a);
    a.graph.reset();  // its names and its temporary file
  }
  return out;
}

}  // namespace canopy::aws
