// End-to-end: the EC2 collectors against moto, and the CIS checks that read
// what they collect (network ACLs, flow logs, default security groups,
// routes to peered VPCs, security group rules, instances, volumes).
//
// moto (5.2) notes: every region has a default VPC with a default network
// ACL (allowing everything from 0.0.0.0/0) and a default security group
// (egress to everywhere), so those show up in the checks too; DescribeSnapshots
// ignores Owner=self (the collector drops the snapshots of other owners).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "e2e/collect_fixture.h"

namespace canopy::testing {
namespace {

class Ec2Collect : public CollectFixture {
 protected:
  // Runs the seed script and reads its "name=value" lines.
  std::map<std::string, std::string> seed(const std::string& code) {
    std::map<std::string, std::string> out;
    for (const auto& line : lines_with(seed_python(code), "")) {
      size_t eq = line.find('=');
      if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
  }

  // The lines `exec(line)` prints, as a set (their order is the store's).
  std::set<std::string> lines(const std::string& line) {
    auto v = lines_with(exec(line), "");
    return {v.begin(), v.end()};
  }
};

const char* kSeedPrelude = R"(import boto3, os
url = os.environ['MOTO_URL']
def show(k, v): print(f"{k}={v}")
)";

// eu-west-1: four VPCs (moto's default one, prod, logged, rejects), flow logs,
// network ACLs, security groups, peering with routes, gateways, an endpoint.
const char* kNetworkSeed = R"(
ec2 = boto3.client('ec2', endpoint_url=url, region_name='eu-west-1')
s3 = boto3.client('s3', endpoint_url=url, region_name='eu-west-1')
default_vpc = ec2.describe_vpcs(Filters=[{'Name': 'isDefault', 'Values': ['true']}])['Vpcs'][0]['VpcId']
vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
logged = ec2.create_vpc(CidrBlock='10.1.0.0/16')['Vpc']['VpcId']
rejects = ec2.create_vpc(CidrBlock='10.2.0.0/16')['Vpc']['VpcId']
for k, v in (('default_vpc', default_vpc), ('vpc', vpc), ('logged', logged), ('rejects', rejects)):
    show(k, v)
    acl = ec2.describe_network_acls(Filters=[{'Name': 'vpc-id', 'Values': [v]},
                                             {'Name': 'default', 'Values': ['true']}])
    show('default_acl_' + k, acl['NetworkAcls'][0]['NetworkAclId'])

# Flow logs: everything of `logged` to S3; only accepted traffic of `rejects`.
s3.create_bucket(Bucket='flow-bucket', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
show('flow_all', ec2.create_flow_logs(ResourceIds=[logged], ResourceType='VPC', TrafficType='ALL',
     LogDestinationType='s3', LogDestination='arn:aws:s3:::flow-bucket')['FlowLogIds'][0])
show('flow_accept', ec2.create_flow_logs(ResourceIds=[rejects], ResourceType='VPC',
     TrafficType='ACCEPT', LogGroupName='accepted',
     DeliverLogsPermissionArn='arn:aws:iam::123456789012:role/flow')['FlowLogIds'][0])

# Network ACLs of prod.
def acl(entries):
    a = ec2.create_network_acl(VpcId=vpc)['NetworkAcl']['NetworkAclId']
    for n, proto, ports, action, cidr in entries:
        kw = dict(NetworkAclId=a, RuleNumber=n, Protocol=proto, RuleAction=action, Egress=False)
        kw['Ipv6CidrBlock' if ':' in cidr else 'CidrBlock'] = cidr
        if ports: kw['PortRange'] = {'From': ports[0], 'To': ports[1]}
        ec2.create_network_acl_entry(**kw)
    return a
show('acl_ssh', acl([(100, '6', (22, 22), 'allow', '0.0.0.0/0')]))
show('acl_rdp', acl([(100, '6', (3000, 4000), 'allow', '0.0.0.0/0')]))
show('acl_ok', acl([(90, '6', (22, 22), 'deny', '0.0.0.0/0'),
                    (95, '6', (3389, 3389), 'deny', '0.0.0.0/0'),
                    (100, '6', (443, 443), 'allow', '0.0.0.0/0')]))
show('acl_v6', acl([(100, '-1', None, 'allow', '::/0')]))

# A subnet (public IPs on launch) in prod, still on prod's default ACL.
sub = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.1.0/24', AvailabilityZone='eu-west-1a')['Subnet']['SubnetId']
ec2.modify_subnet_attribute(SubnetId=sub, MapPublicIpOnLaunch={'Value': True})
show('subnet', sub)

# Security groups of prod; the default group of `logged` has no rules left.
def sg(name, perms):
    g = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)['GroupId']
    ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=perms)
    return g
show('sg_ssh', sg('ssh-open', [{'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22,
                                'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}]))
show('sg_all', sg('wide-open', [{'IpProtocol': '-1', 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}]))
show('sg_rdp6', sg('rdp-v6', [{'IpProtocol': 'tcp', 'FromPort': 3389, 'ToPort': 3389,
                               'Ipv6Ranges': [{'CidrIpv6': '::/0'}]}]))
show('sg_web', sg('web', [{'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443,
                           'IpRanges': [{'CidrIp': '10.0.0.0/8'}]}]))
quiet = ec2.describe_security_groups(Filters=[{'Name': 'vpc-id', 'Values': [logged]},
                                              {'Name': 'group-name', 'Values': ['default']}])['SecurityGroups'][0]
if quiet['IpPermissions']:
    ec2.revoke_security_group_ingress(GroupId=quiet['GroupId'], IpPermissions=quiet['IpPermissions'])
if quiet['IpPermissionsEgress']:
    ec2.revoke_security_group_egress(GroupId=quiet['GroupId'], IpPermissions=quiet['IpPermissionsEgress'])

# prod peers with logged (route to all of logged) and with rejects (rejects routes
# back to one subnet of prod only).
pcx = ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=logged)['VpcPeeringConnection']['VpcPeeringConnectionId']
narrow = ec2.create_vpc_peering_connection(VpcId=rejects, PeerVpcId=vpc)['VpcPeeringConnection']['VpcPeeringConnectionId']
show('pcx', pcx); show('pcx_narrow', narrow)
rt = ec2.create_route_table(VpcId=vpc)['RouteTable']['RouteTableId']
ec2.create_route(RouteTableId=rt, DestinationCidrBlock='10.1.0.0/16', VpcPeeringConnectionId=pcx)
rt2 = ec2.create_route_table(VpcId=rejects)['RouteTable']['RouteTableId']
ec2.create_route(RouteTableId=rt2, DestinationCidrBlock='10.0.1.0/24', VpcPeeringConnectionId=narrow)
show('rt', rt)

# Gateways and an S3 endpoint of prod.
igw = ec2.create_internet_gateway()['InternetGateway']['InternetGatewayId']
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
show('igw', igw)
eip = ec2.allocate_address(Domain='vpc')
show('nat', ec2.create_nat_gateway(SubnetId=sub, AllocationId=eip['AllocationId'])['NatGateway']['NatGatewayId'])
show('vpce', ec2.create_vpc_endpoint(VpcId=vpc, ServiceName='com.amazonaws.eu-west-1.s3',
     VpcEndpointType='Gateway', RouteTableIds=[rt])['VpcEndpoint']['VpcEndpointId'])
)";

TEST_F(Ec2Collect, NetworkKindsFeedTheirChecks) {
  auto s = seed(std::string(kSeedPrelude) + kNetworkSeed);
  ASSERT_EQ(collect({"eu-west-1"}, {"ec2"}).exit_code, 0);

  // Flow logs hang below their VPC; only ALL or REJECT traffic counts.
  EXPECT_EQ(exec("search is(aws_vpc) and id == \"" + s["logged"] +
                 "\" --> is(aws_ec2_flow_log) | list id, flow_log_status, traffic_type"),
            "id=" + s["flow_all"] + ", flow_log_status=ACTIVE, traffic_type=ALL\n");
  EXPECT_EQ(exec("search is(aws_ec2_flow_log) and id == \"" + s["flow_accept"] +
                 "\" | list resource_id, log_destination_type, log_group_name"),
            "resource_id=" + s["rejects"] +
                ", log_destination_type=cloud-watch-logs, log_group_name=accepted\n");
  EXPECT_EQ(failing("aws_ec2_vpc_flow_logs_enabled"),
            (std::set<std::string>{s["default_vpc"], s["vpc"], s["rejects"]}));

  // Network ACLs: moto's default ACLs allow everything from 0.0.0.0/0.
  std::set<std::string> defaults = {s["default_acl_default_vpc"], s["default_acl_vpc"],
                                    s["default_acl_logged"], s["default_acl_rejects"]};
  auto with = [](std::set<std::string> set, const std::string& more) {
    set.insert(more);
    return set;
  };
  EXPECT_EQ(failing("aws_ec2_allow_ingress_ssh_port_22_ipv4"), with(defaults, s["acl_ssh"]));
  EXPECT_EQ(failing("aws_ec2_allow_ingress_rdp_port_3389_ipv4"), with(defaults, s["acl_rdp"]));
  EXPECT_EQ(failing("aws_ec2_allow_ingress_any_port_ipv4"), defaults);
  for (const char* check :
       {"aws_ec2_allow_ingress_any_port_ipv6", "aws_ec2_allow_ingress_ssh_port_22_ipv6",
        "aws_ec2_allow_ingress_rdp_port_3389_ipv6"})
    EXPECT_EQ(failing(check), std::set<std::string>{s["acl_v6"]}) << check;
  EXPECT_EQ(exec("search is(aws_ec2_network_acl) and id == \"" + s["acl_ok"] +
                 "\" | list is_default, acl_entries[0].rule_number, acl_entries[0].rule_action, "
                 "acl_entries[0].port_range.from_range"),
            "is_default=false, rule_number=90, rule_action=deny, from_range=22\n");
  EXPECT_EQ(exec("search is(aws_ec2_network_acl) and id == \"" + s["acl_v6"] +
                 "\" | list acl_entries[0].ipv6_cidr_block, acl_entries[0].protocol"),
            "ipv6_cidr_block=::/0, protocol=-1\n");

  // The subnet: below its VPC, above its ACL.
  EXPECT_EQ(exec("search is(aws_ec2_subnet) and id == \"" + s["subnet"] +
                 "\" | list subnet_map_public_ip_on_launch, subnet_cidr_block"),
            "subnet_map_public_ip_on_launch=true, subnet_cidr_block=10.0.1.0/24\n");
  EXPECT_EQ(
      exec("search is(aws_vpc) and id == \"" + s["vpc"] + "\" --> is(aws_ec2_subnet) | list id"),
      "id=" + s["subnet"] + "\n");
  EXPECT_EQ(exec("search is(aws_ec2_subnet) and id == \"" + s["subnet"] +
                 "\" --> is(aws_ec2_network_acl) | list id"),
            "id=" + s["default_acl_vpc"] + "\n");
  EXPECT_EQ(
      exec("search is(aws_vpc) and id == \"" + s["vpc"] + "\" --> is(aws_ec2_network_acl) | count"),
      "total matched: 5\ntotal unmatched: 0\n");  // the default one and four more

  // Security groups and the default group check.
  EXPECT_EQ(failing("aws_ec2_allow_ingress_from_internet_to_ssh_port_22_ipv4"),
            (std::set<std::string>{s["sg_ssh"], s["sg_all"]}));
  EXPECT_EQ(failing("aws_ec2_allow_ingress_from_internet_to_rdp_port_3389_ipv4"),
            std::set<std::string>{s["sg_all"]});
  EXPECT_EQ(failing("aws_ec2_allow_ingress_from_internet_to_any_port_ipv4"),
            std::set<std::string>{s["sg_all"]});
  EXPECT_EQ(failing("aws_ec2_allow_ingress_from_internet_to_rdp_port_3389_ipv6"),
            std::set<std::string>{s["sg_rdp6"]});
  EXPECT_EQ(exec("report check run aws_ec2_allow_ingress_from_internet_to_ssh_port_22_ipv6 "
                 "--only-check-results"),
            "high aws_ec2_allow_ingress_from_internet_to_ssh_port_22_ipv6 0\n");
  EXPECT_EQ(failing("aws_ec2_default_restrict_traffic"),
            (std::set<std::string>{s["default_vpc"], s["vpc"], s["rejects"]}));

  // Peering: both VPCs lead to it; prod routes to all of logged, rejects only to a subnet.
  EXPECT_EQ(exec("search is(aws_vpc_peering_connection) and id == \"" + s["pcx"] +
                 "\" | list connection_requester_vpc_info.cidr_block, "
                 "connection_accepter_vpc_info.cidr_block"),
            "cidr_block=10.0.0.0/16, cidr_block_1=10.1.0.0/16\n");
  EXPECT_EQ(lines("search is(aws_vpc_peering_connection) and id == \"" + s["pcx"] +
                  "\" <-- is(aws_vpc) | list id"),
            (std::set<std::string>{"id=" + s["vpc"], "id=" + s["logged"]}));
  EXPECT_EQ(exec("search is(aws_ec2_route_table) and id == \"" + s["rt"] +
                 "\" | list route_table_routes[1].destination_cidr_block, "
                 "route_table_routes[1].origin, route_table_routes[1].vpc_peering_connection_id"),
            "destination_cidr_block=10.1.0.0/16, origin=CreateRoute, vpc_peering_connection_id=" +
                s["pcx"] + "\n");
  EXPECT_EQ(failing("aws_ec2_routing_tables_with_least_privilege"),
            std::set<std::string>{s["vpc"]});

  // Gateways and the endpoint hang below prod.
  EXPECT_EQ(lines("search is(aws_vpc) and id == \"" + s["vpc"] +
                  "\" --> is(aws_ec2_internet_gateway, aws_ec2_nat_gateway, aws_vpc_endpoint) | "
                  "list id"),
            (std::set<std::string>{"id=" + s["igw"], "id=" + s["nat"], "id=" + s["vpce"]}));
  EXPECT_EQ(exec("search is(aws_ec2_subnet) and id == \"" + s["subnet"] +
                 "\" --> is(aws_ec2_nat_gateway) | list id, nat_state"),
            "id=" + s["nat"] + ", nat_state=available\n");
  EXPECT_EQ(exec("search is(aws_ec2_route_table) and id == \"" + s["rt"] +
                 "\" --> is(aws_vpc_endpoint) | list id, vpc_endpoint_type"),
            "id=" + s["vpce"] + ", vpc_endpoint_type=Gateway\n");
}

// eu-west-1 with EBS encryption by default, us-east-2 without; a launch
// template (v1 default with a public IP, v2 latest without); two instances
// (user data, elastic IP, IMDSv2, profile); volumes, snapshots, a public image.
const char* kComputeSeed = R"(
import base64
ec2 = boto3.client('ec2', endpoint_url=url, region_name='eu-west-1')
iam = boto3.client('iam', endpoint_url=url, region_name='us-east-1')
vpc = ec2.describe_vpcs(Filters=[{'Name': 'isDefault', 'Values': ['true']}])['Vpcs'][0]['VpcId']
sub = ec2.describe_subnets(Filters=[{'Name': 'vpc-id', 'Values': [vpc]}])['Subnets'][0]['SubnetId']
show('vpc', vpc); show('subnet', sub)
profile = iam.create_instance_profile(InstanceProfileName='web')['InstanceProfile']['Arn']

lt = ec2.create_launch_template(LaunchTemplateName='web', LaunchTemplateData={
    'ImageId': 'ami-03cf127a', 'InstanceType': 't3.micro',
    'UserData': base64.b64encode(b'#!/bin/bash\nexport TOKEN=abc\n').decode(),
    'NetworkInterfaces': [{'DeviceIndex': 0, 'AssociatePublicIpAddress': True, 'SubnetId': sub}]})
lt = lt['LaunchTemplate']['LaunchTemplateId']
ec2.create_launch_template_version(LaunchTemplateId=lt, LaunchTemplateData={
    'ImageId': 'ami-03cf127a', 'NetworkInterfaces': [{'DeviceIndex': 0, 'AssociatePublicIpAddress': False}]})
show('lt', lt)

web = ec2.run_instances(ImageId='ami-03cf127a', InstanceType='t3.micro', MinCount=1, MaxCount=1,
                        SubnetId=sub, UserData='#!/bin/bash\necho hello\n',
                        LaunchTemplate={'LaunchTemplateId': lt},
                        IamInstanceProfile={'Arn': profile},
                        MetadataOptions={'HttpTokens': 'required', 'HttpEndpoint': 'enabled'})
web = web['Instances'][0]['InstanceId']
show('web', web)
eip = ec2.allocate_address(Domain='vpc')
ec2.associate_address(AllocationId=eip['AllocationId'], InstanceId=web)
show('eip', eip['PublicIp'])
show('spare_eip', ec2.allocate_address(Domain='vpc')['PublicIp'])
eni = ec2.describe_instances(InstanceIds=[web])['Reservations'][0]['Instances'][0]['NetworkInterfaces'][0]
show('eni', eni['NetworkInterfaceId'])

image = ec2.create_image(InstanceId=web, Name='web-image')['ImageId']
ec2.modify_image_attribute(ImageId=image, LaunchPermission={'Add': [{'Group': 'all'}]})
private_image = ec2.create_image(InstanceId=web, Name='private-image')['ImageId']
show('image', image); show('private_image', private_image)
batch = ec2.run_instances(ImageId=image, InstanceType='t3.micro', MinCount=1, MaxCount=1,
                          MetadataOptions={'HttpTokens': 'optional'})['Instances'][0]['InstanceId']
show('batch', batch)

plain = ec2.create_volume(AvailabilityZone='eu-west-1a', Size=8, Encrypted=False)['VolumeId']
sealed = ec2.create_volume(AvailabilityZone='eu-west-1a', Size=8, Encrypted=True)['VolumeId']
show('plain', plain); show('sealed', sealed)
show('plain_snap', ec2.create_snapshot(VolumeId=plain)['SnapshotId'])
show('sealed_snap', ec2.create_snapshot(VolumeId=sealed)['SnapshotId'])

ec2.enable_ebs_encryption_by_default()
boto3.client('ec2', endpoint_url=url, region_name='us-east-2').disable_ebs_encryption_by_default()
)";

TEST_F(Ec2Collect, ComputeKindsFeedTheirChecks) {
  auto s = seed(std::string(kSeedPrelude) + kComputeSeed);
  ASSERT_EQ(collect({"eu-west-1", "us-east-2"}, {"ec2"}).exit_code, 0);

  // EBS encryption by default, per region.
  EXPECT_EQ(lines("search is(aws_ec2_ebs_settings) | list id, ebs_encryption_by_default"),
            (std::set<std::string>{"id=eu-west-1, ebs_encryption_by_default=true",
                                   "id=us-east-2, ebs_encryption_by_default=false"}));

  // User data, decoded; the elastic IP and interface below the instance.
  EXPECT_EQ(exec("search is(aws_ec2_instance) and instance_user_data =~ \"echo hello\" | list id"),
            "id=" + s["web"] + "\n");
  EXPECT_EQ(exec("search is(aws_ec2_instance) and id == \"" + s["web"] +
                 "\" --> is(aws_ec2_elastic_ip, aws_ec2_network_interface) | list kind, id"),
            "kind=aws_ec2_elastic_ip, id=" + s["eip"] +
                "\nkind=aws_ec2_network_interface, id=" + s["eni"] + "\n");
  EXPECT_EQ(exec("search is(aws_ec2_network_interface) and id == \"" + s["eni"] +
                 "\" --> is(aws_ec2_elastic_ip) | list id"),
            "id=" + s["eip"] + "\n");
  EXPECT_EQ(exec("search is(aws_ec2_elastic_ip) with(empty, <-- is(aws_ec2_instance, "
                 "aws_ec2_network_interface)) | list id"),
            "id=" + s["spare_eip"] + "\n");
  EXPECT_EQ(lines("search is(aws_ec2_instance) and id == \"" + s["web"] +
                  "\" <-- is(aws_vpc, aws_ec2_subnet, aws_ec2_launch_template) | list kind, id"),
            (std::set<std::string>{"kind=aws_vpc, id=" + s["vpc"],
                                   "kind=aws_ec2_subnet, id=" + s["subnet"],
                                   "kind=aws_ec2_launch_template, id=" + s["lt"]}));
  EXPECT_EQ(exec("search is(aws_ec2_image) and id == \"" + s["image"] +
                 "\" --> is(aws_ec2_instance) | list id"),
            "id=" + s["batch"] + "\n");

  // Launch templates: the default version (public IP, base64 user data) and the latest.
  EXPECT_EQ(
      lines("search is(aws_ec2_launch_template) | list id, version_number, "
            "is_default_version"),
      (std::set<std::string>{"id=" + s["lt"] + ", version_number=1, is_default_version=true",
                             "id=" + s["lt"] + ", version_number=2, is_default_version=false"}));
  EXPECT_EQ(exec("search is(aws_ec2_launch_template) and launch_template_data.network_interfaces[*]"
                 ".associate_public_ip_address == true | list version_number, "
                 "launch_template_data.user_data"),
            "version_number=1, user_data=IyEvYmluL2Jhc2gKZXhwb3J0IFRPS0VOPWFiYwo=\n");

  // Images and snapshots.
  EXPECT_EQ(lines("search is(aws_ec2_image) | list id, public"),
            (std::set<std::string>{"id=" + s["image"] + ", public=true",
                                   "id=" + s["private_image"] + ", public=false"}));
  EXPECT_EQ(exec("search is(aws_ec2_snapshot) | count"),
            "total matched: 4\ntotal unmatched: 0\n");  // two of the volumes, two of the images
  EXPECT_EQ(exec("search is(aws_ec2_snapshot) and volume_id == \"" + s["plain"] +
                 "\" | list id, encrypted"),
            "id=" + s["plain_snap"] + ", encrypted=false\n");
  EXPECT_EQ(exec("search is(aws_ec2_volume) and id == \"" + s["sealed"] +
                 "\" --> is(aws_ec2_snapshot) | list id, encrypted"),
            "id=" + s["sealed_snap"] + ", encrypted=true\n");

  // The instance checks and the volume check (root volumes of moto's instances are unencrypted).
  EXPECT_EQ(failing("aws_ec2_instance_uses_imdsv2"), std::set<std::string>{s["batch"]});
  EXPECT_EQ(failing("aws_ec2_instance_profile_attached"), std::set<std::string>{s["batch"]});
  std::set<std::string> plain_volumes = failing("aws_ec2_volume_not_encrypted");
  EXPECT_TRUE(plain_volumes.contains(s["plain"]));
  EXPECT_FALSE(plain_volumes.contains(s["sealed"]));
  EXPECT_EQ(plain_volumes.size(), 3u);  // and the root volumes of both instances
  // Detached volumes get their access times (no CloudWatch data: the start of the window).
  EXPECT_EQ(exec("search is(aws_ec2_volume) and id == \"" + s["plain"] +
                 "\" and atime != null and mtime != null | count"),
            "total matched: 1\ntotal unmatched: 0\n");
}

}  // namespace
}  // namespace canopy::testing
