// The EC2 collectors (ec2_network, ec2_vpc, ec2_compute, ec2_images) against
// answers written from the EC2 API reference (XML, `item` lists,
// lowerCamel names). Account 123456789012, region eu-west-1:
//   vpcs        prod (vpc-0001, 10.0.0.0/16), the default VPC (vpc-0002, 172.31.0.0/16)
//   subnets     public-a (subnet-0aaa, maps public IPs) on page 1, subnet-0bbb on page 2
//   ACLs        open (SSH and RDP from anywhere; subnet-0aaa) and the default ACL (subnet-0bbb)
//   routes      the main table of prod: local, internet gateway, peering to the default VPC
//   flow logs   prod → S3 bucket flow-bucket; subnet-0bbb → CloudWatch Logs
//   EIPs        203.0.113.10 on i-0001 / eni-0001; 203.0.113.20 (spare, unassociated)
//   ENIs        eni-0001 (i-0001, sg default, EIP), eni-0002 (endpoint, unattached)
//   also        peering pcx-0001, endpoints vpce-0001 (gateway) and vpce-0002 (interface),
//               igw-0001, nat-0001
//   instances   i-0001 web (running, user data, template lt-0001, image ami-0001,
//               volume vol-0001) and i-0002 (stopped, binary user data) on page 1;
//               i-0003 (terminated, gone when its user data is asked) on page 2
//   volumes     vol-0001 (on i-0001, KMS), vol-0002 (available, unencrypted)
//   images      ami-0001 (public), ami-0002; snapshots snap-0001 (encrypted), snap-0002,
//               and snap-0public of another account
//   templates   lt-0001: default v1 (public IP) and latest v2; lt-0002: v1 is both
//   EBS         encryption by default on
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "collect/aws/endpoints.h"
#include "collect/aws/services/ec2_compute.h"
#include "collect/aws/services/ec2_images.h"
#include "collect/aws/services/ec2_network.h"
#include "collect/aws/services/ec2_vpc.h"
#include "collect/aws/testing/fake_http.h"
#include "collect/aws/testing/service_test.h"

namespace canopy::aws {
namespace {

using testing::FakeHttp;
using testing::Graph;

const std::string kAcc = "123456789012";
const std::string kRegion = "eu-west-1";
const http::Headers kXml = {{"Content-Type", "text/xml;charset=UTF-8"}};

std::string node(const std::string& tag, const std::string& id) {
  return kAcc + ":" + tag + ":" + id;
}

// An EC2 answer: <ActionResponse> with a request id around `body`.
std::string answer(const std::string& action, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action +
         "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
         "  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n" +
         body + "\n</" + action + "Response>";
}

std::string ec2_error(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code +
         "</Code><Message>" + message +
         "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID>"
         "</Response>";
}

// --- the answers ---------------------------------------------------------------------------------

const char* kVpcs = R"(<vpcSet>
    <item>
      <vpcId>vpc-0001</vpcId>
      <ownerId>123456789012</ownerId>
      <state>available</state>
      <cidrBlock>10.0.0.0/16</cidrBlock>
      <cidrBlockAssociationSet>
        <item>
          <cidrBlock>10.0.0.0/16</cidrBlock>
          <associationId>vpc-cidr-assoc-0001</associationId>
          <cidrBlockState><state>associated</state></cidrBlockState>
        </item>
      </cidrBlockAssociationSet>
      <dhcpOptionsId>dopt-19edf471</dhcpOptionsId>
      <tagSet><item><key>Name</key><value>prod</value></item></tagSet>
      <instanceTenancy>default</instanceTenancy>
      <isDefault>false</isDefault>
    </item>
    <item>
      <vpcId>vpc-0002</vpcId>
      <ownerId>123456789012</ownerId>
      <state>available</state>
      <cidrBlock>172.31.0.0/16</cidrBlock>
      <dhcpOptionsId>dopt-19edf471</dhcpOptionsId>
      <instanceTenancy>default</instanceTenancy>
      <isDefault>true</isDefault>
    </item>
  </vpcSet>)";

const char* kSecurityGroups = R"(<securityGroupInfo>
    <item>
      <ownerId>123456789012</ownerId>
      <groupId>sg-0001</groupId>
      <groupName>default</groupName>
      <groupDescription>default VPC security group</groupDescription>
      <vpcId>vpc-0001</vpcId>
      <ipPermissions>
        <item>
          <ipProtocol>-1</ipProtocol>
          <groups><item><userId>123456789012</userId><groupId>sg-0001</groupId></item></groups>
          <ipRanges/>
          <ipv6Ranges/>
          <prefixListIds/>
        </item>
      </ipPermissions>
      <ipPermissionsEgress>
        <item>
          <ipProtocol>-1</ipProtocol>
          <groups/>
          <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>
          <ipv6Ranges/>
          <prefixListIds/>
        </item>
      </ipPermissionsEgress>
    </item>
  </securityGroupInfo>)";

const char* kSubnetsPage1 = R"(<subnetSet>
    <item>
      <subnetId>subnet-0aaa</subnetId>
      <subnetArn>arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0aaa</subnetArn>
      <state>available</state>
      <ownerId>123456789012</ownerId>
      <vpcId>vpc-0001</vpcId>
      <cidrBlock>10.0.1.0/24</cidrBlock>
      <ipv6CidrBlockAssociationSet>
        <item>
          <ipv6CidrBlock>2001:db8:1234:1a00::/64</ipv6CidrBlock>
          <associationId>subnet-cidr-assoc-0001</associationId>
          <ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState>
        </item>
      </ipv6CidrBlockAssociationSet>
      <availableIpAddressCount>250</availableIpAddressCount>
      <availabilityZone>eu-west-1a</availabilityZone>
      <availabilityZoneId>euw1-az1</availabilityZoneId>
      <defaultForAz>false</defaultForAz>
      <mapPublicIpOnLaunch>true</mapPublicIpOnLaunch>
      <assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation>
      <mapCustomerOwnedIpOnLaunch>false</mapCustomerOwnedIpOnLaunch>
      <enableDns64>false</enableDns64>
      <ipv6Native>false</ipv6Native>
      <privateDnsNameOptionsOnLaunch>
        <hostnameType>ip-name</hostnameType>
        <enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>
        <enableResourceNameDnsAAAARecord>false</enableResourceNameDnsAAAARecord>
      </privateDnsNameOptionsOnLaunch>
      <tagSet><item><key>Name</key><value>public-a</value></item></tagSet>
    </item>
  </subnetSet>
  <nextToken>c3VibmV0LXBhZ2UtMg==</nextToken>)";

const char* kSubnetsPage2 = R"(<subnetSet>
    <item>
      <subnetId>subnet-0bbb</subnetId>
      <subnetArn>arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0bbb</subnetArn>
      <state>available</state>
      <vpcId>vpc-0001</vpcId>
      <cidrBlock>10.0.2.0/24</cidrBlock>
      <availableIpAddressCount>251</availableIpAddressCount>
      <availabilityZone>eu-west-1b</availabilityZone>
      <defaultForAz>false</defaultForAz>
      <mapPublicIpOnLaunch>false</mapPublicIpOnLaunch>
    </item>
  </subnetSet>)";

const char* kNetworkAcls = R"(<networkAclSet>
    <item>
      <networkAclId>acl-0open</networkAclId>
      <vpcId>vpc-0001</vpcId>
      <ownerId>123456789012</ownerId>
      <default>false</default>
      <entrySet>
        <item>
          <ruleNumber>100</ruleNumber>
          <protocol>6</protocol>
          <ruleAction>allow</ruleAction>
          <egress>false</egress>
          <cidrBlock>0.0.0.0/0</cidrBlock>
          <portRange><from>22</from><to>22</to></portRange>
        </item>
        <item>
          <ruleNumber>110</ruleNumber>
          <protocol>6</protocol>
          <ruleAction>allow</ruleAction>
          <egress>false</egress>
          <cidrBlock>0.0.0.0/0</cidrBlock>
          <portRange><from>3389</from><to>3389</to></portRange>
        </item>
        <item>
          <ruleNumber>120</ruleNumber>
          <protocol>1</protocol>
          <ruleAction>deny</ruleAction>
          <egress>false</egress>
          <cidrBlock>0.0.0.0/0</cidrBlock>
          <icmpTypeCode><code>-1</code><type>8</type></icmpTypeCode>
        </item>
        <item>
          <ruleNumber>32767</ruleNumber>
          <protocol>-1</protocol>
          <ruleAction>deny</ruleAction>
          <egress>true</egress>
          <cidrBlock>0.0.0.0/0</cidrBlock>
        </item>
      </entrySet>
      <associationSet>
        <item>
          <networkAclAssociationId>aclassoc-0001</networkAclAssociationId>
          <networkAclId>acl-0open</networkAclId>
          <subnetId>subnet-0aaa</subnetId>
        </item>
      </associationSet>
      <tagSet><item><key>Name</key><value>open</value></item></tagSet>
    </item>
    <item>
      <networkAclId>acl-0default</networkAclId>
      <vpcId>vpc-0001</vpcId>
      <ownerId>123456789012</ownerId>
      <default>true</default>
      <entrySet>
        <item>
          <ruleNumber>100</ruleNumber>
          <protocol>-1</protocol>
          <ruleAction>allow</ruleAction>
          <egress>false</egress>
          <ipv6CidrBlock>::/0</ipv6CidrBlock>
        </item>
      </entrySet>
      <associationSet>
        <item>
          <networkAclAssociationId>aclassoc-0002</networkAclAssociationId>
          <networkAclId>acl-0default</networkAclId>
          <subnetId>subnet-0bbb</subnetId>
        </item>
      </associationSet>
      <tagSet/>
    </item>
  </networkAclSet>)";

