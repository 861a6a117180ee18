#include "collect/aws/services/ec2_network.h"

#include "collect/aws/services/ec2_common.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using ec2::each_item;
using ec2::flag;
using ec2::int_if;
using ec2::write_tags;

const char* v(pugi::xml_node n, const char* name) {
  return ec2::text(n, name);
}

void permissions(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto p : list.children("item")) {
    b.begin_object().str("ip_protocol", v(p, "ipProtocol"));
    int_if(b, "from_port", p, "fromPort");
    int_if(b, "to_port", p, "toPort");
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

void cidr_state(JsonBuilder& b, std::string_view key, pugi::xml_node s) {
  if (!s) return;
  b.begin_object(key)
      .str_if("state", v(s, "state"))
      .str_if("status_message", v(s, "statusMessage"))
      .end_object();
}

void vpc(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "vpcId");
  b.str("kind", "aws_vpc").str("id", id);
  std::string name = write_tags(b, n);
  b.str("name", name.empty() ? id : name);
  std::string arn = ec2::arn(ctx, region, "vpc", id);
  b.str("arn", arn);
  b.str_if("vpc_cidr_block", v(n, "cidrBlock"));
  b.str_if("vpc_state", v(n, "state"));
  b.str_if("vpc_dhcp_options_id", v(n, "dhcpOptionsId"));
  b.str_if("vpc_instance_tenancy", v(n, "instanceTenancy"));
  b.boolean("vpc_is_default", flag(n, "isDefault"));
  b.begin_array("vpc_cidr_block_association_set");
  for (auto a : n.child("cidrBlockAssociationSet").children("item")) {
    b.begin_object()
        .str_if("association_id", v(a, "associationId"))
        .str_if("cidr_block", v(a, "cidrBlock"));
    cidr_state(b, "cidr_block_state", a.child("cidrBlockState"));
    b.end_object();
  }
  b.end_array().begin_array("vpc_ipv6_cidr_block_association_set");
  for (auto a : n.child("ipv6CidrBlockAssociationSet").children("item")) {
    b.begin_object()
        .str_if("association_id", v(a, "associationId"))
        .str_if("ipv6_cidr_block", v(a, "ipv6CidrBlock"))
        .str_if("network_border_group", v(a, "networkBorderGroup"))
        .str_if("ipv6_pool", v(a, "ipv6Pool"));
    cidr_state(b, "ipv6_cidr_block_state", a.child("ipv6CidrBlockState"));
    b.end_object();
  }
  b.end_array();
  ec2::add_node(ctx, region, ctx.id("vpc", id), "aws_vpc", b.take(), arn);
}

void security_group(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "groupId");
  b.str("kind", "aws_ec2_security_group").str("id", id).str("name", v(n, "groupName"));
  std::string arn = ec2::arn(ctx, region, "security-group", id);
  b.str("arn", arn);
  b.str_if("description", v(n, "groupDescription"));
  write_tags(b, n);
  permissions(b, "group_ip_permissions", n.child("ipPermissions"));
  permissions(b, "group_ip_permissions_egress", n.child("ipPermissionsEgress"));
  std::string node = ctx.id("security_group", id);
  ec2::add_node(ctx, region, node, "aws_ec2_security_group", b.take(), arn);
  if (*v(n, "vpcId")) owns_edges(ctx, ctx.id("vpc", v(n, "vpcId")), node);
}

}  // namespace

void collect_ec2_network(AccountContext& ctx, const std::string& region) {
  each_item(ctx, region, "DescribeVpcs", {{"MaxResults", "1000"}}, "vpcSet",
            [&](pugi::xml_node n) { vpc(ctx, region, n); });
  each_item(ctx, region, "DescribeSecurityGroups", {{"MaxResults", "1000"}}, "securityGroupInfo",
            [&](pugi::xml_node n) { security_group(ctx, region, n); });
}

}  // namespace canopy::aws
