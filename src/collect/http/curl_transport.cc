#include "collect/http/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <future>

namespace canopy::http {

namespace {

int64_t mono_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  auto* headers = static_cast<Headers*>(user);
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after 100-continue or a redirect)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers->emplace_back(std::move(name), trim(line.substr(colon + 1)));
  }
  return size * n;
}

TransportError::Kind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return TransportError::Kind::Resolve;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportError::Kind::Connect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::Kind::Timeout;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return TransportError::Kind::Reset;
    default:
      return TransportError::Kind::Other;
  }
}

struct GlobalInit {
  GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

const std::string& Response::header(std::string_view name) const {
  static const std::string empty;
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return empty;
}

struct CurlTransport::Exchange {
  const Request* request;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  Outcome outcome;
  std::promise<void> done;
};

CurlTransport::CurlTransport() {
  static GlobalInit init;
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 64L);
  thread_ = std::thread([this] { loop(); });
}

CurlTransport::~CurlTransport() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  curl_multi_wakeup(multi_);
  thread_.join();
  curl_multi_cleanup(multi_);
}

Outcome CurlTransport::send(const Request& request) {
  Exchange ex;
  ex.request = &request;
  auto done = ex.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      ex.outcome.error = {TransportError::Kind::Other, "transport is shutting down"};
      return ex.outcome;
    }
    queue_.push_back(&ex);
  }
  curl_multi_wakeup(multi_);
  done.wait();
  return std::move(ex.outcome);
}

TransportStats CurlTransport::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void CurlTransport::start_queued() {
  std::deque<Exchange*> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
    stats_.requests += batch.size();
  }
  for (Exchange* ex : batch) {
    const Request& r = *ex->request;
    CURL* e = curl_easy_init();
    if (!e) {
      ex->outcome.error = {TransportError::Kind::Other, "cannot create a transfer"};
      ex->done.set_value();
      continue;
    }
    ex->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (r.method == "HEAD") curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    if (!r.body.empty() || r.method == "POST" || r.method == "PUT") {
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
    for (const auto& [k, v] : r.headers)
      ex->header_list = curl_slist_append(ex->header_list, (k + ": " + v).c_str());
    // curl would add these on its own; AWS signs what is sent, so send only ours.
    ex->header_list = curl_slist_append(ex->header_list, "Expect:");
    ex->header_list = curl_slist_append(ex->header_list, "Accept:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, ex->header_list);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &ex->outcome.response.body);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &ex->outcome.response.headers);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout_ms));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout_ms));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_PRIVATE, ex);
    if (curl_multi_add_handle(multi_, e) != CURLM_OK) {
      curl_easy_cleanup(e);
      curl_slist_free_all(ex->header_list);
      ex->outcome.error = {TransportError::Kind::Other, "cannot start a transfer"};
      ex->done.set_value();
      continue;
    }
    ++in_flight_;
  }
}

void CurlTransport::finish_done() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Exchange* ex = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &ex);
    CURLcode code = msg->data.result;
    if (code == CURLE_OK) {
      ex->outcome.ok = true;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &ex->outcome.response.status);
    } else {
      ex->outcome.error = {kind_of(code), curl_easy_strerror(code)};
    }
    curl_multi_remove_handle(multi_, msg->easy_handle);
    curl_easy_cleanup(msg->easy_handle);
    curl_slist_free_all(ex->header_list);
    --in_flight_;
    ex->done.set_value();
  }
}

void CurlTransport::account_time() {
  int64_t now = mono_ns();
  if (last_tick_ns_ != 0 && in_flight_ > 0) {
    double dt = static_cast<double>(now - last_tick_ns_) / 1e9;
    std::lock_guard lock(mu_);
    stats_.busy_seconds += dt;
    stats_.in_flight_seconds += dt * in_flight_;
    stats_.max_in_flight = std::max(stats_.max_in_flight, in_flight_);
  }
  last_tick_ns_ = now;
}

void CurlTransport::loop() {
  for (;;) {
    account_time();
    start_queued();
    int running = 0;
    curl_multi_perform(multi_, &running);
    finish_done();
    account_time();
    {
      std::lock_guard lock(mu_);
      if (stopping_ && in_flight_ == 0 && queue_.empty()) break;
    }
    curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
  }
}

}  // namespace canopy::http
