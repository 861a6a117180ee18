// `canopy collect aws`: every account (one per --profile, or the default
// credentials, plus every organization account reached with --assume-role)
// is collected in parallel into its own sub-graph. An account whose collect
// fails as a whole (credentials, endpoint down, malformed answers) brings
// nothing, so the store keeps its previous data; other errors are warnings
// on the service and region they concern.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "collect/aws/auth/credentials.h"
#include "collect/aws/client.h"
#include "collect/aws/pacer.h"
#include "collect/graph_out.h"
#include "collect/http/http.h"

namespace canopy::aws {

struct CollectOptions {
  std::vector<std::string> profiles;       // empty: the default credential chain
  std::vector<std::string> regions;        // empty: every region enabled for the account
  std::string endpoint_url;                // every service at this URL (a local emulator)
  std::string assume_role;                 // role name to assume in every organization account
  std::vector<std::string> services;       // empty: all
  std::vector<std::string> skip_services;  // left out even when `services` names them
  PacingOptions pacing;
  RetryOptions retry;
  EnvLookup env;  // empty: the process environment
  int parallel_accounts = 4;
};

struct AccountReport {
  std::string label;  // profile, or the account id for assumed roles
  std::string account_id, name;
  bool ok = false;
  std::string error;  // when !ok: why nothing of the account is stored
  std::vector<std::string> warnings;
  std::vector<std::string> skipped;  // services not offered in a region
  std::map<std::string, int> kinds;
  // The sub-graph below the cloud (when ok): its text is only made by
  // merge_text, so the collect never holds the account's documents in memory.
  std::unique_ptr<collect::GraphOut> graph;
  std::string account_node;  // the sub-graph's root, linked to the cloud
};

struct CollectReport {
  std::vector<AccountReport> accounts;
  uint64_t calls = 0, retries = 0, throttles = 0, errors = 0;
  std::map<std::string, uint64_t> calls_per_service;
  double seconds = 0;
};

// Live counters for a progress display.
struct CollectProgress {
  std::atomic<int> accounts_total{0}, accounts_done{0};
  CallStats stats;  // the run's counters, readable while it runs
};

CollectReport collect_aws(const CollectOptions& options, http::Http& http,
                          CollectProgress* progress = nullptr);

// The merge text of the accounts that succeeded: root → cloud `aws` →
// accounts (each flagged replace). Empty when none did. The accounts'
// graphs are written into it and released.
std::string merge_text(CollectReport& report);

// Service names `--services` accepts.
std::vector<std::string> known_services();

// Applies one `--max-in-flight-per-service` value: "N" for every service,
// "SERVICE=N" for one. Returns the error text, "" when it was applied.
std::string set_service_limit(PacingOptions& pacing, std::string_view spec);

}  // namespace canopy::aws
