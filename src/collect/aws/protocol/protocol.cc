#include "collect/aws/protocol/protocol.h"

#include <optional>
#include <set>
#include <tuple>

#include "collect/aws/auth/sigv4.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

constexpr int kMaxPages = 100000;

ApiError malformed(const char* what, const std::string& detail) {
  ApiError e;
  e.code = "MalformedResponse";
  e.message = std::string(what) + ": " + detail;
  e.status = -1;
  return e;
}

XmlReply read_xml(Reply reply, bool query_result, const std::string& action) {
  XmlReply out;
  if (!reply.ok) {
    out.error = std::move(reply.error);
    return out;
  }
  out.doc = std::make_shared<pugi::xml_document>();
  const std::string& body = reply.response.body;
  if (body.empty() && !query_result) {  // REST-XML calls without output
    out.ok = true;
    return out;
  }
  // Text kept in the element itself rather than in a child node of its own:
  // about half the memory for AWS answers, which are mostly leaf elements.
  pugi::xml_parse_result parsed = out.doc->load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_embed_pcdata);
  if (!parsed) {
    out.error = malformed("XML answer does not parse", parsed.description());
    return out;
  }
  pugi::xml_node root = out.doc->document_element();
  out.result = query_result ? root.child((action + "Result").c_str()) : root;
  if (!out.result) {
    // Actions without output (e.g. some Generate* calls) still have a root.
    if (query_result && root.name() == action + "Response") {
      out.result = root;
    } else {
      out.error =
          malformed("unexpected XML answer", std::string("root element <") + root.name() + ">");
      return out;
    }
  }
  out.ok = true;
  return out;
}

JsonReply read_json(Reply reply) {
  JsonReply out;
  if (!reply.ok) {
    out.error = std::move(reply.error);
    return out;
  }
  out.parser = std::make_shared<simdjson::dom::parser>();
  std::string& body = reply.response.body;
  if (body.empty()) body = "{}";
  auto err = out.parser->parse(body).get(out.root);
  if (err != simdjson::SUCCESS) {
    out.error = malformed("JSON answer does not parse", simdjson::error_message(err));
    return out;
  }
  out.ok = true;
  return out;
}

// Guards a page loop against a service that repeats its token.
bool seen_before(std::set<std::string>& seen, const std::string& token) {
  return !seen.insert(token).second;
}

}  // namespace

std::string_view json_string(simdjson::dom::element object, std::string_view key) {
  std::string_view out;
  if (object[key].get(out) != simdjson::SUCCESS) return {};
  return out;
}

std::string form_encode(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += uri_encode(k, true);
    out += '=';
    out += uri_encode(v, true);
  }
  return out;
}

XmlReply query_call(Client& client, const Service& service, const std::string& region,
                    const std::string& action, const Params& params) {
  ApiRequest req;
  req.operation = action;
  Params all{{"Action", action}, {"Version", std::string(service.api_version)}};
  all.insert(all.end(), params.begin(), params.end());
  req.body = form_encode(all);
  req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  return read_xml(client.send(service, region, std::move(req)), service.protocol == Protocol::Query,
                  action);
}

// How the query-protocol services say "more": IAM with IsTruncated and
// Marker; SNS, CloudWatch, Auto Scaling, CloudFormation with NextToken;
// ELB with NextMarker; RDS and Redshift with a bare Marker. The answer is
// the request parameter and its value ("" when this was the last page).
static std::optional<std::pair<std::string, std::string>> query_continuation_of(
    pugi::xml_node result) {
  if (std::string_view(result.child_value("IsTruncated")) == "true") {
    if (!*result.child_value("Marker")) return std::nullopt;
    return std::pair<std::string, std::string>{"Marker", result.child_value("Marker")};
  }
  if (*result.child_value("NextToken"))
    return std::pair<std::string, std::string>{"NextToken", result.child_value("NextToken")};
  if (*result.child_value("NextMarker"))
    return std::pair<std::string, std::string>{"Marker", result.child_value("NextMarker")};
  if (!result.child("IsTruncated") && *result.child_value("Marker"))
    return std::pair<std::string, std::string>{"Marker", result.child_value("Marker")};
  return std::pair<std::string, std::string>{"", ""};
}

CallStatus query_pages(Client& client, const Service& service, const std::string& region,
                       const std::string& action, const Params& params,
                       const std::function<void(const XmlReply& page)>& on_page) {
  bool ec2 = service.protocol == Protocol::Ec2;
  std::set<std::string> seen;
  std::string token, token_param;
  for (int page = 0; page < kMaxPages; ++page) {
    Params p = params;
    if (!token.empty()) p.emplace_back(token_param, token);
    XmlReply r = query_call(client, service, region, action, p);
    if (!r.ok) return {false, r.error};
    on_page(r);
    if (ec2) {
      token = r.result.child_value("nextToken");
      token_param = "NextToken";
    } else if (auto next = query_continuation_of(r.result); !next) {
      return {false, malformed("pagination", "IsTruncated without Marker")};
    } else {
      std::tie(token_param, token) = *next;
    }
    if (token.empty()) return {};
    if (seen_before(seen, token)) return {false, malformed("pagination", "token repeated")};
  }
  return {false, malformed("pagination", "more than 100000 pages")};
}

