#include "collect/aws/services/ec2_vpc.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "collect/aws/services/ec2_common.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using ec2::bool_if;
using ec2::each_item;
using ec2::flag;
using ec2::int_if;
using ec2::strings;
using ec2::write_tags;

const char* v(pugi::xml_node n, const char* name) {
  return ec2::text(n, name);
}

// Tags, then `name` (the Name tag, else the id).
void tags_and_name(JsonBuilder& b, pugi::xml_node n, const std::string& id) {
  std::string name = write_tags(b, n);
  b.str("name", name.empty() ? id : name);
}

std::string vpc_of(const AccountContext& ctx, pugi::xml_node n) {
  return *v(n, "vpcId") ? ctx.id("vpc", v(n, "vpcId")) : std::string();
}

void subnet(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "subnetId");
  b.str("kind", "aws_ec2_subnet").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = *v(n, "subnetArn") ? v(n, "subnetArn") : ec2::arn(ctx, region, "subnet", id);
  b.str("arn", arn);
  b.str_if("subnet_availability_zone", v(n, "availabilityZone"));
  b.str_if("subnet_availability_zone_id", v(n, "availabilityZoneId"));
  int_if(b, "subnet_available_ip_address_count", n, "availableIpAddressCount");
  b.str_if("subnet_cidr_block", v(n, "cidrBlock"));
  bool_if(b, "subnet_default_for_az", n, "defaultForAz");
  int_if(b, "subnet_enable_lni_at_device_index", n, "enableLniAtDeviceIndex");
  b.boolean("subnet_map_public_ip_on_launch", flag(n, "mapPublicIpOnLaunch"));
  bool_if(b, "subnet_map_customer_owned_ip_on_launch", n, "mapCustomerOwnedIpOnLaunch");
  b.str_if("subnet_customer_owned_ipv4_pool", v(n, "customerOwnedIpv4Pool"));
  b.str_if("subnet_state", v(n, "state"));
  bool_if(b, "subnet_assign_ipv6_address_on_creation", n, "assignIpv6AddressOnCreation");
  b.begin_array("subnet_ipv6_cidr_block_association_set");
  for (auto a : n.child("ipv6CidrBlockAssociationSet").children("item")) {
    b.begin_object()
        .str_if("association_id", v(a, "associationId"))
        .str_if("ipv6_cidr_block", v(a, "ipv6CidrBlock"));
    if (auto s = a.child("ipv6CidrBlockState"))
      b.begin_object("ipv6_cidr_block_state")
          .str_if("state", v(s, "state"))
          .str_if("status_message", v(s, "statusMessage"))
          .end_object();
    b.end_object();
  }
  b.end_array();
  b.str_if("subnet_outpost_arn", v(n, "outpostArn"));
  bool_if(b, "subnet_enable_dns64", n, "enableDns64");
  bool_if(b, "subnet_ipv6_native", n, "ipv6Native");
  if (auto o = n.child("privateDnsNameOptionsOnLaunch")) {
    b.begin_object("subnet_private_dns_name_options_on_launch")
        .str_if("hostname_type", v(o, "hostnameType"));
    bool_if(b, "enable_resource_name_dns_a_record", o, "enableResourceNameDnsARecord");
    bool_if(b, "enable_resource_name_dns_aaaa_record", o, "enableResourceNameDnsAAAARecord");
    b.end_object();
  }
  std::string node = ctx.id("subnet", id);
  ec2::add_node(ctx, region, node, "aws_ec2_subnet", b.take(), arn);
  owns_edges(ctx, vpc_of(ctx, n), node);
}