const char* kRouteTables = R"(<routeTableSet>
    <item>
      <routeTableId>rtb-0main</routeTableId>
      <vpcId>vpc-0001</vpcId>
      <ownerId>123456789012</ownerId>
      <routeSet>
        <item>
          <destinationCidrBlock>10.0.0.0/16</destinationCidrBlock>
          <gatewayId>local</gatewayId>
          <state>active</state>
          <origin>CreateRouteTable</origin>
        </item>
        <item>
          <destinationCidrBlock>0.0.0.0/0</destinationCidrBlock>
          <gatewayId>igw-0001</gatewayId>
          <state>active</state>
          <origin>CreateRoute</origin>
        </item>
        <item>
          <destinationCidrBlock>172.31.0.0/16</destinationCidrBlock>
          <vpcPeeringConnectionId>pcx-0001</vpcPeeringConnectionId>
          <state>active</state>
          <origin>CreateRoute</origin>
        </item>
      </routeSet>
      <associationSet>
        <item>
          <routeTableAssociationId>rtbassoc-0001</routeTableAssociationId>
          <routeTableId>rtb-0main</routeTableId>
          <main>true</main>
          <associationState><state>associated</state></associationState>
        </item>
      </associationSet>
      <propagatingVgwSet><item><gatewayId>vgw-0001</gatewayId></item></propagatingVgwSet>
      <tagSet/>
    </item>
  </routeTableSet>)";

const char* kFlowLogs = R"(<flowLogSet>
    <item>
      <creationTime>2024-02-01T10:15:42.000Z</creationTime>
      <deliverLogsStatus>SUCCESS</deliverLogsStatus>
      <flowLogId>fl-0001</flowLogId>
      <flowLogStatus>ACTIVE</flowLogStatus>
      <resourceId>vpc-0001</resourceId>
      <trafficType>ALL</trafficType>
      <logDestinationType>s3</logDestinationType>
      <logDestination>arn:aws:s3:::flow-bucket/vpc-logs/</logDestination>
      <logFormat>${version} ${account-id} ${interface-id}</logFormat>
      <maxAggregationInterval>600</maxAggregationInterval>
      <destinationOptions>
        <fileFormat>parquet</fileFormat>
        <hiveCompatiblePartitions>false</hiveCompatiblePartitions>
        <perHourPartition>true</perHourPartition>
      </destinationOptions>
      <tagSet/>
    </item>
    <item>
      <creationTime>2024-02-02T08:00:00.000Z</creationTime>
      <deliverLogsPermissionArn>arn:aws:iam::123456789012:role/flow-logs</deliverLogsPermissionArn>
      <deliverLogsStatus>SUCCESS</deliverLogsStatus>
      <flowLogId>fl-0002</flowLogId>
      <flowLogStatus>ACTIVE</flowLogStatus>
      <logGroupName>subnet-flow</logGroupName>
      <resourceId>subnet-0bbb</resourceId>
      <trafficType>REJECT</trafficType>
      <logDestinationType>cloud-watch-logs</logDestinationType>
      <logDestination>arn:aws:logs:eu-west-1:123456789012:log-group:subnet-flow</logDestination>
      <maxAggregationInterval>60</maxAggregationInterval>
    </item>
  </flowLogSet>)";

const char* kAddresses = R"(<addressesSet>
    <item>
      <publicIp>203.0.113.10</publicIp>
      <allocationId>eipalloc-0001</allocationId>
      <domain>vpc</domain>
      <instanceId>i-0001</instanceId>
      <associationId>eipassoc-0001</associationId>
      <networkInterfaceId>eni-0001</networkInterfaceId>
      <networkInterfaceOwnerId>123456789012</networkInterfaceOwnerId>
      <privateIpAddress>10.0.1.10</privateIpAddress>
      <publicIpv4Pool>amazon</publicIpv4Pool>
      <networkBorderGroup>eu-west-1</networkBorderGroup>
    </item>
    <item>
      <publicIp>203.0.113.20</publicIp>
      <allocationId>eipalloc-0002</allocationId>
      <domain>vpc</domain>
      <publicIpv4Pool>amazon</publicIpv4Pool>
      <networkBorderGroup>eu-west-1</networkBorderGroup>
      <tagSet><item><key>Name</key><value>spare</value></item></tagSet>
    </item>
  </addressesSet>)";

const char* kNetworkInterfaces = R"(<networkInterfaceSet>
    <item>
      <networkInterfaceId>eni-0001</networkInterfaceId>
      <subnetId>subnet-0aaa</subnetId>
      <vpcId>vpc-0001</vpcId>
      <availabilityZone>eu-west-1a</availabilityZone>
      <description>Primary network interface</description>
      <ownerId>123456789012</ownerId>
      <requesterManaged>false</requesterManaged>
      <status>in-use</status>
      <macAddress>02:c1:f8:aa:bb:01</macAddress>
      <privateIpAddress>10.0.1.10</privateIpAddress>
      <privateDnsName>ip-10-0-1-10.eu-west-1.compute.internal</privateDnsName>
      <sourceDestCheck>true</sourceDestCheck>
      <groupSet><item><groupId>sg-0001</groupId><groupName>default</groupName></item></groupSet>
      <attachment>
        <attachmentId>eni-attach-0001</attachmentId>
        <instanceId>i-0001</instanceId>
        <instanceOwnerId>123456789012</instanceOwnerId>
        <deviceIndex>0</deviceIndex>
        <networkCardIndex>0</networkCardIndex>
        <status>attached</status>
        <attachTime>2024-03-01T12:00:00.000Z</attachTime>
        <deleteOnTermination>true</deleteOnTermination>
      </attachment>
      <association>
        <publicIp>203.0.113.10</publicIp>
        <publicDnsName>ec2-203-0-113-10.eu-west-1.compute.amazonaws.com</publicDnsName>
        <ipOwnerId>123456789012</ipOwnerId>
        <allocationId>eipalloc-0001</allocationId>
        <associationId>eipassoc-0001</associationId>
      </association>
      <tagSet/>
      <privateIpAddressesSet>
        <item>
          <privateIpAddress>10.0.1.10</privateIpAddress>
          <privateDnsName>ip-10-0-1-10.eu-west-1.compute.internal</privateDnsName>
          <primary>true</primary>
          <association>
            <publicIp>203.0.113.10</publicIp>
            <allocationId>eipalloc-0001</allocationId>
            <associationId>eipassoc-0001</associationId>
          </association>
        </item>
      </privateIpAddressesSet>
      <ipv6AddressesSet>
        <item><ipv6Address>2001:db8:1234:1a00::10</ipv6Address></item>
      </ipv6AddressesSet>
      <interfaceType>interface</interfaceType>
    </item>
    <item>
      <networkInterfaceId>eni-0002</networkInterfaceId>
      <subnetId>subnet-0aaa</subnetId>
      <vpcId>vpc-0001</vpcId>
      <description>VPC Endpoint Interface vpce-0002</description>
      <requesterId>727180483921</requesterId>
      <requesterManaged>true</requesterManaged>
      <status>in-use</status>
      <privateIpAddress>10.0.1.20</privateIpAddress>
      <sourceDestCheck>true</sourceDestCheck>
      <groupSet/>
      <tagSet><item><key>team</key><value>net</value></item></tagSet>
      <privateIpAddressesSet>
        <item><privateIpAddress>10.0.1.20</privateIpAddress><primary>true</primary></item>
      </privateIpAddressesSet>
      <ipv6AddressesSet/>
      <interfaceType>vpc_endpoint</interfaceType>
    </item>
  </networkInterfaceSet>)";

const char* kPeerings = R"(<vpcPeeringConnectionSet>
    <item>
      <vpcPeeringConnectionId>pcx-0001</vpcPeeringConnectionId>
      <requesterVpcInfo>
        <ownerId>123456789012</ownerId>
        <vpcId>vpc-0002</vpcId>
        <cidrBlock>172.31.0.0/16</cidrBlock>
        <cidrBlockSet><item><cidrBlock>172.31.0.0/16</cidrBlock></item></cidrBlockSet>
        <peeringOptions>
          <allowDnsResolutionFromRemoteVpc>false</allowDnsResolutionFromRemoteVpc>
        </peeringOptions>
        <region>eu-west-1</region>
      </requesterVpcInfo>
      <accepterVpcInfo>
        <ownerId>123456789012</ownerId>
        <vpcId>vpc-0001</vpcId>
        <cidrBlock>10.0.0.0/16</cidrBlock>
        <cidrBlockSet><item><cidrBlock>10.0.0.0/16</cidrBlock></item></cidrBlockSet>
        <region>eu-west-1</region>
      </accepterVpcInfo>
      <status><code>active</code><message>Active</message></status>
      <tagSet/>
    </item>
  </vpcPeeringConnectionSet>)";