JsonReply json_call(Client& client, const Service& service, const std::string& region,
                    const std::string& operation, const std::string& members) {
  ApiRequest req;
  req.operation = operation;
  req.body = "{" + members + "}";
  req.headers.emplace_back("Content-Type",
                           "application/x-amz-json-" + std::string(service.json_version));
  req.headers.emplace_back("X-Amz-Target", std::string(service.json_target) + "." + operation);
  return read_json(client.send(service, region, std::move(req)));
}

CallStatus json_pages(Client& client, const Service& service, const std::string& region,
                      const std::string& operation, const std::string& members,
                      const std::string& input_token, const std::string& output_token,
                      const std::function<void(const JsonReply& page)>& on_page) {
  std::set<std::string> seen;
  std::string token;
  for (int page = 0; page < kMaxPages; ++page) {
    std::string m = members;
    if (!token.empty()) {
      if (!m.empty()) m += ',';
      m += json::quote(input_token) + ":" + json::quote(token);
    }
    JsonReply r = json_call(client, service, region, operation, m);
    if (!r.ok) return {false, r.error};
    on_page(r);
    std::string_view next;
    if (r.root[output_token].get(next) != simdjson::SUCCESS || next.empty()) return {};
    token = std::string(next);
    if (seen_before(seen, token)) return {false, malformed("pagination", "token repeated")};
  }
  return {false, malformed("pagination", "more than 100000 pages")};
}

namespace {
ApiRequest rest_request(const std::string& operation, const std::string& method,
                        const std::string& path, const std::string& query,
                        const std::string& body) {
  ApiRequest req;
  req.operation = operation;
  req.method = method;
  req.path = path;
  req.query = query;
  req.body = body;
  return req;
}
}  // namespace

JsonReply rest_json_call(Client& client, const Service& service, const std::string& region,
                         const std::string& operation, const std::string& method,
                         const std::string& path, const std::string& query, const std::string& body,
                         const http::Headers& headers) {
  ApiRequest req = rest_request(operation, method, path, query, body);
  req.headers.insert(req.headers.end(), headers.begin(), headers.end());
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  return read_json(client.send(service, region, std::move(req)));
}

CallStatus rest_json_pages(Client& client, const Service& service, const std::string& region,
                           const std::string& operation, const std::string& path,
                           const std::string& query, const std::string& input_token,
                           const std::string& output_token,
                           const std::function<void(const JsonReply& page)>& on_page,
                           const http::Headers& headers) {
  std::set<std::string> seen;
  std::string token;
  for (int page = 0; page < kMaxPages; ++page) {
    std::string q = query;
    if (!token.empty()) q += (q.empty() ? "" : "&") + input_token + "=" + uri_encode(token, true);
    JsonReply r = rest_json_call(client, service, region, operation, "GET", path, q, "", headers);
    if (!r.ok) return {false, r.error};
    on_page(r);
    token = std::string(json_string(r.root, output_token));
    if (token.empty()) return {};
    if (seen_before(seen, token)) return {false, malformed("pagination", "token repeated")};
  }
  return {false, malformed("pagination", "more than 100000 pages")};
}

XmlReply rest_xml_call(Client& client, const Service& service, const std::string& region,
                       const std::string& operation, const std::string& method,
                       const std::string& path, const std::string& query, const std::string& body,
                       const http::Headers& headers) {
  ApiRequest req = rest_request(operation, method, path, query, body);
  req.headers.insert(req.headers.end(), headers.begin(), headers.end());
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/xml");
  return read_xml(client.send(service, region, std::move(req)), false, operation);
}

CallStatus rest_xml_pages(Client& client, const Service& service, const std::string& region,
                          const std::string& operation, const std::string& path,
                          const std::string& query,
                          const std::function<std::string(const XmlReply& page)>& next,
                          const std::function<void(const XmlReply& page)>& on_page) {
  std::set<std::string> seen;
  std::string more;
  for (int page = 0; page < kMaxPages; ++page) {
    std::string q = query;
    if (!more.empty()) q += (q.empty() ? "" : "&") + more;
    XmlReply r = rest_xml_call(client, service, region, operation, "GET", path, q);
    if (!r.ok) return {false, r.error};
    on_page(r);
    more = next(r);
    if (more.empty()) return {};
    if (seen_before(seen, more)) return {false, malformed("pagination", "token repeated")};
  }
  return {false, malformed("pagination", "more than 100000 pages")};
}

std::string query_param(std::string_view name, std::string_view value) {
  if (value.empty()) return "";
  return std::string(name) + "=" + uri_encode(value, true);
}

Reply rest_raw_call(Client& client, const Service& service, const std::string& region,
                    const std::string& operation, const std::string& path, const std::string& query,
                    const http::Headers& headers) {
  ApiRequest req = rest_request(operation, "GET", path, query, "");
  req.headers.insert(req.headers.end(), headers.begin(), headers.end());
  return client.send(service, region, std::move(req));
}

}  // namespace canopy::aws