void network_acl(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "networkAclId");
  b.str("kind", "aws_ec2_network_acl").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "network-acl", id);
  b.str("arn", arn);
  b.boolean("is_default", flag(n, "default"));
  b.begin_array("acl_associations");
  for (auto a : n.child("associationSet").children("item"))
    b.begin_object()
        .str_if("network_acl_association_id", v(a, "networkAclAssociationId"))
        .str_if("network_acl_id", v(a, "networkAclId"))
        .str_if("subnet_id", v(a, "subnetId"))
        .end_object();
  b.end_array().begin_array("acl_entries");
  for (auto e : n.child("entrySet").children("item")) {
    b.begin_object();
    int_if(b, "rule_number", e, "ruleNumber");
    b.str_if("protocol", v(e, "protocol")).str_if("rule_action", v(e, "ruleAction"));
    b.boolean("egress", flag(e, "egress"));
    b.str_if("cidr_block", v(e, "cidrBlock")).str_if("ipv6_cidr_block", v(e, "ipv6CidrBlock"));
    if (auto p = e.child("portRange")) {
      b.begin_object("port_range");
      int_if(b, "from_range", p, "from");
      int_if(b, "to_range", p, "to");
      b.end_object();
    }
    if (auto i = e.child("icmpTypeCode")) {
      b.begin_object("icmp_type_code");
      int_if(b, "code", i, "code");
      int_if(b, "type", i, "type");
      b.end_object();
    }
    b.end_object();
  }
  b.end_array();
  std::string node = ctx.id("network_acl", id);
  ec2::add_node(ctx, region, node, "aws_ec2_network_acl", b.take(), arn);
  owns_edges(ctx, vpc_of(ctx, n), node);
  for (auto a : n.child("associationSet").children("item"))
    if (*v(a, "subnetId")) depends_edges(ctx, ctx.id("subnet", v(a, "subnetId")), node);
}

void route_table(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "routeTableId");
  b.str("kind", "aws_ec2_route_table").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "route-table", id);
  b.str("arn", arn).str_if("owner_id", v(n, "ownerId"));
  b.begin_array("route_table_associations");
  for (auto a : n.child("associationSet").children("item")) {
    b.begin_object().boolean("main", flag(a, "main"));
    b.str_if("route_table_association_id", v(a, "routeTableAssociationId"))
        .str_if("route_table_id", v(a, "routeTableId"))
        .str_if("subnet_id", v(a, "subnetId"))
        .str_if("gateway_id", v(a, "gatewayId"));
    if (auto s = a.child("associationState"))
      b.begin_object("association_state")
          .str_if("state", v(s, "state"))
          .str_if("status_message", v(s, "statusMessage"))
          .end_object();
    b.end_object();
  }
  b.end_array();
  strings(b, "route_table_propagating_vgws", n.child("propagatingVgwSet"), "gatewayId");
  b.begin_array("route_table_routes");
  for (auto r : n.child("routeSet").children("item")) {
    b.begin_object();
    for (auto [key, field] : {std::pair{"destination_cidr_block", "destinationCidrBlock"},
                              {"destination_ipv6_cidr_block", "destinationIpv6CidrBlock"},
                              {"destination_prefix_list_id", "destinationPrefixListId"},
                              {"egress_only_internet_gateway_id", "egressOnlyInternetGatewayId"},
                              {"gateway_id", "gatewayId"},
                              {"instance_id", "instanceId"},
                              {"instance_owner_id", "instanceOwnerId"},
                              {"nat_gateway_id", "natGatewayId"},
                              {"transit_gateway_id", "transitGatewayId"},
                              {"local_gateway_id", "localGatewayId"},
                              {"carrier_gateway_id", "carrierGatewayId"},
                              {"network_interface_id", "networkInterfaceId"},
                              {"origin", "origin"},
                              {"state", "state"},
                              {"vpc_peering_connection_id", "vpcPeeringConnectionId"},
                              {"core_network_arn", "coreNetworkArn"}})
      b.str_if(key, v(r, field));
    b.end_object();
  }
  b.end_array();
  std::string node = ctx.id("route_table", id);
  ec2::add_node(ctx, region, node, "aws_ec2_route_table", b.take(), arn);
  owns_edges(ctx, vpc_of(ctx, n), node);
}

