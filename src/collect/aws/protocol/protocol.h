// The five AWS protocols on top of Client: how a call is written (form
// body, JSON body with X-Amz-Target, REST path and query) and how its
// answer and its pages are read.
//
//   query / EC2  POST form Action=…&Version=…; XML answer; pages by
//                Marker/IsTruncated (query) or NextToken (EC2)
//   JSON 1.0/1.1 POST JSON with X-Amz-Target; pages by a token member
//   REST-JSON / REST-XML  method + path + query; JSON or XML answer
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>
#include <pugixml.hpp>

#include "collect/aws/client.h"

namespace canopy::aws {

using Params = std::vector<std::pair<std::string, std::string>>;

// The outcome of a call that is read page by page. Page callbacks get the
// whole reply, so they may keep its document alive.
struct CallStatus {
  bool ok = true;
  ApiError error;
};

struct XmlReply {
  bool ok = false;
  ApiError error;
  std::shared_ptr<pugi::xml_document> doc;
  pugi::xml_node result;  // <ActionResult> (query) or the root element (EC2, REST-XML)
};

struct JsonReply {
  bool ok = false;
  ApiError error;
  std::shared_ptr<simdjson::dom::parser> parser;  // owns `root`
  simdjson::dom::element root;
};

// Query and EC2 protocols (by the service's protocol).
XmlReply query_call(Client& client, const Service& service, const std::string& region,
                    const std::string& action, const Params& params = {});
CallStatus query_pages(Client& client, const Service& service, const std::string& region,
                       const std::string& action, const Params& params,
                       const std::function<void(const XmlReply& page)>& on_page);

// JSON 1.0/1.1. `members` is the request object's members as JSON text
// without braces ("" for none).
JsonReply json_call(Client& client, const Service& service, const std::string& region,
                    const std::string& operation, const std::string& members = "");
CallStatus json_pages(Client& client, const Service& service, const std::string& region,
                      const std::string& operation, const std::string& members,
                      const std::string& input_token, const std::string& output_token,
                      const std::function<void(const JsonReply& page)>& on_page);

// REST-JSON and REST-XML. `query` is already encoded; `headers` are added
// to the request (Glacier's API version, S3 Control's account id, …).
JsonReply rest_json_call(Client& client, const Service& service, const std::string& region,
                         const std::string& operation, const std::string& method,
                         const std::string& path, const std::string& query = "",
                         const std::string& body = "", const http::Headers& headers = {});
// Every page of a REST-JSON GET: the answer's `output_token` member goes back
// as query parameter `input_token` until it is absent.
CallStatus rest_json_pages(Client& client, const Service& service, const std::string& region,
                           const std::string& operation, const std::string& path,
                           const std::string& query, const std::string& input_token,
                           const std::string& output_token,
                           const std::function<void(const JsonReply& page)>& on_page,
                           const http::Headers& headers = {});
XmlReply rest_xml_call(Client& client, const Service& service, const std::string& region,
                       const std::string& operation, const std::string& method,
                       const std::string& path, const std::string& query = "",
                       const std::string& body = "", const http::Headers& headers = {});
// Every page of a REST-XML GET. `next(page)` gives the query parameters that
// ask for the page after `page` ("" after the last one); they are added to
// `query`. Parameters that come back a second time end the listing with an
// error instead of a loop.
CallStatus rest_xml_pages(Client& client, const Service& service, const std::string& region,
                          const std::string& operation, const std::string& path,
                          const std::string& query,
                          const std::function<std::string(const XmlReply& page)>& next,
                          const std::function<void(const XmlReply& page)>& on_page);
// "name=value" with the value URI-encoded, "" when the value is empty.
std::string query_param(std::string_view name, std::string_view value);
// A REST GET whose answer is neither XML nor JSON to be read here (an S3
// bucket policy is the policy document itself).
Reply rest_raw_call(Client& client, const Service& service, const std::string& region,
                    const std::string& operation, const std::string& path,
                    const std::string& query = "", const http::Headers& headers = {});

// The string member `key` of a JSON object, or "" when it is absent or no string.
std::string_view json_string(simdjson::dom::element object, std::string_view key);

// Form and URL encoding as the query protocol and REST paths need it.
std::string form_encode(const Params& params);

}  // namespace canopy::aws