const char* kVpcEndpoints = R"(<vpcEndpointSet>
    <item>
      <vpcEndpointId>vpce-0001</vpcEndpointId>
      <vpcEndpointType>Gateway</vpcEndpointType>
      <vpcId>vpc-0001</vpcId>
      <serviceName>com.amazonaws.eu-west-1.s3</serviceName>
      <state>available</state>
      <policyDocument>{"Version":"2008-10-17","Statement":[{"Effect":"Allow",)"
                            R"("Principal":"*","Action":"*","Resource":"*"}]}</policyDocument>
      <routeTableIdSet><item>rtb-0main</item></routeTableIdSet>
      <subnetIdSet/>
      <groupSet/>
      <privateDnsEnabled>false</privateDnsEnabled>
      <requesterManaged>false</requesterManaged>
      <networkInterfaceIdSet/>
      <dnsEntrySet/>
      <creationTimestamp>2024-01-10T09:00:00.000Z</creationTimestamp>
      <ownerId>123456789012</ownerId>
    </item>
    <item>
      <vpcEndpointId>vpce-0002</vpcEndpointId>
      <vpcEndpointType>Interface</vpcEndpointType>
      <vpcId>vpc-0001</vpcId>
      <serviceName>com.amazonaws.eu-west-1.ssm</serviceName>
      <state>available</state>
      <routeTableIdSet/>
      <subnetIdSet><item>subnet-0aaa</item></subnetIdSet>
      <groupSet><item><groupId>sg-0001</groupId><groupName>default</groupName></item></groupSet>
      <ipAddressType>ipv4</ipAddressType>
      <dnsOptions><dnsRecordIpType>ipv4</dnsRecordIpType></dnsOptions>
      <privateDnsEnabled>true</privateDnsEnabled>
      <requesterManaged>false</requesterManaged>
      <networkInterfaceIdSet><item>eni-0002</item></networkInterfaceIdSet>
      <dnsEntrySet>
        <item>
          <dnsName>vpce-0002.ssm.eu-west-1.vpce.amazonaws.com</dnsName>
          <hostedZoneId>Z7K1066E3PUKB</hostedZoneId>
        </item>
      </dnsEntrySet>
      <creationTimestamp>2024-01-11T09:00:00.000Z</creationTimestamp>
      <ownerId>123456789012</ownerId>
    </item>
  </vpcEndpointSet>)";

const char* kInternetGateways = R"(<internetGatewaySet>
    <item>
      <internetGatewayId>igw-0001</internetGatewayId>
      <ownerId>123456789012</ownerId>
      <attachmentSet><item><vpcId>vpc-0001</vpcId><state>available</state></item></attachmentSet>
      <tagSet><item><key>Name</key><value>prod-igw</value></item></tagSet>
    </item>
  </internetGatewaySet>)";

const char* kNatGateways = R"(<natGatewaySet>
    <item>
      <createTime>2024-01-12T10:00:00.000Z</createTime>
      <natGatewayAddressSet>
        <item>
          <allocationId>eipalloc-0003</allocationId>
          <networkInterfaceId>eni-0003</networkInterfaceId>
          <privateIp>10.0.1.30</privateIp>
          <publicIp>203.0.113.30</publicIp>
          <associationId>eipassoc-0003</associationId>
          <isPrimary>true</isPrimary>
          <status>succeeded</status>
        </item>
      </natGatewayAddressSet>
      <natGatewayId>nat-0001</natGatewayId>
      <state>available</state>
      <subnetId>subnet-0aaa</subnetId>
      <vpcId>vpc-0001</vpcId>
      <connectivityType>public</connectivityType>
      <tagSet/>
    </item>
  </natGatewaySet>)";

const char* kInstancesPage1 = R"(<reservationSet>
    <item>
      <reservationId>r-0001</reservationId>
      <ownerId>123456789012</ownerId>
      <groupSet/>
      <instancesSet>
        <item>
          <instanceId>i-0001</instanceId>
          <imageId>ami-0001</imageId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <privateDnsName>ip-10-0-1-10.eu-west-1.compute.internal</privateDnsName>
          <dnsName>ec2-203-0-113-10.eu-west-1.compute.amazonaws.com</dnsName>
          <reason/>
          <keyName>deploy</keyName>
          <amiLaunchIndex>0</amiLaunchIndex>
          <productCodes/>
          <instanceType>t3.micro</instanceType>
          <launchTime>2024-03-01T12:00:00.000Z</launchTime>
          <placement>
            <availabilityZone>eu-west-1a</availabilityZone>
            <groupName/>
            <tenancy>default</tenancy>
          </placement>
          <monitoring><state>disabled</state></monitoring>
          <subnetId>subnet-0aaa</subnetId>
          <vpcId>vpc-0001</vpcId>
          <privateIpAddress>10.0.1.10</privateIpAddress>
          <ipAddress>203.0.113.10</ipAddress>
          <sourceDestCheck>true</sourceDestCheck>
          <groupSet><item><groupId>sg-0001</groupId><groupName>default</groupName></item></groupSet>
          <architecture>x86_64</architecture>
          <rootDeviceType>ebs</rootDeviceType>
          <rootDeviceName>/dev/xvda</rootDeviceName>
          <blockDeviceMapping>
            <item>
              <deviceName>/dev/xvda</deviceName>
              <ebs>
                <volumeId>vol-0001</volumeId>
                <status>attached</status>
                <attachTime>2024-03-01T12:00:01.000Z</attachTime>
                <deleteOnTermination>true</deleteOnTermination>
              </ebs>
            </item>
          </blockDeviceMapping>
          <virtualizationType>hvm</virtualizationType>
          <clientToken>web-launch-1</clientToken>
          <tagSet>
            <item><key>Name</key><value>web</value></item>
            <item><key>aws:ec2launchtemplate:id</key><value>lt-0001</value></item>
            <item><key>aws:ec2launchtemplate:version</key><value>1</value></item>
          </tagSet>
          <hypervisor>xen</hypervisor>
          <networkInterfaceSet>
            <item>
              <networkInterfaceId>eni-0001</networkInterfaceId>
              <subnetId>subnet-0aaa</subnetId>
              <vpcId>vpc-0001</vpcId>
              <ownerId>123456789012</ownerId>
              <status>in-use</status>
              <macAddress>02:c1:f8:aa:bb:01</macAddress>
              <privateIpAddress>10.0.1.10</privateIpAddress>
              <sourceDestCheck>true</sourceDestCheck>
              <groupSet>
                <item><groupId>sg-0001</groupId><groupName>default</groupName></item>
              </groupSet>
              <attachment>
                <attachmentId>eni-attach-0001</attachmentId>
                <deviceIndex>0</deviceIndex>
                <status>attached</status>
                <attachTime>2024-03-01T12:00:00.000Z</attachTime>
                <deleteOnTermination>true</deleteOnTermination>
              </attachment>
              <association>
                <publicIp>203.0.113.10</publicIp>
                <ipOwnerId>123456789012</ipOwnerId>
              </association>
              <privateIpAddressesSet>
                <item>
                  <privateIpAddress>10.0.1.10</privateIpAddress>
                  <primary>true</primary>
                  <association><publicIp>203.0.113.10</publicIp></association>
                </item>
              </privateIpAddressesSet>
              <ipv6AddressesSet/>
              <interfaceType>interface</interfaceType>
            </item>
          </networkInterfaceSet>
          <iamInstanceProfile>
            <arn>arn:aws:iam::123456789012:instance-profile/web</arn>
            <id>AIPAQWEBPROFILE000001</id>
          </iamInstanceProfile>
          <ebsOptimized>false</ebsOptimized>
          <enaSupport>true</enaSupport>
          <cpuOptions><coreCount>1</coreCount><threadsPerCore>2</threadsPerCore></cpuOptions>
          <hibernationOptions><configured>false</configured></hibernationOptions>
          <metadataOptions>
            <state>applied</state>
            <httpTokens>required</httpTokens>
            <httpPutResponseHopLimit>2</httpPutResponseHopLimit>
            <httpEndpoint>enabled</httpEndpoint>
            <httpProtocolIpv6>disabled</httpProtocolIpv6>
            <instanceMetadataTags>disabled</instanceMetadataTags>
          </metadataOptions>
          <enclaveOptions><enabled>false</enabled></enclaveOptions>
          <platformDetails>Linux/UNIX</platformDetails>
          <usageOperation>RunInstances</usageOperation>
          <usageOperationUpdateTime>2024-03-01T12:00:00.000Z</usageOperationUpdateTime>
          <maintenanceOptions><autoRecovery>default</autoRecovery></maintenanceOptions>
          <bootMode>uefi-preferred</bootMode>
        </item>
        <item>
          <instanceId>i-0002</instanceId>
          <imageId>ami-0ffff</imageId>
          <instanceState><code>80</code><name>stopped</name></instanceState>
          <reason>User initiated (2024-03-02 08:00:00 GMT)</reason>
          <instanceType>t3.small</instanceType>
          <launchTime>2024-03-02T07:00:00.000Z</launchTime>
          <subnetId>subnet-0bbb</subnetId>
          <vpcId>vpc-0001</vpcId>
          <privateIpAddress>10.0.2.11</privateIpAddress>
          <stateReason>
            <code>Client.UserInitiatedShutdown</code>
            <message>Client.UserInitiatedShutdown: User initiated shutdown</message>
          </stateReason>
          <metadataOptions>
            <state>applied</state>
            <httpTokens>optional</httpTokens>
            <httpEndpoint>enabled</httpEndpoint>
          </metadataOptions>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
  <nextToken>aW5zdGFuY2VzLTI=</nextToken>)";

const char* kInstancesPage2 = R"(<reservationSet>
    <item>
      <reservationId>r-0002</reservationId>
      <ownerId>123456789012</ownerId>
      <instancesSet>
        <item>
          <instanceId>i-0003</instanceId>
          <imageId>ami-0001</imageId>
          <instanceState><code>48</code><name>terminated</name></instanceState>
          <instanceType>t3.micro</instanceType>
          <launchTime>2024-01-01T00:00:00.000Z</launchTime>
        </item>
      </instancesSet>
    </item>
  </reservationSet>)";

std::string user_data_answer(const std::string& instance, const std::string& value) {
  return answer("DescribeInstanceAttribute", "<instanceId>" + instance +
                                                 "</instanceId>\n<userData><value>" + value +
                                                 "</value></userData>");
}

const char* kVolumes = R"(<volumeSet>
    <item>
      <volumeId>vol-0001</volumeId>
      <size>8</size>
      <snapshotId>snap-0base</snapshotId>
      <availabilityZone>eu-west-1a</availabilityZone>
      <status>in-use</status>
      <createTime>2024-03-01T12:00:00.000Z</createTime>
      <attachmentSet>
        <item>
          <volumeId>vol-0001</volumeId>
          <instanceId>i-0001</instanceId>
          <device>/dev/xvda</device>
          <status>attached</status>
          <attachTime>2024-03-01T12:00:01.000Z</attachTime>
          <deleteOnTermination>true</deleteOnTermination>
        </item>
      </attachmentSet>
      <volumeType>gp3</volumeType>
      <iops>3000</iops>
      <throughput>125</throughput>
      <encrypted>true</encrypted>
      <kmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/)"
                       R"(1234abcd-12ab-34cd-56ef-1234567890ab</kmsKeyId>
      <multiAttachEnabled>false</multiAttachEnabled>
    </item>
    <item>
      <volumeId>vol-0002</volumeId>
      <size>20</size>
      <snapshotId/>
      <availabilityZone>eu-west-1b</availabilityZone>
      <status>available</status>
      <createTime>2024-03-03T12:00:00.000Z</createTime>
      <attachmentSet/>
      <volumeType>gp2</volumeType>
      <iops>100</iops>
      <encrypted>false</encrypted>
      <multiAttachEnabled>false</multiAttachEnabled>
    </item>
  </volumeSet>)";

