// The libcurl transport: one multi handle driven by one I/O thread, so all
// requests share its connection cache (keep-alive, HTTP/2 where offered).
// Callers on any thread block in send() while the I/O thread runs the
// exchange. It also measures how many requests were in flight on average.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "collect/http/http.h"

namespace canopy::http {

struct TransportStats {
  uint64_t requests = 0;
  double busy_seconds = 0;       // time with at least one request in flight
  double in_flight_seconds = 0;  // integral of requests in flight over time
  int max_in_flight = 0;
  // Average number of requests in flight while any was.
  double average_in_flight() const {
    return busy_seconds > 0 ? in_flight_seconds / busy_seconds : 0;
  }
};

class CurlTransport final : public Http {
 public:
  CurlTransport();
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Outcome send(const Request& request) override;
  TransportStats stats() const;

 private:
  struct Exchange;
  void loop();
  void start_queued();
  void finish_done();
  void account_time();

  void* multi_ = nullptr;  // CURLM*
  std::thread thread_;
  mutable std::mutex mu_;
  std::deque<Exchange*> queue_;
  bool stopping_ = false;
  int in_flight_ = 0;         // owned by the I/O thread
  int64_t last_tick_ns_ = 0;  // owned by the I/O thread
  TransportStats stats_;      // guarded by mu_
};

}  // namespace canopy::http