void flow_log(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "flowLogId");
  b.str("kind", "aws_ec2_flow_log").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "vpc-flow-log", id);
  b.str("arn", arn).time("ctime", v(n, "creationTime"));
  for (auto [key, field] : {std::pair{"deliver_logs_error_message", "deliverLogsErrorMessage"},
                            {"deliver_logs_permission_arn", "deliverLogsPermissionArn"},
                            {"deliver_cross_account_role", "deliverCrossAccountRole"},
                            {"deliver_logs_status", "deliverLogsStatus"},
                            {"flow_log_status", "flowLogStatus"},
                            {"resource_id", "resourceId"},
                            {"traffic_type", "trafficType"},
                            {"log_destination_type", "logDestinationType"},
                            {"log_destination", "logDestination"},
                            {"log_format", "logFormat"},
                            {"log_group_name", "logGroupName"}})
    b.str_if(key, v(n, field));
  int_if(b, "max_aggregation_interval", n, "maxAggregationInterval");
  if (auto o = n.child("destinationOptions")) {
    b.begin_object("destination_options").str_if("file_format", v(o, "fileFormat"));
    bool_if(b, "hive_compatible_partitions", o, "hiveCompatiblePartitions");
    bool_if(b, "per_hour_partition", o, "perHourPartition");
    b.end_object();
  }
  std::string node = ctx.id("flow_log", id);
  ec2::add_node(ctx, region, node, "aws_ec2_flow_log", b.take(), arn);
  // The resource it watches: a VPC (checks look for VPC → flow log), a subnet or an ENI.
  std::string_view res = v(n, "resourceId");
  if (res.starts_with("vpc-")) owns_edges(ctx, ctx.id("vpc", res), node);
  if (res.starts_with("subnet-")) ctx.out.edge(ctx.id("subnet", res), node);
  if (res.starts_with("eni-")) ctx.out.edge(ctx.id("network_interface", res), node);
  // Where it delivers: arn:aws:s3:::bucket[/prefix], or a log group ARN.
  std::string_view dest = v(n, "logDestination");
  if (size_t p = dest.find(":s3:::"); p != std::string_view::npos) {
    std::string_view bucket = dest.substr(p + 6);
    ctx.out.edge(node, ctx.id("s3_bucket", bucket.substr(0, bucket.find('/'))));
  } else if (dest.find(":log-group:") != std::string_view::npos) {
    ctx.out.edge(node, std::string(dest));
    ctx.out.edge(node, std::string(dest) + ":*");  // DescribeLogGroups' form of the ARN
  }
}

void elastic_ip(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "publicIp");
  std::string alloc = v(n, "allocationId");
  b.str("kind", "aws_ec2_elastic_ip").str("id", id);
  std::string name = write_tags(b, n);
  // As Resoto names it: the instance, else the Name tag, else the interface.
  if (*v(n, "instanceId")) name = v(n, "instanceId");
  if (name.empty()) name = v(n, "networkInterfaceId");
  b.str("name", name.empty() ? id : name);
  std::string arn = alloc.empty() ? std::string() : ec2::arn(ctx, region, "elastic-ip", alloc);
  b.str_if("arn", arn);
  b.str("ip_address", id).str("ip_address_family", "ipv4").str("public_ip", id);
  for (auto [key, field] : {std::pair{"private_ip_address", "privateIpAddress"},
                            {"ip_allocation_id", "allocationId"},
                            {"ip_association_id", "associationId"},
                            {"ip_domain", "domain"},
                            {"ip_network_interface_id", "networkInterfaceId"},
                            {"ip_public_ipv4_pool", "publicIpv4Pool"},
                            {"ip_network_border_group", "networkBorderGroup"},
                            {"ip_customer_owned_ip", "customerOwnedIp"},
                            {"ip_customer_owned_ipv4_pool", "customerOwnedIpv4Pool"},
                            {"ip_carrier_ip", "carrierIp"}})
    b.str_if(key, v(n, field));
  std::string node = ctx.id("elastic_ip", id);
  ec2::add_node(ctx, region, node, "aws_ec2_elastic_ip", b.take(), arn);
  if (!alloc.empty()) ctx.out.alias(ctx.id("elastic_ip", alloc), node);
  if (*v(n, "instanceId")) depends_edges(ctx, ctx.id("instance", v(n, "instanceId")), node);
  if (*v(n, "networkInterfaceId"))
    depends_edges(ctx, ctx.id("network_interface", v(n, "networkInterfaceId")), node);
}

void association(JsonBuilder& b, std::string_view key, pugi::xml_node a) {
  if (!a) return;
  b.begin_object(key);
  for (auto [key, field] : {std::pair{"allocation_id", "allocationId"},
                            {"association_id", "associationId"},
                            {"public_dns_name", "publicDnsName"},
                            {"public_ip", "publicIp"},
                            {"customer_owned_ip", "customerOwnedIp"},
                            {"carrier_ip", "carrierIp"}})
    b.str_if(key, v(a, field));
  b.end_object();
}

// The public IPs of an interface: its own association's and those of its private IPs.
std::vector<std::string> public_ips(pugi::xml_node n) {
  std::vector<std::string> out;
  auto add = [&](pugi::xml_node a) {
    std::string ip = a.child_value("publicIp");
    if (!ip.empty() && std::find(out.begin(), out.end(), ip) == out.end()) out.push_back(ip);
  };
  add(n.child("association"));
  for (auto p : n.child("privateIpAddressesSet").children("item")) add(p.child("association"));
  return out;
}