const char* kImages = R"(<imagesSet>
    <item>
      <imageId>ami-0001</imageId>
      <imageLocation>123456789012/web-base</imageLocation>
      <imageState>available</imageState>
      <imageOwnerId>123456789012</imageOwnerId>
      <creationDate>2024-02-20T08:30:00.000Z</creationDate>
      <isPublic>true</isPublic>
      <architecture>x86_64</architecture>
      <imageType>machine</imageType>
      <platformDetails>Linux/UNIX</platformDetails>
      <usageOperation>RunInstances</usageOperation>
      <name>web-base</name>
      <description>web server base image</description>
      <rootDeviceType>ebs</rootDeviceType>
      <rootDeviceName>/dev/xvda</rootDeviceName>
      <blockDeviceMapping>
        <item>
          <deviceName>/dev/xvda</deviceName>
          <ebs>
            <snapshotId>snap-0001</snapshotId>
            <volumeSize>8</volumeSize>
            <deleteOnTermination>true</deleteOnTermination>
            <volumeType>gp3</volumeType>
            <iops>3000</iops>
            <throughput>125</throughput>
            <encrypted>true</encrypted>
          </ebs>
        </item>
      </blockDeviceMapping>
      <virtualizationType>hvm</virtualizationType>
      <tagSet><item><key>team</key><value>web</value></item></tagSet>
      <hypervisor>xen</hypervisor>
      <enaSupport>true</enaSupport>
      <bootMode>uefi-preferred</bootMode>
      <imdsSupport>v2.0</imdsSupport>
    </item>
    <item>
      <imageId>ami-0002</imageId>
      <imageState>available</imageState>
      <imageOwnerId>123456789012</imageOwnerId>
      <creationDate>2024-02-21T08:30:00.000Z</creationDate>
      <isPublic>false</isPublic>
      <name>batch</name>
      <rootDeviceType>ebs</rootDeviceType>
      <virtualizationType>hvm</virtualizationType>
    </item>
  </imagesSet>)";

const char* kSnapshots = R"(<snapshotSet>
    <item>
      <snapshotId>snap-0001</snapshotId>
      <volumeId>vol-0001</volumeId>
      <status>completed</status>
      <startTime>2024-02-20T08:00:00.000Z</startTime>
      <progress>100%</progress>
      <ownerId>123456789012</ownerId>
      <volumeSize>8</volumeSize>
      <description>Created by CreateImage for ami-0001</description>
      <encrypted>true</encrypted>
      <kmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/)"
                         R"(1234abcd-12ab-34cd-56ef-1234567890ab</kmsKeyId>
      <storageTier>standard</storageTier>
    </item>
    <item>
      <snapshotId>snap-0002</snapshotId>
      <volumeId>vol-0002</volumeId>
      <status>completed</status>
      <startTime>2024-03-04T08:00:00.000Z</startTime>
      <progress>100%</progress>
      <ownerId>123456789012</ownerId>
      <volumeSize>20</volumeSize>
      <description>nightly</description>
      <encrypted>false</encrypted>
      <storageTier>standard</storageTier>
      <tagSet><item><key>Name</key><value>nightly-backup</value></item></tagSet>
    </item>
    <item>
      <snapshotId>snap-0public</snapshotId>
      <volumeId>vol-ffffffff</volumeId>
      <status>completed</status>
      <startTime>2023-01-01T00:00:00.000Z</startTime>
      <ownerId>099720109477</ownerId>
      <volumeSize>8</volumeSize>
      <encrypted>false</encrypted>
    </item>
  </snapshotSet>)";

const char* kTemplateVersions = R"(<launchTemplateVersionSet>
    <item>
      <launchTemplateId>lt-0001</launchTemplateId>
      <launchTemplateName>web</launchTemplateName>
      <versionNumber>1</versionNumber>
      <versionDescription>first</versionDescription>
      <createTime>2024-02-25T09:00:00.000Z</createTime>
      <createdBy>arn:aws:iam::123456789012:user/alice</createdBy>
      <defaultVersion>true</defaultVersion>
      <launchTemplateData>
        <imageId>ami-0001</imageId>
        <instanceType>t3.micro</instanceType>
        <keyName>deploy</keyName>
        <userData>IyEvYmluL2Jhc2gKeXVtIC15IHVwZGF0ZQo=</userData>
        <iamInstanceProfile><name>web</name></iamInstanceProfile>
        <monitoring><enabled>true</enabled></monitoring>
        <networkInterfaceSet>
          <item>
            <associatePublicIpAddress>true</associatePublicIpAddress>
            <deleteOnTermination>true</deleteOnTermination>
            <deviceIndex>0</deviceIndex>
            <groupSet><groupId>sg-0001</groupId></groupSet>
            <subnetId>subnet-0aaa</subnetId>
          </item>
        </networkInterfaceSet>
        <blockDeviceMappingSet>
          <item>
            <deviceName>/dev/xvda</deviceName>
            <ebs>
              <encrypted>true</encrypted>
              <volumeSize>8</volumeSize>
              <volumeType>gp3</volumeType>
            </ebs>
          </item>
        </blockDeviceMappingSet>
        <metadataOptions>
          <httpTokens>required</httpTokens>
          <httpPutResponseHopLimit>1</httpPutResponseHopLimit>
          <httpEndpoint>enabled</httpEndpoint>
        </metadataOptions>
        <tagSpecificationSet>
          <item>
            <resourceType>instance</resourceType>
            <tagSet><item><key>team</key><value>web</value></item></tagSet>
          </item>
        </tagSpecificationSet>
      </launchTemplateData>
    </item>
    <item>
      <launchTemplateId>lt-0001</launchTemplateId>
      <launchTemplateName>web</launchTemplateName>
      <versionNumber>2</versionNumber>
      <versionDescription>private</versionDescription>
      <createTime>2024-02-26T09:00:00.000Z</createTime>
      <createdBy>arn:aws:iam::123456789012:user/alice</createdBy>
      <defaultVersion>false</defaultVersion>
      <launchTemplateData>
        <imageId>ami-0001</imageId>
        <instanceType>t3.micro</instanceType>
        <networkInterfaceSet>
          <item>
            <associatePublicIpAddress>false</associatePublicIpAddress>
            <deviceIndex>0</deviceIndex>
            <groupSet><groupId>sg-0001</groupId><groupId>sg-0002</groupId></groupSet>
          </item>
        </networkInterfaceSet>
        <securityGroupIdSet/>
      </launchTemplateData>
    </item>
    <item>
      <launchTemplateId>lt-0002</launchTemplateId>
      <launchTemplateName>batch</launchTemplateName>
      <versionNumber>1</versionNumber>
      <createTime>2024-02-27T09:00:00.000Z</createTime>
      <createdBy>arn:aws:iam::123456789012:root</createdBy>
      <defaultVersion>true</defaultVersion>
      <launchTemplateData>
        <imageId>ami-0002</imageId>
        <securityGroupIdSet><item>sg-0001</item></securityGroupIdSet>
      </launchTemplateData>
    </item>
    <item>
      <launchTemplateId>lt-0002</launchTemplateId>
      <launchTemplateName>batch</launchTemplateName>
      <versionNumber>1</versionNumber>
      <createTime>2024-02-27T09:00:00.000Z</createTime>
      <createdBy>arn:aws:iam::123456789012:root</createdBy>
      <defaultVersion>true</defaultVersion>
      <launchTemplateData>
        <imageId>ami-0002</imageId>
        <securityGroupIdSet><item>sg-0001</item></securityGroupIdSet>
      </launchTemplateData>
    </item>
  </launchTemplateVersionSet>)";

// GetMetricData of vol-0002 (query protocol): reads on page 1, writes on page 2.
std::string metric_answer(const std::string& results, const std::string& next_token) {
  return R"(<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <GetMetricDataResult>
    <MetricDataResults>)" +
         results + R"(</MetricDataResults>
    <Messages/>)" +
         (next_token.empty() ? "" : "<NextToken>" + next_token + "</NextToken>") + R"(
  </GetMetricDataResult>
  <ResponseMetadata><RequestId>8e3f7c2a-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
</GetMetricDataResponse>)";
}

const char* kReadOps = R"(
      <member>
        <Id>r0</Id>
        <Label>VolumeReadOps</Label>
        <StatusCode>Complete</StatusCode>
        <Timestamps>
          <member>2024-03-10T05:00:00Z</member>
          <member>2024-03-09T05:00:00Z</member>
          <member>2024-03-08T05:00:00Z</member>
        </Timestamps>
        <Values><member>0.0</member><member>4.0</member><member>9.0</member></Values>
      </member>
      <member>
        <Id>w0</Id>
        <Label>VolumeWriteOps</Label>
        <StatusCode>PartialData</StatusCode>
        <Timestamps/>
        <Values/>
      </member>)";

const char* kWriteOps = R"(
      <member>
        <Id>w0</Id>
        <Label>VolumeWriteOps</Label>
        <StatusCode>Complete</StatusCode>
        <Timestamps><member>2024-03-08T01:00:00Z</member></Timestamps>
        <Values><member>2.0</member></Values>
      </member>)";

// One collect of the four EC2 parts in eu-west-1 against the fake.
struct Ec2Run : testing::ServiceRun {
  Ec2Run() : ServiceRun(testing::fast_retry(2)) {}

