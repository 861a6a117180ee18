#include "collect/aws/testing/fake_http.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "collect/json_builder.h"

namespace canopy::aws::testing {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  if (!plus_is_space) return collect::url_decode(s);
  std::string spaced(s);
  for (char& c : spaced)
    if (c == '+') c = ' ';  // %2B stays a plus: it is decoded after this
  return collect::url_decode(spaced);
}

FakeParams parse_form(std::string_view text) {
  FakeParams out;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view name = part.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : part.substr(eq + 1);
    out.emplace_back(percent_decode(name, true), percent_decode(value, true));
  }
  return out;
}

bool has_all(const FakeParams& have, const FakeParams& want) {
  for (const auto& w : want)
    if (std::find(have.begin(), have.end(), w) == have.end()) return false;
  return true;
}

std::string header_of(const http::Request& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (iequals(k, name)) return v;
  return "";
}

}  // namespace

http::Outcome response(long status, std::string body, http::Headers headers) {
  http::Outcome o;
  o.ok = true;
  o.response.status = status;
  o.response.body = std::move(body);
  for (auto& [k, v] : headers) {
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    o.response.headers.emplace_back(std::move(lower), std::move(v));
  }
  return o;
}

http::Outcome transport_failure(http::TransportError::Kind kind, std::string message) {
  http::Outcome o;
  o.ok = false;
  o.error = {kind, std::move(message)};
  return o;
}

http::Outcome query_error(long status, std::string_view code, std::string_view message) {
  std::string body =
      "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n"
      "  <Error>\n"
      "    <Type>Sender</Type>\n"
      "    <Code>" +
      std::string(code) + "</Code>\n    <Message>" + std::string(message) +
      "</Message>\n"
      "  </Error>\n"
      "  <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\n"
      "</ErrorResponse>\n";
  return response(status, std::move(body), {{"Content-Type", "text/xml"}});
}

http::Outcome json_error(long status, std::string_view type, std::string_view message) {
  std::string body =
      "{\"__type\":\"" + std::string(type) + "\",\"Message\":\"" + std::string(message) + "\"}";
  return response(status, std::move(body), {{"Content-Type", "application/x-amz-json-1.1"}});
}

std::string test_data(std::string_view relative) {
  std::string path =
      std::string(CANOPY_SOURCE_DIR) + "/tests/collect/data/" + std::string(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "missing test data " << path;
    return "";
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<Credentials> FixedCredentials::get() {
  int n = ++calls_;
  if (fail) return Error{"test credentials refused"};
  Credentials c;
  c.access_key_id = rotate ? "AKIDTEST" + std::to_string(n) : "AKIDTEST";
  c.secret_access_key = "test-secret";
  c.session_token = (n == 1 && !first_session_token.empty()) ? first_session_token : session_token;
  c.source = "test";
  return c;
}

std::string SeenRequest::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return "";
}

bool SeenRequest::has_param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return true;
  return false;
}

std::vector<std::string> SeenRequest::headers(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : request.headers)
    if (iequals(k, name)) out.push_back(v);
  return out;
}

SeenRequest describe_request(const http::Request& request) {
  SeenRequest seen;
  seen.request = request;
  std::string target = header_of(request, "X-Amz-Target");
  if (!target.empty()) {
    seen.op = target.substr(target.rfind('.') + 1);
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (parser.parse(request.body).get(object) == simdjson::SUCCESS)
      for (auto [key, value] : object) {
        std::string_view s;
        if (value.get(s) == simdjson::SUCCESS) seen.params.emplace_back(key, s);
      }
    return seen;
  }
  if (header_of(request, "Content-Type").starts_with("application/x-www-form-urlencoded")) {
    seen.params = parse_form(request.body);
    seen.op = seen.param("Action");
    return seen;
  }
  // REST: METHOD /path, parameters from the query.
  std::string_view url = request.url;
  size_t scheme = url.find("://");
  size_t path_at = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  std::string_view path = path_at == std::string_view::npos ? "/" : url.substr(path_at);
  size_t q = path.find('?');
  if (q != std::string_view::npos) {
    seen.params = parse_form(path.substr(q + 1));
    path = path.substr(0, q);
  }
  seen.op = request.method + " " + std::string(path);
  return seen;
}

FakeHttp::Route& FakeHttp::Route::reply(http::Outcome outcome) {
  answers.push_back(std::move(outcome));
  return *this;
}

FakeHttp::Route& FakeHttp::Route::reply(long status, std::string body, http::Headers headers) {
  return reply(response(status, std::move(body), std::move(headers)));
}

FakeHttp::Route& FakeHttp::Route::reply_file(long status, std::string_view relative,
                                             http::Headers headers) {
  return reply(response(status, test_data(relative), std::move(headers)));
}

FakeHttp::Route& FakeHttp::on(std::string op, FakeParams params) {
  std::lock_guard lock(mu_);
  auto route = std::make_unique<Route>();
  route->op = std::move(op);
  route->params = std::move(params);
  route->order = routes_.size();
  routes_.push_back(std::move(route));
  return *routes_.back();
}

void FakeHttp::fail(std::string op, FakeParams params, http::Outcome outcome, int nth) {
  std::lock_guard lock(mu_);
  failures_.push_back({std::move(op), std::move(params), std::move(outcome), nth, 0});
}

http::Outcome FakeHttp::send(const http::Request& request) {
  int now = ++in_flight_;
  for (int prev = max_in_flight_.load();
       now > prev && !max_in_flight_.compare_exchange_weak(prev, now);) {
  }
  SeenRequest seen = describe_request(request);
  http::Outcome out;
  bool answered = false;
  {
    std::lock_guard lock(mu_);
    seen_.push_back(seen);
    for (Failure& f : failures_) {
      if (f.op != seen.op || !has_all(seen.params, f.params)) continue;
      ++f.seen;
      if (f.nth == 0 || f.nth == f.seen) {
        out = f.outcome;
        answered = true;
        break;
      }
    }
    if (!answered) {
      Route* best = nullptr;
      for (auto& r : routes_) {
        if (r->op != seen.op || r->answers.empty() || !has_all(seen.params, r->params)) continue;
        if (!best || r->params.size() >= best->params.size()) best = r.get();
      }
      if (best) {
        out = best->answers[std::min(best->served, best->answers.size() - 1)];
        ++best->served;
        answered = true;
      } else {
        unmatched_.push_back(seen);
        out = query_error(400, "FakeHttpNoRoute", "no canned answer for " + seen.op);
      }
    }
  }
  if (int d = delay_ms_.load(); d > 0) std::this_thread::sleep_for(std::chrono::milliseconds(d));
  --in_flight_;
  return out;
}

std::vector<SeenRequest> FakeHttp::requests() const {
  std::lock_guard lock(mu_);
  return seen_;
}

std::vector<SeenRequest> FakeHttp::requests(std::string_view op) const {
  std::lock_guard lock(mu_);
  std::vector<SeenRequest> out;
  for (const auto& s : seen_)
    if (s.op == op) out.push_back(s);
  return out;
}

int FakeHttp::count(std::string_view op, const FakeParams& params) const {
  std::lock_guard lock(mu_);
  int n = 0;
  for (const auto& s : seen_)
    if (s.op == op && has_all(s.params, params)) ++n;
  return n;
}

int FakeHttp::total() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(seen_.size());
}

std::vector<SeenRequest> FakeHttp::unmatched() const {
  std::lock_guard lock(mu_);
  return unmatched_;
}

}  // namespace canopy::aws::testing
