#include "collect/aws/pacer.h"

#include <algorithm>

namespace canopy::aws {

namespace {
constexpr int kGrowAfter = 10;  // successes before a throttled lane grows by one
}

int PacingOptions::limit_of(std::string_view service) const {
  auto it = service_limits.find(std::string(service));
  return std::max(1, it == service_limits.end() ? per_service : it->second);
}

Pacer::Lane& Pacer::lane(const std::string& key) {
  auto [it, inserted] = lanes_.try_emplace(key);
  if (inserted) {
    // Keys are "<service>/<region>" or a bare service name.
    it->second.ceiling = options_.limit_of(std::string_view(key).substr(0, key.find('/')));
    it->second.limit = it->second.ceiling;
  }
  return it->second;
}

void Pacer::acquire(const std::string& key) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] {
    Lane& l = lane(key);
    return l.in_flight < l.limit && account_in_flight_ < std::max(1, options_.per_account);
  });
  ++lane(key).in_flight;
  ++account_in_flight_;
}

void Pacer::release(const std::string& key, bool throttled) {
  {
    std::lock_guard lock(mu_);
    Lane& l = lane(key);
    --l.in_flight;
    --account_in_flight_;
    if (throttled) {
      l.limit = std::max(1, l.limit / 2);
      l.successes = 0;
    } else if (l.limit < l.ceiling && ++l.successes >= kGrowAfter) {
      ++l.limit;
      l.successes = 0;
    }
  }
  cv_.notify_all();
}

int Pacer::limit(const std::string& key) {
  std::lock_guard lock(mu_);
  return lane(key).limit;
}

}  // namespace canopy::aws
