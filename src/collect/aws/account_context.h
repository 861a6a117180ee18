// What every service collector of one account works with: the account's
// client, identity and regions, the graph it adds to, and the warnings it
// reports (an error in one part never stops the others).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "collect/aws/client.h"
#include "collect/aws/worker_pool.h"
#include "collect/graph_out.h"

namespace canopy::aws {

class Warnings {
 public:
  // `part` names where: "iam", "ec2 eu-west-1", "iam ListAccessKeys alice".
  void add(const std::string& part, const std::string& text);
  // As add(); the account's collect then fails as a whole.
  void add_fatal(const std::string& part, const std::string& text);
  std::vector<std::string> list() const;
  // The first fatal problem, or "" when there was none.
  std::string fatal() const;
  // Parts skipped on purpose (a service not offered in a region): not
  // problems, but the summary says what was left out.
  void add_skipped(const std::string& part);
  std::vector<std::string> skipped() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> items_, skipped_;
  std::string fatal_;
};

// How warnings name the call that failed: "service region op[ item]"
// ("glacier eu-west-1 ListJobs archive"); the service comes first, as the
// summary and the account's gap list group by it.
std::string call_part(std::string_view service, std::string_view region, std::string_view op,
                      std::string_view item = {});

struct AccountContext {
  Client& client;
  collect::GraphOut& out;
  Warnings& warnings;
  CallStats& stats;
  std::string account_id;
  std::string partition;      // aws, aws-cn, aws-us-gov
  std::string global_region;  // us-east-1, cn-north-1, us-gov-west-1
  std::vector<std::string> regions;
  static constexpr int kThreads = 8;
  int threads = kThreads;  // per-item calls of one service at once (the pacer bounds the wire)
  // The collect's shared threads; null: parallel() makes the calls one after the other.
  WorkerPool* pool = nullptr;

  // Node ids are unique across accounts: "<account>:<tag>:<id>".
  std::string id(std::string_view tag, std::string_view resource_id) const;
  std::string account_node() const { return id("account", account_id); }
  std::string region_node(std::string_view region) const { return id("region", region); }
  std::string global_node() const { return id("region", "global"); }
  // Records a failed call as a warning on `part` (fatal ones fail the account).
  void warn(const std::string& part, const ApiError& error);
  // Runs fn(0..n-1) on up to `width` threads of the pool (`threads` when 0) and
  // waits for all.
  void parallel(size_t n, const std::function<void(size_t)>& fn, int width = 0) const;
};

}  // namespace canopy::aws
