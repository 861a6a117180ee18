// Pacing of requests: at most `per_account` requests of an account in flight,
// and at most a per-service limit for each (service, region), which adapts
// to throttling as the SDKs' adaptive mode does — halved on a throttling
// answer or a call that timed out (an endpoint too busy to answer in time),
// grown back by one after a run of successes.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace canopy::aws {

struct PacingOptions {
  int per_account = 32;  // requests in flight for one account
  int per_service = 10;  // requests in flight for one (service, region)
  // Services with their own limit per region, in place of per_service
  // ("ec2" → 4 for an API whose rate limits are tight).
  std::map<std::string, int> service_limits = {};

  int limit_of(std::string_view service) const;
};

class Pacer {
 public:
  explicit Pacer(PacingOptions options) : options_(options) {}

  // Blocks until a request for `key` ("iam", "ec2/eu-west-1") may start.
  void acquire(const std::string& key);
  // Ends a request started with acquire(); `throttled` when AWS said so or
  // the call timed out.
  void release(const std::string& key, bool throttled);
  // The current limit for `key` (for tests and the summary).
  int limit(const std::string& key);

 private:
  struct Lane {
    int limit = 0, ceiling = 0, in_flight = 0, successes = 0;
  };
  Lane& lane(const std::string& key);  // mu_ held

  PacingOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Lane> lanes_;
  int account_in_flight_ = 0;
};

// Holds a pacing slot for the lifetime of the object.
class PacedSlot {
 public:
  PacedSlot(Pacer& pacer, std::string key) : pacer_(pacer), key_(std::move(key)) {
    pacer_.acquire(key_);
  }
  ~PacedSlot() { pacer_.release(key_, throttled_); }
  PacedSlot(const PacedSlot&) = delete;
  PacedSlot& operator=(const PacedSlot&) = delete;
  void mark_throttled() { throttled_ = true; }

 private:
  Pacer& pacer_;
  std::string key_;
  bool throttled_ = false;
};

}  // namespace canopy::aws