void network_interface(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "networkInterfaceId");
  b.str("kind", "aws_ec2_network_interface").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "network-interface", id);
  b.str("arn", arn);
  b.str_if("network_interface_status", v(n, "status"))
      .str_if("network_interface_type", v(n, "interfaceType"))
      .str_if("mac", v(n, "macAddress"))
      .str_if("description", v(n, "description"));
  b.begin_array("private_ips");
  for (auto p : n.child("privateIpAddressesSet").children("item"))
    b.str_element(v(p, "privateIpAddress"));
  b.end_array().begin_array("public_ips");
  for (const std::string& ip : public_ips(n)) b.str_element(ip);
  b.end_array();
  strings(b, "v6_ips", n.child("ipv6AddressesSet"), "ipv6Address");
  association(b, "nic_association", n.child("association"));
  pugi::xml_node att = n.child("attachment");
  if (att) {
    b.begin_object("nic_attachment").time("attach_time", v(att, "attachTime"));
    b.str_if("attachment_id", v(att, "attachmentId"));
    bool_if(b, "delete_on_termination", att, "deleteOnTermination");
    int_if(b, "device_index", att, "deviceIndex");
    int_if(b, "network_card_index", att, "networkCardIndex");
    b.str_if("instance_id", v(att, "instanceId")).str_if("status", v(att, "status"));
    b.end_object();
  }
  b.str_if("nic_availability_zone", v(n, "availabilityZone"));
  b.begin_array("nic_groups");
  for (auto g : n.child("groupSet").children("item"))
    b.begin_object()
        .str_if("group_name", v(g, "groupName"))
        .str_if("group_id", v(g, "groupId"))
        .end_object();
  b.end_array();
  b.str_if("nic_outpost_arn", v(n, "outpostArn"))
      .str_if("nic_private_dns_name", v(n, "privateDnsName"))
      .str_if("nic_private_ip_address", v(n, "privateIpAddress"));
  b.begin_array("nic_private_ip_addresses");
  for (auto p : n.child("privateIpAddressesSet").children("item")) {
    b.begin_object();
    association(b, "association", p.child("association"));
    bool_if(b, "primary", p, "primary");
    b.str_if("private_dns_name", v(p, "privateDnsName"))
        .str_if("private_ip_address", v(p, "privateIpAddress"));
    b.end_object();
  }
  b.end_array();
  strings(b, "nic_ipv4_prefixes", n.child("ipv4PrefixSet"), "ipv4Prefix");
  strings(b, "nic_ipv6_prefixes", n.child("ipv6PrefixSet"), "ipv6Prefix");
  b.str_if("nic_requester_id", v(n, "requesterId"));
  bool_if(b, "nic_requester_managed", n, "requesterManaged");
  bool_if(b, "nic_source_dest_check", n, "sourceDestCheck");
  b.str_if("nic_subnet_id", v(n, "subnetId"));
  b.begin_array("nic_tag_set");
  for (auto t : n.child("tagSet").children("item"))
    b.begin_object().str("key", v(t, "key")).str("value", v(t, "value")).end_object();
  b.end_array();
  bool_if(b, "nic_deny_all_igw_traffic", n, "denyAllIgwTraffic");
  bool_if(b, "nic_ipv6_native", n, "ipv6Native");
  b.str_if("nic_ipv6_address", v(n, "ipv6Address"));
  std::string node = ctx.id("network_interface", id);
  ec2::add_node(ctx, region, node, "aws_ec2_network_interface", b.take(), arn);
  owns_edges(ctx, vpc_of(ctx, n), node);
  if (*v(n, "subnetId")) ctx.out.edge(ctx.id("subnet", v(n, "subnetId")), node);
  if (*v(att, "instanceId")) depends_edges(ctx, ctx.id("instance", v(att, "instanceId")), node);
  for (auto g : n.child("groupSet").children("item"))
    ctx.out.edge(ctx.id("security_group", v(g, "groupId")), node);
  // Its elastic IPs (a public IP that is no elastic IP names no node).
  for (const std::string& ip : public_ips(n)) depends_edges(ctx, node, ctx.id("elastic_ip", ip));
}

