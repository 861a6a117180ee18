#include "collect/aws/services/ec2_network.h"

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/ec2_common.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using ec2::write_tags;

const char* v(pugi::xml_node n, const char* name) {
  return ec2::text(n, name);
}

void optional_int(JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* field) {
  if (*v(n, field)) b.num(key, int64_t(std::atoll(v(n, field))));
}

void permissions(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto p : list.children("item")) {
    b.begin_object().str("ip_protocol", v(p, "ipProtocol"));
    optional_int(b, "from_port", p, "fromPort");
    optional_int(b, "to_port", p, "toPort");
    b.begin_array("ip_ranges");
    for (auto r : p.child("ipRanges").children("item"))
      b.begin_object()
          .str("cidr_ip", v(r, "cidrIp"))
          .str_if("description", v(r, "description"))
          .end_object();
    b.end_array().begin_array("ipv6_ranges");
    for (auto r : p.child("ipv6Ranges").children("item"))
      b.begin_object()
          .str("cidr_ipv6", v(r, "cidrIpv6"))
          .str_if("description", v(r, "description"))
          .end_object();
    b.end_array().begin_array("prefix_list_ids");
    for (auto r : p.child("prefixListIds").children("item"))
      b.begin_object().str("prefix_list_id", v(r, "prefixListId")).end_object();
    b.end_array().begin_array("user_id_group_pairs");
    for (auto r : p.child("groups").children("item"))
      b.begin_object()
          .str_if("group_id", v(r, "groupId"))
          .str_if("user_id", v(r, "userId"))
          .str_if("vpc_id", v(r, "vpcId"))
          .end_object();
    b.end_array().end_object();
  }
  b.end_array();
}

void vpcs(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(
      ctx.client, services::kEc2, region, "DescribeVpcs", {}, [&](const XmlReply& page) {
        for (auto n : page.result.child("vpcSet").children("item")) {
          JsonBuilder b;
          std::string id = v(n, "vpcId");
          b.str("kind", "aws_vpc").str("id", id);
          std::string name = write_tags(b, n);
          b.str("name", name.empty() ? id : name);
          b.str_if("vpc_cidr_block", v(n, "cidrBlock"));
          b.str_if("vpc_state", v(n, "state"));
          b.str_if("vpc_dhcp_options_id", v(n, "dhcpOptionsId"));
          b.str_if("vpc_instance_tenancy", v(n, "instanceTenancy"));
          b.boolean("vpc_is_default", std::string_view(v(n, "isDefault")) == "true");
          std::string node = ctx.id("vpc", id);
          ctx.out.node(node, "aws_vpc", b.take());
          ctx.out.edge(ctx.region_node(region), node);
        }
      });
  if (!st.ok) ctx.warn("ec2 " + region + " DescribeVpcs", st.error);
}

void security_groups(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(
      ctx.client, services::kEc2, region, "DescribeSecurityGroups", {{"MaxResults", "1000"}},
      [&](const XmlReply& page) {
        for (auto n : page.result.child("securityGroupInfo").children("item")) {
          JsonBuilder b;
          std::string id = v(n, "groupId");
          b.str("kind", "aws_ec2_security_group").str("id", id).str("name", v(n, "groupName"));
          b.str_if("description", v(n, "groupDescription"));
          write_tags(b, n);
          permissions(b, "group_ip_permissions", n.child("ipPermissions"));
          permissions(b, "group_ip_permissions_egress", n.child("ipPermissionsEgress"));
          std::string node = ctx.id("security_group", id);
          ctx.out.node(node, "aws_ec2_security_group", b.take());
          ctx.out.edge(ctx.region_node(region), node);
          std::string vpc = ctx.id("vpc", v(n, "vpcId"));
          if (*v(n, "vpcId") && ctx.out.has_node(vpc)) {
            ctx.out.edge(vpc, node);
            ctx.out.edge(vpc, node, true);
          }
        }
      });
  if (!st.ok) ctx.warn("ec2 " + region + " DescribeSecurityGroups", st.error);
}

}  // namespace

void collect_ec2_network(AccountContext& ctx, const std::string& region) {
  vpcs(ctx, region);  // first: security groups link to their VPC
  security_groups(ctx, region);
}

}  // namespace canopy::aws