  FakeHttp::Route& on(const std::string& action, testing::FakeParams params = {}) {
    return http.on(action, std::move(params));
  }
  void reply(const std::string& action, const std::string& body, testing::FakeParams params = {}) {
    http.on(action, std::move(params)).reply(200, answer(action, body), kXml);
  }
  void fail(const std::string& action, long status, const std::string& code,
            testing::FakeParams params = {}) {
    http.on(action, std::move(params))
        .reply(status, ec2_error(code, "You are not authorized to perform this operation."), kXml);
  }

  // Every answer of the account described at the top.
  void route_all() {
    reply("DescribeVpcs", kVpcs);
    reply("DescribeSecurityGroups", kSecurityGroups);
    reply("DescribeSubnets", kSubnetsPage1);
    reply("DescribeSubnets", kSubnetsPage2, {{"NextToken", "c3VibmV0LXBhZ2UtMg=="}});
    reply("DescribeNetworkAcls", kNetworkAcls);
    reply("DescribeRouteTables", kRouteTables);
    reply("DescribeFlowLogs", kFlowLogs);
    reply("DescribeAddresses", kAddresses);
    reply("DescribeNetworkInterfaces", kNetworkInterfaces);
    reply("DescribeVpcPeeringConnections", kPeerings);
    reply("DescribeVpcEndpoints", kVpcEndpoints);
    reply("DescribeInternetGateways", kInternetGateways);
    reply("DescribeNatGateways", kNatGateways);
    reply("DescribeInstances", kInstancesPage1);
    reply("DescribeInstances", kInstancesPage2, {{"NextToken", "aW5zdGFuY2VzLTI="}});
    http.on("DescribeInstanceAttribute", {{"InstanceId", "i-0001"}})
        .reply(200, user_data_answer("i-0001", "IyEvYmluL2Jhc2gKZWNobyBoZWxsbyA+IC90bXAvaGkK"),
               kXml);
    http.on("DescribeInstanceAttribute", {{"InstanceId", "i-0002"}})
        .reply(200, user_data_answer("i-0002", "//4AgWJpbmFyeQ=="), kXml);
    http.on("DescribeInstanceAttribute", {{"InstanceId", "i-0003"}})
        .reply(400,
               ec2_error("InvalidInstanceID.NotFound", "The instance ID 'i-0003' does not exist"),
               kXml);
    reply("DescribeVolumes", kVolumes);
    http.on("GetMetricData").reply(200, metric_answer(kReadOps, "bWV0cmljcy0y"), kXml);
    http.on("GetMetricData", {{"NextToken", "bWV0cmljcy0y"}})
        .reply(200, metric_answer(kWriteOps, ""), kXml);
    reply("DescribeImages", kImages);
    reply("DescribeSnapshots", kSnapshots);
    reply("DescribeLaunchTemplateVersions", kTemplateVersions);
    reply("GetEbsEncryptionByDefault",
          "<ebsEncryptionByDefault>true</ebsEncryptionByDefault>\n<sseType>sse-ebs</sseType>");
  }

  void collect() {
    // Nodes of other collectors that edges lead to (edges to missing nodes are dropped).
    out.node(node("region", kRegion), "aws_region", R"({"kind":"aws_region","id":"eu-west-1"})");
    out.node(node("kms_key", "1234abcd-12ab-34cd-56ef-1234567890ab"), "aws_kms_key",
             R"({"kind":"aws_kms_key","id":"1234abcd-12ab-34cd-56ef-1234567890ab"})");
    out.node(node("s3_bucket", "flow-bucket"), "aws_s3_bucket",
             R"({"kind":"aws_s3_bucket","id":"flow-bucket"})");
    std::string group = node("log_group", "eu-west-1/subnet-flow");
    out.node(group, "aws_cloudwatch_log_group",
             R"({"kind":"aws_cloudwatch_log_group","id":"subnet-flow"})");
    out.alias("arn:aws:logs:eu-west-1:123456789012:log-group:subnet-flow:*", group);
    collect_ec2_network(ctx, kRegion);
    collect_ec2_vpc(ctx, kRegion);
    collect_ec2_compute(ctx, kRegion);
    collect_ec2_images(ctx, kRegion);
    graph = std::make_unique<Graph>(written());
  }

  std::unique_ptr<Graph> graph;
};

// The whole account, collected once for the tests that only read the result.
class Ec2Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv("CANOPY_NOW", "2024-03-20T00:00:00Z", 1);
    run_ = new Ec2Run();
    run_->route_all();
    run_->collect();
  }
  static void TearDownTestSuite() {
    unsetenv("CANOPY_NOW");
    delete run_;
    run_ = nullptr;
  }
  const Graph& g() { return *run_->graph; }
  static Ec2Run* run_;
};
Ec2Run* Ec2Test::run_ = nullptr;

const std::string kVpc1 = node("vpc", "vpc-0001");
const std::string kVpc2 = node("vpc", "vpc-0002");
const std::string kSubnetA = node("subnet", "subnet-0aaa");
const std::string kSubnetB = node("subnet", "subnet-0bbb");
const std::string kAclOpen = node("network_acl", "acl-0open");
const std::string kAclDefault = node("network_acl", "acl-0default");
const std::string kSg = node("security_group", "sg-0001");
const std::string kEni1 = node("network_interface", "eni-0001");
const std::string kEni2 = node("network_interface", "eni-0002");
const std::string kEip1 = node("elastic_ip", "203.0.113.10");
const std::string kEip2 = node("elastic_ip", "203.0.113.20");
const std::string kI1 = node("instance", "i-0001");
const std::string kI2 = node("instance", "i-0002");
const std::string kI3 = node("instance", "i-0003");
const std::string kVol1 = node("volume", "vol-0001");
const std::string kVol2 = node("volume", "vol-0002");
const std::string kKey = node("kms_key", "1234abcd-12ab-34cd-56ef-1234567890ab");
const std::string kRegionNode = node("region", kRegion);

// --- what was asked ------------------------------------------------------------------------------

TEST_F(Ec2Test, NoWarningsAndEveryRequestAnswered) {
  EXPECT_EQ(run_->warning_text(), "");
  EXPECT_EQ(run_->unmatched(), "");
}

TEST_F(Ec2Test, FollowsEveryPage) {
  auto subnets = run_->http.requests("DescribeSubnets");
  ASSERT_EQ(subnets.size(), 2u);
  EXPECT_FALSE(subnets[0].has_param("NextToken"));
  EXPECT_EQ(subnets[0].param("MaxResults"), "1000");
  EXPECT_EQ(subnets[1].param("NextToken"), "c3VibmV0LXBhZ2UtMg==");
  EXPECT_TRUE(g().has(kSubnetA));
  EXPECT_TRUE(g().has(kSubnetB));
  auto instances = run_->http.requests("DescribeInstances");
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(instances[1].param("NextToken"), "aW5zdGFuY2VzLTI=");
  EXPECT_TRUE(g().has(kI3));
  EXPECT_EQ(run_->http.requests("DescribeRouteTables")[0].param("MaxResults"), "100");
}

TEST_F(Ec2Test, AsksForOwnImagesSnapshotsAndBothTemplateVersions) {
  auto images = run_->http.requests("DescribeImages");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0].param("Owner.1"), "self");
  auto snaps = run_->http.requests("DescribeSnapshots");
  ASSERT_EQ(snaps.size(), 1u);
  EXPECT_EQ(snaps[0].param("Owner.1"), "self");
  auto versions = run_->http.requests("DescribeLaunchTemplateVersions");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].param("LaunchTemplateVersion.1"), "$Default");
  EXPECT_EQ(versions[0].param("LaunchTemplateVersion.2"), "$Latest");
  EXPECT_FALSE(versions[0].has_param("LaunchTemplateId"));
  // User data once per instance, the terminated one included.
  EXPECT_EQ(run_->http.count("DescribeInstanceAttribute", {{"Attribute", "userData"}}), 3);
  for (const auto& r : run_->http.requests()) {
    if (r.op == "GetMetricData") continue;
    EXPECT_EQ(r.param("Version"), "2016-11-15") << r.op;
    EXPECT_EQ(r.request.url, "https://ec2.eu-west-1.amazonaws.com/") << r.op;
  }
}

// --- VPCs, subnets, ACLs, routes
// ------------------------------------------------------------------

TEST_F(Ec2Test, VpcsAndSecurityGroups) {
  EXPECT_EQ(g().text(kVpc1, "/name"), "prod");
  EXPECT_EQ(g().text(kVpc1, "/arn"), "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0001");
  EXPECT_EQ(g().val(kVpc1, "/vpc_cidr_block_association_set"),
            R"([{"association_id":"vpc-cidr-assoc-0001","cidr_block":"10.0.0.0/16",)"
            R"("cidr_block_state":{"state":"associated"}}])");
  EXPECT_EQ(g().val(kVpc2, "/vpc_is_default"), "true");
  EXPECT_EQ(g().val(kVpc2, "/name"), "\"vpc-0002\"");
  EXPECT_EQ(g().val(kVpc2, "/vpc_ipv6_cidr_block_association_set"), "[]");
  EXPECT_EQ(g().val(kSg, "/group_ip_permissions/0/user_id_group_pairs/0/group_id"), "\"sg-0001\"");
  EXPECT_TRUE(g().edge(kVpc1, kSg));
  EXPECT_TRUE(g().edge(kVpc1, kSg, true));
  EXPECT_TRUE(g().edge(kRegionNode, kVpc1));
}