void vpc_info(JsonBuilder& b, std::string_view key, pugi::xml_node i) {
  if (!i) return;
  b.begin_object(key).str_if("cidr_block", v(i, "cidrBlock"));
  strings(b, "ipv6_cidr_block_set", i.child("ipv6CidrBlockSet"), "ipv6CidrBlock");
  strings(b, "cidr_block_set", i.child("cidrBlockSet"), "cidrBlock");
  b.str_if("owner_id", v(i, "ownerId"));
  if (auto o = i.child("peeringOptions")) {
    b.begin_object("peering_options");
    bool_if(b, "allow_dns_resolution_from_remote_vpc", o, "allowDnsResolutionFromRemoteVpc");
    bool_if(b, "allow_egress_from_local_classic_link_to_remote_vpc", o,
            "allowEgressFromLocalClassicLinkToRemoteVpc");
    bool_if(b, "allow_egress_from_local_vpc_to_remote_classic_link", o,
            "allowEgressFromLocalVpcToRemoteClassicLink");
    b.end_object();
  }
  b.str_if("vpc_id", v(i, "vpcId")).str_if("region", v(i, "region")).end_object();
}

void peering_connection(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "vpcPeeringConnectionId");
  b.str("kind", "aws_vpc_peering_connection").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "vpc-peering-connection", id);
  b.str("arn", arn);
  vpc_info(b, "connection_accepter_vpc_info", n.child("accepterVpcInfo"));
  b.time("connection_expiration_time", v(n, "expirationTime"));
  vpc_info(b, "connection_requester_vpc_info", n.child("requesterVpcInfo"));
  if (auto s = n.child("status"))
    b.begin_object("peering_connection_status")
        .str_if("code", v(s, "code"))
        .str_if("message", v(s, "message"))
        .end_object();
  std::string node = ctx.id("vpc_peering", id);
  ec2::add_node(ctx, region, node, "aws_vpc_peering_connection", b.take(), arn);
  for (const char* side : {"requesterVpcInfo", "accepterVpcInfo"})
    if (*n.child(side).child_value("vpcId"))
      owns_edges(ctx, ctx.id("vpc", n.child(side).child_value("vpcId")), node);
}

void vpc_endpoint(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "vpcEndpointId");
  b.str("kind", "aws_vpc_endpoint").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "vpc-endpoint", id);
  b.str("arn", arn).time("ctime", v(n, "creationTimestamp"));
  b.str_if("vpc_endpoint_type", v(n, "vpcEndpointType"))
      .str_if("endpoint_service_name", v(n, "serviceName"))
      .str_if("endpoint_state", v(n, "state"))
      .str_if("endpoint_policy_document", v(n, "policyDocument"))
      .str_if("endpoint_ip_address_type", v(n, "ipAddressType"))
      .str_if("endpoint_dns_options", n.child("dnsOptions").child_value("dnsRecordIpType"));
  bool_if(b, "endpoint_private_dns_enabled", n, "privateDnsEnabled");
  bool_if(b, "endpoint_requester_managed", n, "requesterManaged");
  b.begin_array("endpoint_dns_entries");
  for (auto e : n.child("dnsEntrySet").children("item"))
    b.begin_object()
        .str_if("dns_name", v(e, "dnsName"))
        .str_if("hosted_zone_id", v(e, "hostedZoneId"))
        .end_object();
  b.end_array();
  b.time("endpoint_creation_timestamp", v(n, "creationTimestamp"));
  b.str_if("endpoint_owner_id", v(n, "ownerId"));
  if (auto e = n.child("lastError"))
    b.begin_object("endpoint_last_error")
        .str_if("message", v(e, "message"))
        .str_if("code", v(e, "code"))
        .end_object();
  std::string node = ctx.id("vpc_endpoint", id);
  ec2::add_node(ctx, region, node, "aws_vpc_endpoint", b.take(), arn);
  owns_edges(ctx, vpc_of(ctx, n), node);
  for (auto i : n.child("routeTableIdSet").children("item"))
    ctx.out.edge(ctx.id("route_table", i.child_value()), node);
  for (auto i : n.child("subnetIdSet").children("item"))
    ctx.out.edge(ctx.id("subnet", i.child_value()), node);
  for (auto g : n.child("groupSet").children("item"))
    ctx.out.edge(ctx.id("security_group", v(g, "groupId")), node);
  for (auto i : n.child("networkInterfaceIdSet").children("item"))
    ctx.out.edge(node, ctx.id("network_interface", i.child_value()));
}

