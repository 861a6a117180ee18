#include "collect/aws/services/route53.h"

#include <pugixml.hpp>

#include <cstdlib>
#include <map>
#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/route53_records.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using pugi::xml_node;

const char* v(xml_node n, const char* name) {
  return n.child_value(name);
}

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  return call_part("route53", region, op, item);
}

struct LoggingConfig {
  std::string id, log_group_arn;
};

// The query for the page after a ListHostedZones page.
std::string next_zones(const XmlReply& page) {
  if (std::string_view(v(page.result, "IsTruncated")) != "true") return "";
  return query_param("marker", v(page.result, "NextMarker"));
}

// The query logging configurations of every zone at once (one listing
// instead of one call per zone), the first one per zone (spec §3.16).
CallStatus logging_configs(AccountContext& ctx, const std::string& region,
                           std::map<std::string, LoggingConfig>& out) {
  return rest_xml_pages(
      ctx.client, services::kRoute53, region, "ListQueryLoggingConfigs",
      "/2013-04-01/queryloggingconfig", "maxresults=100",
      [](const XmlReply& page) { return query_param("nexttoken", v(page.result, "NextToken")); },
      [&](const XmlReply& page) {
        for (xml_node c : page.result.child("QueryLoggingConfigs").children("QueryLoggingConfig"))
          out.try_emplace(v(c, "HostedZoneId"),
                          LoggingConfig{v(c, "Id"), v(c, "CloudWatchLogsLogGroupArn")});
      });
}

void tags(AccountContext& ctx, const std::string& region, const std::string& id, JsonBuilder& b) {
  XmlReply r = rest_xml_call(ctx.client, services::kRoute53, region, "ListTagsForResource", "GET",
                             "/2013-04-01/tags/hostedzone/" + uri_encode(id, true));
  if (!r.ok) {
    if (r.error.code != "NoSuchHostedZone")
      ctx.warn(part(region, "ListTagsForResource", id), r.error);
    return;
  }
  b.begin_object("tags");
  for (xml_node t : r.result.child("ResourceTagSet").child("Tags").children("Tag"))
    b.str(v(t, "Key"), v(t, "Value"));
  b.end_object();
}

void zone(AccountContext& ctx, const std::string& region, xml_node z,
          const std::map<std::string, LoggingConfig>& logging) {
  std::string_view full = v(z, "Id");  // /hostedzone/<id>
  std::string id(full.substr(full.rfind('/') + 1));
  std::string arn = "arn:" + ctx.partition + ":route53:::hostedzone/" + id;
  JsonBuilder b;
  b.str("kind", "aws_route53_zone").str("id", id);
  b.str("name", *v(z, "Name") ? v(z, "Name") : id).str("arn", arn);
  tags(ctx, region, id, b);
  if (*v(z, "ResourceRecordSetCount"))
    b.num("zone_resource_record_set_count", int64_t(std::atoll(v(z, "ResourceRecordSetCount"))));
  b.str_if("zone_caller_reference", v(z, "CallerReference"));
  if (xml_node c = z.child("Config")) {
    b.begin_object("zone_config").str_if("comment", v(c, "Comment"));
    b.boolean("private_zone", std::string_view(v(c, "PrivateZone")) == "true").end_object();
  }
  if (xml_node s = z.child("LinkedService"))
    b.begin_object("zone_linked_service")
        .str_if("service_principal", v(s, "ServicePrincipal"))
        .str_if("description", v(s, "Description"))
        .end_object();
  if (auto it = logging.find(id); it != logging.end())  // null without query logging
    b.begin_object("zone_logging_config")
        .str_if("id", it->second.id)
        .str_if("cloud_watch_logs_log_group_arn", it->second.log_group_arn)
        .end_object();
  std::string node = ctx.id("route53_zone", id);
  ctx.out.node(node, "aws_route53_zone", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.global_node(), node);
  collect_record_sets(ctx, region, id, node);
}

}  // namespace

void collect_route53(AccountContext& ctx, const std::string& region) {
  // The logging configurations are listed once, when the first zone comes.
  std::map<std::string, LoggingConfig> logging;
  bool logging_listed = false;
  CallStatus st = rest_xml_pages(
      ctx.client, services::kRoute53, region, "ListHostedZones", "/2013-04-01/hostedzone",
      "maxitems=100", next_zones,
      each_listed<xml_node>(
          ctx,
          [&](const XmlReply& page, std::vector<xml_node>& zones) {
            for (xml_node z : page.result.child("HostedZones").children("HostedZone"))
              zones.push_back(z);
            if (zones.empty() || logging_listed) return;
            logging_listed = true;
            CallStatus listed = logging_configs(ctx, region, logging);
            if (!listed.ok) ctx.warn(part(region, "ListQueryLoggingConfigs"), listed.error);
          },
          [&](xml_node z) { zone(ctx, region, z, logging); }));
  if (!st.ok) ctx.warn(part(region, "ListHostedZones"), st.error);
}

}  // namespace canopy::aws
