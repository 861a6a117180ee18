#include "collect/aws/account_context.h"

namespace canopy::aws {

void Warnings::add(const std::string& part, const std::string& text) {
  std::lock_guard lock(mu_);
  items_.push_back(part + ": " + text);
}

void Warnings::add_fatal(const std::string& part, const std::string& text) {
  std::lock_guard lock(mu_);
  items_.push_back(part + ": " + text);
  if (fatal_.empty()) fatal_ = items_.back();
}

std::string Warnings::fatal() const {
  std::lock_guard lock(mu_);
  return fatal_;
}

void Warnings::add_skipped(const std::string& part) {
  std::lock_guard lock(mu_);
  for (const auto& s : skipped_)
    if (s == part) return;
  skipped_.push_back(part);
}

std::vector<std::string> Warnings::skipped() const {
  std::lock_guard lock(mu_);
  return skipped_;
}

std::vector<std::string> Warnings::list() const {
  std::lock_guard lock(mu_);
  return items_;
}

std::string call_part(std::string_view service, std::string_view region, std::string_view op,
                      std::string_view item) {
  std::string out(service);
  out += ' ';
  out += region;
  out += ' ';
  out += op;
  if (!item.empty()) {
    out += ' ';
    out += item;
  }
  return out;
}

std::string AccountContext::id(std::string_view tag, std::string_view resource_id) const {
  std::string out = account_id;
  out += ':';
  out += tag;
  out += ':';
  out += resource_id;
  return out;
}

void AccountContext::warn(const std::string& part, const ApiError& error) {
  if (error.is_endpoint_missing()) {
    // "<service> <region> <Operation>": the service is not offered there.
    size_t end = part.find(' ', part.find(' ') + 1);
    warnings.add_skipped(part.substr(0, end) + " (no endpoint)");
    return;
  }
  stats.errors.fetch_add(1, std::memory_order_relaxed);
  if (error.is_fatal())
    warnings.add_fatal(part, error.describe());
  else
    warnings.add(part, error.describe());
}

void AccountContext::parallel(size_t n, const std::function<void(size_t)>& fn, int width) const {
  if (pool) {
    pool->run(n, width == 0 ? threads : width, fn);
    return;
  }
  for (size_t i = 0; i < n; ++i) fn(i);
}

}  // namespace canopy::aws