void internet_gateway(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "internetGatewayId");
  b.str("kind", "aws_ec2_internet_gateway").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "internet-gateway", id);
  b.str("arn", arn);
  b.begin_array("gateway_attachments");
  for (auto a : n.child("attachmentSet").children("item"))
    b.begin_object().str_if("state", v(a, "state")).str_if("vpc_id", v(a, "vpcId")).end_object();
  b.end_array();
  std::string node = ctx.id("internet_gateway", id);
  ec2::add_node(ctx, region, node, "aws_ec2_internet_gateway", b.take(), arn);
  for (auto a : n.child("attachmentSet").children("item")) owns_edges(ctx, vpc_of(ctx, a), node);
}

void nat_gateway(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string id = v(n, "natGatewayId");
  b.str("kind", "aws_ec2_nat_gateway").str("id", id);
  tags_and_name(b, n, id);
  std::string arn = ec2::arn(ctx, region, "natgateway", id);
  b.str("arn", arn).time("ctime", v(n, "createTime"));
  b.time("nat_delete_time", v(n, "deleteTime"));
  b.str_if("nat_failure_code", v(n, "failureCode"))
      .str_if("nat_failure_message", v(n, "failureMessage"));
  b.begin_array("nat_gateway_addresses");
  for (auto a : n.child("natGatewayAddressSet").children("item"))
    b.begin_object()
        .str_if("allocation_id", v(a, "allocationId"))
        .str_if("network_interface_id", v(a, "networkInterfaceId"))
        .str_if("private_ip", v(a, "privateIp"))
        .str_if("public_ip", v(a, "publicIp"))
        .end_object();
  b.end_array();
  if (auto p = n.child("provisionedBandwidth"))
    b.begin_object("nat_provisioned_bandwidth")
        .time("provision_time", v(p, "provisionTime"))
        .str_if("provisioned", v(p, "provisioned"))
        .time("request_time", v(p, "requestTime"))
        .str_if("requested", v(p, "requested"))
        .str_if("status", v(p, "status"))
        .end_object();
  b.str_if("nat_state", v(n, "state")).str_if("nat_connectivity_type", v(n, "connectivityType"));
  std::string node = ctx.id("nat_gateway", id);
  ec2::add_node(ctx, region, node, "aws_ec2_nat_gateway", b.take(), arn);
  owns_edges(ctx, vpc_of(ctx, n), node);
  if (*v(n, "subnetId")) owns_edges(ctx, ctx.id("subnet", v(n, "subnetId")), node);
  for (auto a : n.child("natGatewayAddressSet").children("item"))
    if (*v(a, "networkInterfaceId"))
      ctx.out.edge(node, ctx.id("network_interface", v(a, "networkInterfaceId")));
}

}  // namespace

void collect_ec2_vpc(AccountContext& ctx, const std::string& region) {
  auto item = [&](void (*fn)(AccountContext&, const std::string&, pugi::xml_node)) {
    return [&ctx, &region, fn](pugi::xml_node n) { fn(ctx, region, n); };
  };
  const Params max1000 = {{"MaxResults", "1000"}};
  each_item(ctx, region, "DescribeSubnets", max1000, "subnetSet", item(subnet));
  each_item(ctx, region, "DescribeNetworkAcls", max1000, "networkAclSet", item(network_acl));
  each_item(ctx, region, "DescribeRouteTables", {{"MaxResults", "100"}}, "routeTableSet",
            item(route_table));
  each_item(ctx, region, "DescribeFlowLogs", max1000, "flowLogSet", item(flow_log));
  each_item(ctx, region, "DescribeAddresses", {}, "addressesSet", item(elastic_ip));
  each_item(ctx, region, "DescribeNetworkInterfaces", max1000, "networkInterfaceSet",
            item(network_interface));
  each_item(ctx, region, "DescribeVpcPeeringConnections", max1000, "vpcPeeringConnectionSet",
            item(peering_connection));
  each_item(ctx, region, "DescribeVpcEndpoints", max1000, "vpcEndpointSet", item(vpc_endpoint));
  each_item(ctx, region, "DescribeInternetGateways", max1000, "internetGatewaySet",
            item(internet_gateway));
  each_item(ctx, region, "DescribeNatGateways", max1000, "natGatewaySet", item(nat_gateway));
}

}  // namespace canopy::aws