TEST_F(Ec2Test, Subnets) {
  EXPECT_EQ(g().text(kSubnetA, "/name"), "public-a");
  EXPECT_EQ(g().text(kSubnetA, "/arn"), "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0aaa");
  EXPECT_EQ(g().val(kSubnetA, "/subnet_map_public_ip_on_launch"), "true");
  EXPECT_EQ(g().val(kSubnetA, "/subnet_available_ip_address_count"), "250");
  EXPECT_EQ(
      g().text(kSubnetA, "/subnet_ipv6_cidr_block_association_set/0/ipv6_cidr_block_state/state"),
      "associated");
  EXPECT_EQ(g().text(kSubnetA, "/subnet_private_dns_name_options_on_launch/hostname_type"),
            "ip-name");
  EXPECT_EQ(g().val(kSubnetB, "/subnet_map_public_ip_on_launch"), "false");
  EXPECT_EQ(g().val(kSubnetB, "/subnet_ipv6_cidr_block_association_set"), "[]");
  EXPECT_EQ(g().val(kSubnetB, "/subnet_private_dns_name_options_on_launch"), "<absent>");
  EXPECT_TRUE(g().edge(kVpc1, kSubnetA));
  EXPECT_TRUE(g().edge(kVpc1, kSubnetA, true));
}

TEST_F(Ec2Test, NetworkAclsKeepEveryEntry) {
  EXPECT_EQ(g().val(kAclOpen, "/is_default"), "false");
  EXPECT_EQ(g().val(kAclOpen, "/acl_entries/0"),
            R"({"rule_number":100,"protocol":"6","rule_action":"allow","egress":false,)"
            R"("cidr_block":"0.0.0.0/0","port_range":{"from_range":22,"to_range":22}})");
  EXPECT_EQ(g().val(kAclOpen, "/acl_entries/2/icmp_type_code"), R"({"code":-1,"type":8})");
  EXPECT_EQ(g().val(kAclOpen, "/acl_entries/3/egress"), "true");
  EXPECT_EQ(g().val(kAclOpen, "/acl_entries/3/port_range"), "<absent>");
  EXPECT_EQ(g().val(kAclOpen, "/acl_associations"),
            R"([{"network_acl_association_id":"aclassoc-0001","network_acl_id":"acl-0open",)"
            R"("subnet_id":"subnet-0aaa"}])");
  EXPECT_EQ(g().val(kAclDefault, "/is_default"), "true");
  EXPECT_EQ(g().val(kAclDefault, "/acl_entries/0/ipv6_cidr_block"), "\"::/0\"");
  EXPECT_EQ(g().val(kAclDefault, "/acl_entries/0/cidr_block"), "<absent>");
  EXPECT_EQ(g().val(kAclDefault, "/tags"), "{}");
  EXPECT_TRUE(g().edge(kVpc1, kAclOpen));
  EXPECT_TRUE(g().edge(kVpc1, kAclOpen, true));
  EXPECT_TRUE(g().edge(kSubnetA, kAclOpen));
  EXPECT_TRUE(g().edge(kAclOpen, kSubnetA, true));
  EXPECT_TRUE(g().edge(kSubnetB, kAclDefault));
  EXPECT_FALSE(g().edge(kSubnetA, kAclDefault));
}

TEST_F(Ec2Test, RouteTables) {
  std::string rt = node("route_table", "rtb-0main");
  EXPECT_EQ(g().val(rt, "/route_table_routes/0"),
            R"({"destination_cidr_block":"10.0.0.0/16","gateway_id":"local",)"
            R"("origin":"CreateRouteTable","state":"active"})");
  EXPECT_EQ(g().text(rt, "/route_table_routes/2/vpc_peering_connection_id"), "pcx-0001");
  EXPECT_EQ(g().val(rt, "/route_table_associations/0/main"), "true");
  EXPECT_EQ(g().val(rt, "/route_table_propagating_vgws"), R"(["vgw-0001"])");
  EXPECT_EQ(g().text(rt, "/owner_id"), kAcc);
  EXPECT_TRUE(g().edge(kVpc1, rt));
  EXPECT_TRUE(g().edge(kVpc1, rt, true));
}

TEST_F(Ec2Test, FlowLogs) {
  std::string s3 = node("flow_log", "fl-0001"), cw = node("flow_log", "fl-0002");
  EXPECT_EQ(g().text(s3, "/flow_log_status"), "ACTIVE");
  EXPECT_EQ(g().text(s3, "/traffic_type"), "ALL");
  EXPECT_EQ(g().text(s3, "/ctime"), "2024-02-01T10:15:42Z");
  EXPECT_EQ(g().val(s3, "/max_aggregation_interval"), "600");
  EXPECT_EQ(
      g().val(s3, "/destination_options"),
      R"({"file_format":"parquet","hive_compatible_partitions":false,"per_hour_partition":true})");
  EXPECT_EQ(g().text(cw, "/log_group_name"), "subnet-flow");
  EXPECT_TRUE(g().edge(kVpc1, s3));
  EXPECT_TRUE(g().edge(kVpc1, s3, true));
  EXPECT_TRUE(g().edge(kSubnetB, cw));
  EXPECT_FALSE(g().edge(kVpc1, cw));
  // Where they deliver: the bucket of the S3 ARN, the log group by its ARN.
  EXPECT_TRUE(g().edge(s3, node("s3_bucket", "flow-bucket")));
  EXPECT_TRUE(g().edge(cw, node("log_group", "eu-west-1/subnet-flow")));
}

// --- addresses and interfaces
// ----------------------------------------------------------------------

TEST_F(Ec2Test, ElasticIps) {
  EXPECT_EQ(g().text(kEip1, "/id"), "203.0.113.10");
  EXPECT_EQ(g().text(kEip1, "/name"), "i-0001");  // the instance names an associated IP
  EXPECT_EQ(g().text(kEip1, "/ip_allocation_id"), "eipalloc-0001");
  EXPECT_EQ(g().text(kEip1, "/ip_association_id"), "eipassoc-0001");
  EXPECT_EQ(g().text(kEip1, "/ip_network_interface_id"), "eni-0001");
  EXPECT_EQ(g().text(kEip1, "/ip_address_family"), "ipv4");
  EXPECT_EQ(g().text(kEip1, "/arn"), "arn:aws:ec2:eu-west-1:123456789012:elastic-ip/eipalloc-0001");
  EXPECT_EQ(g().text(kEip2, "/name"), "spare");
  EXPECT_EQ(g().val(kEip2, "/ip_association_id"), "<absent>");
  EXPECT_TRUE(g().edge(kI1, kEip1));
  EXPECT_TRUE(g().edge(kEip1, kI1, true));
  EXPECT_TRUE(g().edge(kEni1, kEip1));
  EXPECT_TRUE(g().edge(kEip1, kEni1, true));
  EXPECT_FALSE(g().edge(kI1, kEip2));
}

