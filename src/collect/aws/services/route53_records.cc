#include "collect/aws/services/route53_records.h"

#include <pugixml.hpp>

#include <sstream>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/query_fields.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using pugi::xml_node;
using qfields::bool_of;
using qfields::int_of;
using qfields::integer;
using qfields::text;

// The fields of one value, by record type: "10 mail.example.com." (MX),
// "priority weight port target" (SRV), "flags tag value" (CAA), the seven
// fields of SOA; other types keep the value whole.
void value_fields(JsonBuilder& b, std::string_view type, const std::string& value) {
  std::istringstream in(value);
  std::vector<std::string> f;
  for (std::string w; in >> w;) f.push_back(w);
  auto num = [&](std::string_view key, size_t i) { b.num(key, integer(f[i])); };
  if (type == "MX" && f.size() == 2) {
    num("record_priority", 0);
    b.str("record_value", f[1]);
  } else if (type == "SRV" && f.size() == 4) {
    num("record_priority", 0);
    num("record_weight", 1);
    num("record_port", 2);
    b.str("record_value", f[3]);
  } else if (type == "CAA" && f.size() >= 3) {
    num("record_flags", 0);
    b.str("record_tag", f[1]);
    // The value is the rest after the tag, spaces and all, without its quotes.
    std::istringstream caa(value);
    std::string flags, tag, rest;
    caa >> flags >> tag >> std::ws;
    std::getline(caa, rest);
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
      rest = rest.substr(1, rest.size() - 2);
    b.str("record_value", rest);
  } else if (type == "SOA" && f.size() == 7) {
    b.str("record_mname", f[0]).str("record_rname", f[1]);
    num("record_serial", 2);
    num("record_refresh", 3);
    num("record_retry", 4);
    num("record_expire", 5);
    num("record_minimum", 6);
    b.str("record_value", value);
  } else {
    b.str("record_value", value);
  }
}

void set_properties(JsonBuilder& b, xml_node s, const std::string& name) {
  b.str("record_name", name).str_if("record_type", text(s, "Type"));
  b.num("record_ttl", int_of(s, "TTL"));
  b.begin_array("record_values");
  for (xml_node r : s.child("ResourceRecords").children("ResourceRecord"))
    b.str_element(text(r, "Value"));
  b.end_array();
  b.str_if("record_set_identifier", text(s, "SetIdentifier"));
  b.num("record_weight", int_of(s, "Weight"));
  b.str_if("record_region", text(s, "Region"));
  if (xml_node g = s.child("GeoLocation"))
    b.begin_object("record_geo_location")
        .str_if("continent_code", text(g, "ContinentCode"))
        .str_if("country_code", text(g, "CountryCode"))
        .str_if("subdivision_code", text(g, "SubdivisionCode"))
        .end_object();
  b.str_if("record_fail_over", text(s, "Failover"));
  if (auto multi = bool_of(s, "MultiValueAnswer")) b.boolean("record_multi_value_answer", *multi);
  if (xml_node a = s.child("AliasTarget"))
    b.begin_object("record_alias_target")
        .str_if("hosted_zone_id", text(a, "HostedZoneId"))
        .str_if("dns_name", unescape_record_name(text(a, "DNSName")))
        .boolean("evaluate_target_health", bool_of(a, "EvaluateTargetHealth"))
        .end_object();
  b.str_if("record_health_check_id", text(s, "HealthCheckId"));
  b.str_if("record_traffic_policy_instance_id", text(s, "TrafficPolicyInstanceId"));
  if (xml_node c = s.child("CidrRoutingConfig"))
    b.begin_object("record_cidr_routing_config")
        .str_if("collection_id", text(c, "CollectionId"))
        .str_if("location_name", text(c, "LocationName"))
        .end_object();
}

// One record set and a record node for each of its values.
void record_set(AccountContext& ctx, const std::string& zone_id, const std::string& zone_node,
                xml_node s) {
  std::string name = unescape_record_name(text(s, "Name"));
  std::string_view type = text(s, "Type");
  // Name and type make a set unique in its zone, but for routing policies
  // (weighted, latency, failover…) that tell their sets apart by identifier.
  std::string id = zone_id + "/" + name + "/" + std::string(type);
  if (*text(s, "SetIdentifier")) id += "/" + std::string(text(s, "SetIdentifier"));
  JsonBuilder b;
  b.str("kind", "aws_route53_resource_record_set").str("id", id).str("name", name);
  set_properties(b, s, name);
  std::string node = ctx.id("route53_record_set", id);
  ctx.out.node(node, "aws_route53_resource_record_set", b.take());
  ctx.out.edge(zone_node, node);

  for (xml_node r : s.child("ResourceRecords").children("ResourceRecord")) {
    std::string value = text(r, "Value");
    JsonBuilder rb;
    rb.str("kind", "aws_route53_resource_record").str("id", id + "/" + value).str("name", name);
    rb.str("record_type", type);
    rb.num("record_ttl", int_of(s, "TTL"));
    rb.str("record_data", value);
    value_fields(rb, type, value);
    std::string record = ctx.id("route53_record", id + "/" + value);
    ctx.out.node(record, "aws_route53_resource_record", rb.take());
    ctx.out.edge(node, record);
  }
}

// The query for the page after `page`: it starts at the name, type and
// identifier the answer names.
std::string next_record_sets(const XmlReply& page) {
  xml_node r = page.result;
  if (std::string_view(text(r, "IsTruncated")) != "true") return "";
  std::string query = query_param("name", text(r, "NextRecordName"));
  if (query.empty()) return "";
  for (auto [param, field] :
       {std::pair{"type", "NextRecordType"}, std::pair{"identifier", "NextRecordIdentifier"}})
    if (std::string more = query_param(param, text(r, field)); !more.empty()) query += "&" + more;
  return query;
}

}  // namespace

std::string unescape_record_name(std::string_view name) {
  auto is_octal = [](char c) { return c >= '0' && c <= '7'; };
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\' && i + 3 < name.size() && is_octal(name[i + 1]) && is_octal(name[i + 2]) &&
        is_octal(name[i + 3])) {
      out.push_back(static_cast<char>((name[i + 1] - '0') * 64 + (name[i + 2] - '0') * 8 +
                                      (name[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(name[i]);
    }
  }
  return out;
}

void collect_record_sets(AccountContext& ctx, const std::string& region, const std::string& zone_id,
                         const std::string& zone_node) {
  CallStatus st = rest_xml_pages(
      ctx.client, services::kRoute53, region, "ListResourceRecordSets",
      "/2013-04-01/hostedzone/" + uri_encode(zone_id, true) + "/rrset", "maxitems=300",
      next_record_sets, [&](const XmlReply& page) {
        for (xml_node s : page.result.child("ResourceRecordSets").children("ResourceRecordSet"))
          record_set(ctx, zone_id, zone_node, s);
      });
  if (!st.ok && st.error.code != "NoSuchHostedZone")  // deleted since it was listed
    ctx.warn(call_part("route53", region, "ListResourceRecordSets", zone_id), st.error);
}

}  // namespace canopy::aws