TEST_F(Ec2Test, NetworkInterfaces) {
  EXPECT_EQ(g().text(kEni1, "/network_interface_status"), "in-use");
  EXPECT_EQ(g().text(kEni1, "/mac"), "02:c1:f8:aa:bb:01");
  EXPECT_EQ(g().val(kEni1, "/private_ips"), R"(["10.0.1.10"])");
  EXPECT_EQ(g().val(kEni1, "/public_ips"), R"(["203.0.113.10"])");
  EXPECT_EQ(g().val(kEni1, "/v6_ips"), R"(["2001:db8:1234:1a00::10"])");
  EXPECT_EQ(g().text(kEni1, "/nic_attachment/instance_id"), "i-0001");
  EXPECT_EQ(g().text(kEni1, "/nic_attachment/attach_time"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(g().val(kEni1, "/nic_attachment/device_index"), "0");
  EXPECT_EQ(g().text(kEni1, "/nic_association/public_ip"), "203.0.113.10");
  EXPECT_EQ(g().val(kEni1, "/nic_groups"), R"([{"group_name":"default","group_id":"sg-0001"}])");
  EXPECT_EQ(g().text(kEni1, "/nic_private_ip_addresses/0/association/allocation_id"),
            "eipalloc-0001");
  EXPECT_EQ(g().val(kEni2, "/public_ips"), "[]");
  EXPECT_EQ(g().val(kEni2, "/nic_attachment"), "<absent>");
  EXPECT_EQ(g().val(kEni2, "/nic_requester_managed"), "true");
  EXPECT_EQ(g().val(kEni2, "/nic_tag_set"), R"([{"key":"team","value":"net"}])");
  EXPECT_EQ(g().val(kEni2, "/tags"), R"({"team":"net"})");
  EXPECT_TRUE(g().edge(kVpc1, kEni1));
  EXPECT_TRUE(g().edge(kVpc1, kEni1, true));
  EXPECT_TRUE(g().edge(kSubnetA, kEni1));
  EXPECT_TRUE(g().edge(kI1, kEni1));
  EXPECT_TRUE(g().edge(kEni1, kI1, true));
  EXPECT_TRUE(g().edge(kSg, kEni1));
  EXPECT_FALSE(g().edge(kSg, kEni2));
}

TEST_F(Ec2Test, PeeringEndpointsAndGateways) {
  std::string pcx = node("vpc_peering", "pcx-0001");
  EXPECT_EQ(g().val(pcx, "/connection_requester_vpc_info"),
            R"({"cidr_block":"172.31.0.0/16","ipv6_cidr_block_set":[],)"
            R"("cidr_block_set":["172.31.0.0/16"],"owner_id":"123456789012",)"
            R"("peering_options":{"allow_dns_resolution_from_remote_vpc":false},)"
            R"("vpc_id":"vpc-0002","region":"eu-west-1"})");
  EXPECT_EQ(g().text(pcx, "/connection_accepter_vpc_info/cidr_block"), "10.0.0.0/16");
  EXPECT_EQ(g().val(pcx, "/peering_connection_status"), R"({"code":"active","message":"Active"})");
  EXPECT_TRUE(g().edge(kVpc1, pcx));
  EXPECT_TRUE(g().edge(kVpc2, pcx));
  EXPECT_TRUE(g().edge(kVpc2, pcx, true));

  std::string gw = node("vpc_endpoint", "vpce-0001"), itf = node("vpc_endpoint", "vpce-0002");
  EXPECT_EQ(g().text(gw, "/vpc_endpoint_type"), "Gateway");
  EXPECT_EQ(g().text(gw, "/endpoint_policy_document"),
            R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow",)"
            R"("Principal":"*","Action":"*","Resource":"*"}]})");
  EXPECT_EQ(g().text(gw, "/endpoint_creation_timestamp"), "2024-01-10T09:00:00Z");
  EXPECT_EQ(g().val(gw, "/endpoint_dns_entries"), "[]");
  EXPECT_EQ(g().text(itf, "/endpoint_dns_options"), "ipv4");
  EXPECT_EQ(g().text(itf, "/endpoint_dns_entries/0/hosted_zone_id"), "Z7K1066E3PUKB");
  EXPECT_TRUE(g().edge(kVpc1, gw, true));
  EXPECT_TRUE(g().edge(node("route_table", "rtb-0main"), gw));
  EXPECT_TRUE(g().edge(kSubnetA, itf));
  EXPECT_TRUE(g().edge(kSg, itf));
  EXPECT_TRUE(g().edge(itf, kEni2));

  std::string igw = node("internet_gateway", "igw-0001"), nat = node("nat_gateway", "nat-0001");
  EXPECT_EQ(g().text(igw, "/name"), "prod-igw");
  EXPECT_EQ(g().val(igw, "/gateway_attachments"), R"([{"state":"available","vpc_id":"vpc-0001"}])");
  EXPECT_TRUE(g().edge(kVpc1, igw));
  EXPECT_TRUE(g().edge(kVpc1, igw, true));
  EXPECT_EQ(g().text(nat, "/nat_state"), "available");
  EXPECT_EQ(g().text(nat, "/ctime"), "2024-01-12T10:00:00Z");
  EXPECT_EQ(g().val(nat, "/nat_gateway_addresses"),
            R"([{"allocation_id":"eipalloc-0003","network_interface_id":"eni-0003",)"
            R"("private_ip":"10.0.1.30","public_ip":"203.0.113.30"}])");
  EXPECT_TRUE(g().edge(kVpc1, nat));
  EXPECT_TRUE(g().edge(kSubnetA, nat));
}

// --- instances and volumes
// -------------------------------------------------------------------------

TEST_F(Ec2Test, InstancesWithUserData) {
  EXPECT_EQ(g().text(kI1, "/name"), "web");
  EXPECT_EQ(g().text(kI1, "/instance_status"), "running");
  EXPECT_EQ(g().text(kI1, "/instance_user_data"), "#!/bin/bash\necho hello > /tmp/hi\n");
  EXPECT_EQ(g().text(kI1, "/instance_public_ip_address"), "203.0.113.10");
  EXPECT_EQ(g().text(kI1, "/instance_iam_instance_profile/arn"),
            "arn:aws:iam::123456789012:instance-profile/web");
  EXPECT_EQ(g().val(kI1, "/instance_metadata_options"),
            R"({"state":"applied","http_tokens":"required","http_endpoint":"enabled",)"
            R"("http_protocol_ipv6":"disabled","instance_metadata_tags":"disabled",)"
            R"("http_put_response_hop_limit":2})");
  EXPECT_EQ(g().text(kI1, "/instance_placement/availability_zone"), "eu-west-1a");
  EXPECT_EQ(g().text(kI1, "/instance_monitoring"), "disabled");
  EXPECT_EQ(g().val(kI1, "/instance_security_groups"),
            R"([{"group_name":"default","group_id":"sg-0001"}])");
  EXPECT_EQ(g().text(kI1, "/instance_block_device_mappings/0/ebs/volume_id"), "vol-0001");
  EXPECT_EQ(g().text(kI1, "/instance_network_interfaces/0/association/public_ip"), "203.0.113.10");
  EXPECT_EQ(g().val(kI1, "/instance_cpu_options"), R"({"core_count":1,"threads_per_core":2})");
  EXPECT_EQ(g().val(kI1, "/instance_hibernation_options"), "false");
  EXPECT_EQ(g().text(kI1, "/instance_maintenance_options"), "default");
  EXPECT_EQ(g().text(kI1, "/ctime"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(g().val(kI1, "/mtime"), "<absent>");
  // Binary user data is dropped; so is the answer for an instance that is gone.
  EXPECT_EQ(g().val(kI2, "/instance_user_data"), "<absent>");
  EXPECT_EQ(g().text(kI2, "/instance_status"), "stopped");
  EXPECT_EQ(g().text(kI2, "/instance_state_reason/code"), "Client.UserInitiatedShutdown");
  EXPECT_EQ(g().val(kI2, "/instance_iam_instance_profile"), "<absent>");
  EXPECT_EQ(g().val(kI2, "/instance_network_interfaces"), "[]");
  EXPECT_EQ(g().val(kI3, "/instance_user_data"), "<absent>");
  EXPECT_EQ(g().text(kI3, "/instance_status"), "terminated");
}

TEST_F(Ec2Test, InstanceEdges) {
  EXPECT_TRUE(g().edge(kVpc1, kI1));
  EXPECT_TRUE(g().edge(kVpc1, kI1, true));
  EXPECT_TRUE(g().edge(kSubnetA, kI1));
  EXPECT_TRUE(g().edge(kSubnetA, kI1, true));
  EXPECT_TRUE(g().edge(kSubnetB, kI2));
  EXPECT_TRUE(g().edge(node("image", "ami-0001"), kI1));
  EXPECT_TRUE(g().edge(node("image", "ami-0001"), kI3));
  EXPECT_TRUE(g().edge(node("launch_template", "lt-0001"), kI1));
  EXPECT_FALSE(g().edge(node("launch_template", "lt-0001/2"), kI1));
  EXPECT_TRUE(g().edge(kI1, kVol1));
  EXPECT_TRUE(g().edge(kVol1, kI1, true));
  EXPECT_TRUE(g().edge(kRegionNode, kI1));
}

// Only the available volume is looked up, both metrics in one call, every page.
TEST_F(Ec2Test, AsksCloudWatchWhenAvailableVolumesWereLastUsed) {
  auto calls = run_->http.requests("GetMetricData");
  ASSERT_EQ(calls.size(), 2u);
  const auto& c = calls[0];
  EXPECT_EQ(c.request.url, "https://monitoring.eu-west-1.amazonaws.com/");
  EXPECT_EQ(c.param("Version"), "2010-08-01");
  EXPECT_EQ(c.param("StartTime"), "2024-01-20T00:00:00Z");  // 60 days back
  EXPECT_EQ(c.param("EndTime"), "2024-03-20T00:00:00Z");
  EXPECT_EQ(c.param("MetricDataQueries.member.1.Id"), "r0");
  EXPECT_EQ(c.param("MetricDataQueries.member.1.MetricStat.Metric.Namespace"), "AWS/EBS");
  EXPECT_EQ(c.param("MetricDataQueries.member.1.MetricStat.Metric.MetricName"), "VolumeReadOps");
  EXPECT_EQ(c.param("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name"),
            "VolumeId");
  EXPECT_EQ(c.param("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"),
            "vol-0002");
  EXPECT_EQ(c.param("MetricDataQueries.member.1.MetricStat.Period"), "3600");
  EXPECT_EQ(c.param("MetricDataQueries.member.1.MetricStat.Stat"), "Sum");
  EXPECT_EQ(c.param("MetricDataQueries.member.2.Id"), "w0");
  EXPECT_EQ(c.param("MetricDataQueries.member.2.MetricStat.Metric.MetricName"), "VolumeWriteOps");
  EXPECT_FALSE(c.has_param("MetricDataQueries.member.3.Id"));
  EXPECT_EQ(calls[1].param("NextToken"), "bWV0cmljcy0y");
}

TEST_F(Ec2Test, VolumeAccessTimes) {
  // In use: now. Available: the latest hour with reads / writes.
  EXPECT_EQ(g().text(kVol1, "/atime"), "2024-03-20T00:00:00Z");
  EXPECT_EQ(g().text(kVol1, "/mtime"), "2024-03-20T00:00:00Z");
  EXPECT_EQ(g().text(kVol2, "/atime"), "2024-03-09T05:00:00Z");
  EXPECT_EQ(g().text(kVol2, "/mtime"), "2024-03-08T01:00:00Z");
}

TEST_F(Ec2Test, Volumes) {
  EXPECT_EQ(g().val(kVol1, "/volume_encrypted"), "true");
  EXPECT_EQ(g().val(kVol1, "/volume_throughput"), "125");
  EXPECT_EQ(g().text(kVol1, "/volume_attachments/0/instance_id"), "i-0001");
  EXPECT_EQ(g().val(kVol2, "/volume_attachments"), "[]");
  EXPECT_EQ(g().val(kVol2, "/volume_encrypted"), "false");
  EXPECT_EQ(g().text(kVol2, "/volume_status"), "available");
  EXPECT_EQ(g().val(kVol2, "/volume_snapshot_id"), "<absent>");
  EXPECT_TRUE(g().edge(kVol1, kKey));
  EXPECT_TRUE(g().edge(kKey, kVol1, true));
  EXPECT_TRUE(g().edge(kVol1, node("snapshot", "snap-0001")));
  EXPECT_TRUE(g().edge(kVol2, node("snapshot", "snap-0002")));
}

// --- images, snapshots, templates, EBS settings
// ----------------------------------------------------

TEST_F(Ec2Test, ImagesAndSnapshots) {
  std::string pub = node("image", "ami-0001"), priv = node("image", "ami-0002");
  EXPECT_EQ(g().val(pub, "/public"), "true");
  EXPECT_EQ(g().text(pub, "/name"), "web-base");
  EXPECT_EQ(g().text(pub, "/owner_id"), kAcc);
  EXPECT_EQ(g().text(pub, "/state"), "available");
  EXPECT_EQ(g().text(pub, "/ctime"), "2024-02-20T08:30:00Z");
  EXPECT_EQ(g().text(pub, "/arn"), "arn:aws:ec2:eu-west-1::image/ami-0001");
  EXPECT_EQ(g().val(pub, "/block_device_mappings/0/ebs"),
            R"({"delete_on_termination":true,"iops":3000,"snapshot_id":"snap-0001",)"
            R"("volume_size":8,"volume_type":"gp3","throughput":125,"encrypted":true})");
  EXPECT_EQ(g().val(pub, "/tags"), R"({"team":"web"})");
  EXPECT_EQ(g().val(priv, "/public"), "false");
  EXPECT_EQ(g().val(priv, "/product_codes"), "[]");
  EXPECT_TRUE(g().edge(node("snapshot", "snap-0001"), pub));

  std::string enc = node("snapshot", "snap-0001"), plain = node("snapshot", "snap-0002");
  EXPECT_EQ(g().val(enc, "/encrypted"), "true");
  EXPECT_EQ(g().text(enc, "/snapshot_kms_key_id"),
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(g().text(enc, "/snapshot_status"), "completed");
  EXPECT_EQ(g().val(enc, "/volume_size"), "8");
  EXPECT_EQ(g().text(enc, "/ctime"), "2024-02-20T08:00:00Z");
  EXPECT_TRUE(g().edge(enc, kKey));
  EXPECT_EQ(g().val(plain, "/encrypted"), "false");
  EXPECT_EQ(g().text(plain, "/name"), "nightly-backup");
  EXPECT_EQ(g().val(plain, "/snapshot_kms_key_id"), "<absent>");
  // Another account's snapshot (what emulators answer despite Owner=self) is left out.
  EXPECT_FALSE(g().has(node("snapshot", "snap-0public")));
}

TEST_F(Ec2Test, LaunchTemplatesDefaultAndLatest) {
  std::string def = node("launch_template", "lt-0001"),
              latest = node("launch_template", "lt-0001/2"),
              batch = node("launch_template", "lt-0002");
  EXPECT_EQ(g().ids_of_kind("aws_ec2_launch_template").size(), 3u);
  EXPECT_EQ(g().text(def, "/id"), "lt-0001");
  EXPECT_EQ(g().text(def, "/name"), "web");
  EXPECT_EQ(g().val(def, "/is_default_version"), "true");
  EXPECT_EQ(g().val(def, "/version_number"), "1");
  EXPECT_EQ(g().text(def, "/ctime"), "2024-02-25T09:00:00Z");
  // User data stays base64, as the API returns it.
  EXPECT_EQ(g().text(def, "/launch_template_data/user_data"),
            "IyEvYmluL2Jhc2gKeXVtIC15IHVwZGF0ZQo=");
  EXPECT_EQ(g().val(def, "/launch_template_data/network_interfaces"),
            R"([{"associate_public_ip_address":true,"delete_on_termination":true,)"
            R"("device_index":0,"groups":["sg-0001"],"ipv6_addresses":[],)"
            R"("private_ip_addresses":[],"subnet_id":"subnet-0aaa","ipv4_prefixes":[],)"
            R"("ipv6_prefixes":[]}])");
  EXPECT_EQ(g().val(def, "/launch_template_data/monitoring"), "true");
  EXPECT_EQ(g().val(def, "/launch_template_data/metadata_options/http_put_response_hop_limit"),
            "1");
  EXPECT_EQ(g().val(def, "/launch_template_data/tag_specifications"),
            R"([{"resource_type":"instance"}])");
  EXPECT_EQ(g().text(latest, "/id"), "lt-0001");
  EXPECT_EQ(g().val(latest, "/is_default_version"), "false");
  EXPECT_EQ(g().val(latest, "/launch_template_data/network_interfaces/0/groups"),
            R"(["sg-0001","sg-0002"])");
  EXPECT_EQ(
      g().val(latest, "/launch_template_data/network_interfaces/0/associate_public_ip_address"),
      "false");
  EXPECT_EQ(g().val(batch, "/launch_template_data/security_group_ids"), R"(["sg-0001"])");
  EXPECT_EQ(g().val(batch, "/launch_template_data/network_interfaces"), "[]");
  EXPECT_TRUE(g().edge(kRegionNode, latest));
}

TEST_F(Ec2Test, EbsEncryptionByDefault) {
  std::string s = node("ebs_settings", kRegion);
  EXPECT_EQ(g().text(s, "/kind"), "aws_ec2_ebs_settings");
  EXPECT_EQ(g().text(s, "/id"), kRegion);
  EXPECT_EQ(g().val(s, "/ebs_encryption_by_default"), "true");
  EXPECT_EQ(g().text(s, "/ebs_sse_type"), "sse-ebs");
  EXPECT_TRUE(g().edge(kRegionNode, s));
}

// --- errors --------------------------------------------------------------------------------------

// A call that fails (not an expected "no data" error) is a warning; every
// other part of the region is still collected.
TEST(Ec2Errors, AFailedCallWarnsAndTheRestIsCollected) {
  Ec2Run run;
  run.route_all();
  run.fail("DescribeNetworkAcls", 403, "UnauthorizedOperation");
  run.fail("DescribeImages", 403, "UnauthorizedOperation");
  run.fail("GetEbsEncryptionByDefault", 403, "UnauthorizedOperation");
  run.http.on("GetMetricData").reply(testing::query_error(403, "AccessDenied", "not authorized"));
  run.http.on("DescribeInstanceAttribute", {{"InstanceId", "i-0002"}})
      .reply(403, ec2_error("UnauthorizedOperation", "You are not authorized"), kXml);
  run.collect();
  auto warnings = run.warnings.list();
  std::set<std::string> parts;
  for (const auto& w : warnings) parts.insert(w.substr(0, w.find(':')));
  EXPECT_EQ(warnings.size(), 5u) << run.warning_text();
  for (const char* part : {"ec2 eu-west-1 DescribeNetworkAcls", "ec2 eu-west-1 DescribeImages",
                           "ec2 eu-west-1 GetEbsEncryptionByDefault", "ec2 eu-west-1 GetMetricData",
                           "ec2 eu-west-1 DescribeInstanceAttribute i-0002"})
    EXPECT_NE(run.warning_text().find(part), std::string::npos) << part << "\n"
                                                                << run.warning_text();
  EXPECT_EQ(run.warning_text().find("i-0003"), std::string::npos);  // NotFound is no warning
  EXPECT_TRUE(run.graph->ids_of_kind("aws_ec2_network_acl").empty());
  EXPECT_TRUE(run.graph->ids_of_kind("aws_ec2_image").empty());
  EXPECT_TRUE(run.graph->ids_of_kind("aws_ec2_ebs_settings").empty());
  EXPECT_EQ(run.graph->ids_of_kind("aws_ec2_subnet").size(), 2u);
  EXPECT_EQ(run.graph->ids_of_kind("aws_ec2_snapshot").size(), 2u);
  EXPECT_EQ(run.graph->ids_of_kind("aws_ec2_instance").size(), 3u);
  EXPECT_EQ(run.graph->text(kI1, "/instance_user_data"), "#!/bin/bash\necho hello > /tmp/hi\n");
  EXPECT_EQ(run.graph->val(kI2, "/instance_user_data"), "<absent>");
  // Without metrics an available volume has no access times; the volume is still there.
  EXPECT_EQ(run.graph->val(kVol2, "/atime"), "<absent>");
  EXPECT_EQ(run.graph->val(kVol2, "/volume_encrypted"), "false");
}

// A page that fails keeps what the pages before it gave.
TEST(Ec2Errors, AFailedSecondPageKeepsTheFirst) {
  Ec2Run run;
  run.route_all();
  run.fail("DescribeSubnets", 403, "UnauthorizedOperation",
           {{"NextToken", "c3VibmV0LXBhZ2UtMg=="}});
  run.collect();
  EXPECT_NE(run.warning_text().find("ec2 eu-west-1 DescribeSubnets"), std::string::npos);
  EXPECT_TRUE(run.graph->has(kSubnetA));
  EXPECT_FALSE(run.graph->has(kSubnetB));
}

// EBS encryption by default off; no resources at all.
TEST(Ec2Errors, EmptyRegion) {
  Ec2Run run;
  for (auto [action, set] : {std::pair{"DescribeVpcs", "vpcSet"},
                             {"DescribeSecurityGroups", "securityGroupInfo"},
                             {"DescribeSubnets", "subnetSet"},
                             {"DescribeNetworkAcls", "networkAclSet"},
                             {"DescribeRouteTables", "routeTableSet"},
                             {"DescribeFlowLogs", "flowLogSet"},
                             {"DescribeAddresses", "addressesSet"},
                             {"DescribeNetworkInterfaces", "networkInterfaceSet"},
                             {"DescribeVpcPeeringConnections", "vpcPeeringConnectionSet"},
                             {"DescribeVpcEndpoints", "vpcEndpointSet"},
                             {"DescribeInternetGateways", "internetGatewaySet"},
                             {"DescribeNatGateways", "natGatewaySet"},
                             {"DescribeInstances", "reservationSet"},
                             {"DescribeVolumes", "volumeSet"},
                             {"DescribeImages", "imagesSet"},
                             {"DescribeSnapshots", "snapshotSet"},
                             {"DescribeLaunchTemplateVersions", "launchTemplateVersionSet"}})
    run.reply(action, std::string("<") + set + "/>");
  run.reply("GetEbsEncryptionByDefault",
            "<ebsEncryptionByDefault>false</ebsEncryptionByDefault>\n<sseType>sse-ebs</sseType>");
  run.collect();
  EXPECT_EQ(run.warning_text(), "");
  EXPECT_EQ(run.http.count("DescribeInstanceAttribute"), 0);
  EXPECT_EQ(run.http.count("GetMetricData"), 0);
  std::string s = node("ebs_settings", kRegion);
  EXPECT_EQ(run.graph->val(s, "/ebs_encryption_by_default"), "false");
  EXPECT_EQ(run.graph->ids_of_kind("aws_ec2_instance").size(), 0u);
}

}  // namespace
}  // namespace canopy::aws
