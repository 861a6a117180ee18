#!/usr/bin/env python3
"""Seeds moto with compliant and non-compliant resources for the CIS AWS benchmarks.

    MOTO_URL=http://127.0.0.1:PORT python3 tests/e2e/seed_cis.py

For every service the checks of aws_cis_1_5 and aws_cis_2_0 read, it creates at least one
resource that passes and one that fails, where moto allows it, in us-east-1 and eu-west-1.
The server should run with MOTO_IAM_LOAD_MANAGED_POLICIES=true: the support role (CIS 1.17)
and CloudShell (CIS 1.22) checks look for AWS managed policies.

It prints one JSON object with the ids a test needs to state what every check must report
(tests/e2e/collect_cis_test.cc). The comments say which check each resource is for; "passes"
and "fails" are what the check should say about that resource.
"""

import datetime
import json
import os
import sys
import urllib.parse

import boto3

URL = os.environ["MOTO_URL"]
ACCOUNT = "123456789012"
US, EU = "us-east-1", "eu-west-1"
AMI = "ami-03cf127a"

if urllib.parse.urlsplit(URL).hostname not in ("127.0.0.1", "localhost"):
    sys.exit(f"seed_cis.py: refusing non-loopback endpoint {URL!r}")

out = {}


def client(service, region=US, **kw):
    return boto3.client(service, endpoint_url=URL, region_name=region, **kw)


def doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def allow(action, resource="*"):
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def trust(service):
    return doc([{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}])


def self_signed(days_from, days_to):
    """A self-signed certificate valid from/to these days relative to now, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "canopy.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=days_from))
        .not_valid_after(now + datetime.timedelta(days=days_to))
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), pem_key.decode()


# --------------------------------------------------------------------------- IAM (section 1)


def seed_iam():
    iam = client("iam")
    # 1.8 passes (14), 1.9 fails (remembers 5, not 24): both judge the account.
    iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=5)

    users = {}

    def user(name):
        users[name] = iam.create_user(UserName=name)["User"]["UserId"]

    def key(name):
        return iam.create_access_key(UserName=name)["AccessKey"]

    # console-mfa: password, MFA, one key that has been used. Passes 1.10, 1.11, 1.13, 1.15.
    user("console-mfa")
    iam.create_login_profile(UserName="console-mfa", Password="Console-Mfa-Passw0rd!")
    mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="console-mfa")["VirtualMFADevice"]
    iam.enable_mfa_device(UserName="console-mfa", SerialNumber=mfa["SerialNumber"],
                          AuthenticationCode1="123456", AuthenticationCode2="654321")
    used = key("console-mfa")
    client("sts", aws_access_key_id=used["AccessKeyId"],
           aws_secret_access_key=used["SecretAccessKey"]).get_caller_identity()
    out["used_key"] = used["AccessKeyId"]

    # console-no-mfa: password without MFA (fails 1.10) and a key never used (fails 1.11).
    user("console-no-mfa")
    iam.create_login_profile(UserName="console-no-mfa", Password="Console-NoMfa-Passw0rd!")
    out["unused_console_key"] = key("console-no-mfa")["AccessKeyId"]

    # two-keys: two active keys (fails 1.13); no password, so 1.10 and 1.11 do not apply.
    user("two-keys")
    key("two-keys")
    key("two-keys")
    # rotating: one active, one inactive key (passes 1.13).
    user("rotating")
    key("rotating")
    iam.update_access_key(UserName="rotating", AccessKeyId=key("rotating")["AccessKeyId"],
                          Status="Inactive")
    # 1.12 and 1.14 pass: moto stamps every password and key with the current time, so none
    # can be made stale.

    # 1.15: a user with an inline policy and one with a directly attached policy fail.
    read_only = iam.create_policy(
        PolicyName="cis-read-only", PolicyDocument=doc([allow(["s3:Get*", "s3:List*"])])
    )["Policy"]
    user("inline")
    iam.put_user_policy(UserName="inline", PolicyName="s3-read",
                        PolicyDocument=doc([allow("s3:GetObject")]))
    user("attached")
    iam.attach_user_policy(UserName="attached", PolicyArn=read_only["Arn"])

    # 1.16: full admin attached to a group fails; the same document unattached passes, as
    # does AWS's AdministratorAccess, which nothing uses.
    admin = iam.create_policy(PolicyName="cis-admin", PolicyDocument=doc([allow("*")]))["Policy"]
    spare = iam.create_policy(PolicyName="cis-admin-spare",
                              PolicyDocument=doc([allow("*")]))["Policy"]
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=admin["Arn"])
    out["admin_policy"] = {"id": admin["PolicyId"], "arn": admin["Arn"]}
    out["spare_admin_policy"] = {"id": spare["PolicyId"], "arn": spare["Arn"]}

    # 1.22 (CIS 2.0): a group member and a role holding AWSCloudShellFullAccess fail.
    cloudshell = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
    user("shell-user")
    iam.create_group(GroupName="shell")
    iam.attach_group_policy(GroupName="shell", PolicyArn=cloudshell)
    iam.add_user_to_group(GroupName="shell", UserName="shell-user")
    roles = {}
    roles["shell-role"] = iam.create_role(
        RoleName="shell-role", AssumeRolePolicyDocument=trust("ec2.amazonaws.com")
    )["Role"]["RoleId"]
    iam.attach_role_policy(RoleName="shell-role", PolicyArn=cloudshell)

    # 1.17 passes: a role for AWS Support.
    roles["support"] = iam.create_role(
        RoleName="support", AssumeRolePolicyDocument=trust("support.amazonaws.com")
    )["Role"]["RoleId"]
    iam.attach_role_policy(RoleName="support",
                           PolicyArn="arn:aws:iam::aws:policy/AWSSupportAccess")

    # 1.18: the instance profile of the compliant instances.
    roles["app"] = iam.create_role(
        RoleName="app", AssumeRolePolicyDocument=trust("ec2.amazonaws.com")
    )["Role"]["RoleId"]
    profile = iam.create_instance_profile(InstanceProfileName="app")["InstanceProfile"]
    iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    out["instance_profile_arn"] = profile["Arn"]

    # 1.19: a current and an expired server certificate. moto gives both the same id and
    # Expiration 2012-05-08, so to the check they are one expired certificate.
    certs = {}
    for name, (start, end) in {"current-cert": (-1, 365), "expired-cert": (-30, -1)}.items():
        body, private_key = self_signed(start, end)
        meta = iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=body,
                                             PrivateKey=private_key)
        certs[name] = meta["ServerCertificateMetadata"]["ServerCertificateId"]

    out["users"] = users
    out["roles"] = roles
    out["server_certificates"] = certs


# --------------------------------------------------------------------------- S3 (2.1, 3.3, 3.6)


def s3control():
    # boto3 puts the account id in front of the S3 Control host, which does not resolve for
    # 127.0.0.1; moto takes the account from the x-amz-account-id header as well.
    c = client("s3control")

    def no_host_prefix(request, **_):
        request.url = request.url.replace(f"//{ACCOUNT}.", "//")

    c.meta.events.register("before-send.s3-control", no_host_prefix)
    return c


def deny_http(bucket):
    return {"Sid": "DenyHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def seed_s3(kms_key_arn):
    s3 = client("s3")
    eu = {"CreateBucketConfiguration": {"LocationConstraint": EU}}
    sse_s3 = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}

    # cis-access-logs (eu-west-1): receives access logs. Default encryption (passes 2.1.1),
    # no policy (fails 2.1.2), versioning without MFA delete (fails 2.1.3), blocks public
    # policies itself while the account blocks public ACLs (passes 2.1.5 only together).
    s3.create_bucket(Bucket="cis-access-logs", ACL="log-delivery-write", **eu)
    s3.put_bucket_encryption(Bucket="cis-access-logs", ServerSideEncryptionConfiguration=sse_s3)
    s3.put_bucket_versioning(Bucket="cis-access-logs",
                             VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(Bucket="cis-access-logs", PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True})

    # cis-trail-logs (eu-west-1): bucket of the trail `main`. KMS encryption, TLS-only policy,
    # all four blocks, access logging: passes 2.1.1, 2.1.2, 2.1.5, 3.3 and 3.6.
    s3.create_bucket(Bucket="cis-trail-logs", **eu)
    s3.put_bucket_encryption(Bucket="cis-trail-logs", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {
            "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key_arn}}]})
    s3.put_bucket_policy(Bucket="cis-trail-logs", Policy=doc([
        {"Sid": "CloudTrailWrite", "Effect": "Allow",
         "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": "arn:aws:s3:::cis-trail-logs/*"},
        deny_http("cis-trail-logs")]))
    s3.put_public_access_block(Bucket="cis-trail-logs", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True})
    # What CIS 2.1.3 asks for; moto ignores MFADelete (and the MFA header).
    s3.put_bucket_versioning(
        Bucket="cis-trail-logs", MFA=f"arn:aws:iam::{ACCOUNT}:mfa/root 123456",
        VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"})
    s3.put_bucket_logging(Bucket="cis-trail-logs", BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "cis-access-logs", "TargetPrefix": "trail/"}})

    # cis-legacy-trail (us-east-1): bucket of the trail `legacy`. No encryption (fails 2.1.1),
    # a policy letting everyone read (fails 2.1.2, 2.1.5 and 3.3), no access logging (fails
    # 3.6 for its trail).
    s3.create_bucket(Bucket="cis-legacy-trail")
    s3.put_bucket_policy(Bucket="cis-legacy-trail", Policy=doc([
        {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::cis-legacy-trail/*"}]))

    # cis-public-acl (eu-west-1): bucket of the trail `archive`. A public-read ACL, but the
    # account ignores public ACLs, so 3.3 passes; TLS-only policy (passes 2.1.2); no block of
    # public policies anywhere (fails 2.1.5); logged (passes 3.6); SSE-S3 (passes 2.1.1).
    s3.create_bucket(Bucket="cis-public-acl", ACL="public-read", **eu)
    s3.put_bucket_encryption(Bucket="cis-public-acl", ServerSideEncryptionConfiguration=sse_s3)
    s3.put_bucket_policy(Bucket="cis-public-acl", Policy=doc([deny_http("cis-public-acl")]))
    s3.put_bucket_logging(Bucket="cis-public-acl", BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "cis-access-logs", "TargetPrefix": "archive/"}})

    # The account blocks and ignores public ACLs, but not public policies.
    s3control().put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
        "RestrictPublicBuckets": False})


# --------------------------------------------------------------------------- KMS (3.8)


def seed_kms():
    """Per region: a rotated key (passes), an unrotated one (fails), a disabled unrotated one
    (not judged). Returns the rotated keys by region; they encrypt the trail, its bucket and
    the volumes (moto would otherwise make an unrotated customer key for EBS)."""
    failing, rotated = [], {}
    for region in (US, EU):
        kms = client("kms", region)
        key = kms.create_key(Description="rotated")["KeyMetadata"]
        kms.enable_key_rotation(KeyId=key["KeyId"])
        rotated[region] = key["Arn"]
        failing.append(kms.create_key(Description="unrotated")["KeyMetadata"]["KeyId"])
        disabled = kms.create_key(Description="disabled")["KeyMetadata"]["KeyId"]
        kms.disable_key(KeyId=disabled)
    out["unrotated_keys"] = failing
    return rotated


# --------------------------------------------------------------------------- CloudTrail & co (3, 4)

def any_event(*names):
    return "(" + " || ".join(f"($.eventName = {n})" for n in names) + ")"


def from_source(source, *names):
    return f"{{ ($.eventSource = {source}) && {any_event(*names)} }}"


# The metric filter patterns of CIS section 4 (as the benchmark gives them), by control.
PATTERNS = {
    "4.1": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && '
           '($.sourceIPAddress != "delivery.logs.amazonaws.com") && '
           '($.eventName != "HeadBucket") }',
    "4.2": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
    "4.3": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && '
           '$.eventType != "AwsServiceEvent" }',
    "4.4": "{ " + any_event(
        "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
        "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
        "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
        "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy") + " }",
    "4.5": "{ " + any_event("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging",
                            "StopLogging") + " }",
    "4.6": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    "4.7": from_source("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
    "4.8": from_source(
        "s3.amazonaws.com", "PutBucketAcl", "PutBucketPolicy", "PutBucketCors",
        "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors",
        "DeleteBucketLifecycle", "DeleteBucketReplication"),
    "4.9": from_source("config.amazonaws.com", "StopConfigurationRecorder",
                       "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"),
    "4.10": "{ " + any_event(
        "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup",
        "DeleteSecurityGroup") + " }",
    "4.11": "{ " + any_event(
        "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation") + " }",
    "4.12": "{ " + any_event(
        "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
        "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway") + " }",
    "4.13": from_source(
        "ec2.amazonaws.com", "CreateRoute", "CreateRouteTable", "ReplaceRoute",
        "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute",
        "DisassociateRouteTable"),
    "4.14": "{ " + any_event(
        "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
        "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink",
        "EnableVpcClassicLink") + " }",
}


def metric_alarm(logs, cw, group, control, actions):
    metric = "cis-" + control.replace(".", "-")
    logs.put_metric_filter(
        logGroupName=group, filterName=metric, filterPattern=PATTERNS[control],
        metricTransformations=[{"metricName": metric, "metricNamespace": "CISBenchmark",
                                "metricValue": "1"}])
    cw.put_metric_alarm(
        AlarmName=metric, MetricName=metric, Namespace="CISBenchmark", Statistic="Sum",
        Period=300, EvaluationPeriods=1, Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=actions)


def seed_trails(kms_key_arn):
    logs, cw, sns = client("logs", EU), client("cloudwatch", EU), client("sns", EU)
    topic = sns.create_topic(Name="cis-alarms")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="secops@example.com")
    logs.create_log_group(logGroupName="cis-trail")
    logs.create_log_group(logGroupName="app-logs")
    group = logs.describe_log_groups(logGroupNamePrefix="cis-trail")["logGroups"][0]["arn"]
    # 4.1-4.12: filter and alarm notifying the topic on the trail's log group (pass).
    for control in PATTERNS:
        if control not in ("4.13", "4.14"):
            metric_alarm(logs, cw, "cis-trail", control, [topic])
    # 4.13 fails: its alarm notifies nobody. 4.14 fails: its filter is on a group no trail
    # writes to. 4.15 fails: there is no Organizations filter at all.
    metric_alarm(logs, cw, "cis-trail", "4.13", [])
    metric_alarm(logs, cw, "app-logs", "4.14", [topic])

    role = client("iam").create_role(RoleName="cloudtrail-logs",
                                     AssumeRolePolicyDocument=trust("cloudtrail.amazonaws.com"))
    # main (eu-west-1, every region): logging, validated, KMS, CloudWatch Logs, S3 data events;
    # it covers both regions for 3.1.
    ct = client("cloudtrail", EU)
    ct.create_trail(Name="main", S3BucketName="cis-trail-logs", IsMultiRegionTrail=True,
                    EnableLogFileValidation=True, KmsKeyId=kms_key_arn,
                    CloudWatchLogsLogGroupArn=group, CloudWatchLogsRoleArn=role["Role"]["Arn"])
    ct.put_event_selectors(TrailName="main", EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    ct.start_logging(Name="main")
    # legacy and archive (us-east-1 only): stopped. legacy has neither validation nor KMS.
    ct = client("cloudtrail", US)
    ct.create_trail(Name="legacy", S3BucketName="cis-legacy-trail")
    ct.create_trail(Name="archive", S3BucketName="cis-public-acl", EnableLogFileValidation=True,
                    KmsKeyId=kms_key_arn)


# --------------------------------------------------------------------------- Config (3.5)


def seed_config():
    # eu-west-1 records everything and is started; us-east-1 has a recorder never started.
    for region, start in ((EU, True), (US, False)):
        cfg = client("config", region)
        cfg.put_configuration_recorder(ConfigurationRecorder={
            "name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
        cfg.put_delivery_channel(DeliveryChannel={"name": "default",
                                                  "s3BucketName": "cis-access-logs"})
        if start:
            cfg.start_configuration_recorder(ConfigurationRecorderName="default")


# --------------------------------------------------------------------------- EC2 network (3.9, 5)


def default_parts(ec2, vpc):
    acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                             {"Name": "default", "Values": ["true"]}])
    sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                               {"Name": "group-name", "Values": ["default"]}])
    return acl["NetworkAcls"][0]["NetworkAclId"], sg["SecurityGroups"][0]


def seed_network():
    vpcs, default_acls = {}, []
    open_default_sg_vpcs = []  # 5.4 fails for VPCs whose default group has rules
    for region in (US, EU):
        ec2 = client("ec2", region)
        default = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])
        vpcs[f"default_{region}"] = default["Vpcs"][0]["VpcId"]
        # app: a VPC whose flow log records everything (passes 3.9) and whose default group
        # has no rules left (passes 5.4).
        app = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        vpcs[f"app_{region}"] = app
        ec2.create_flow_logs(ResourceIds=[app], ResourceType="VPC", TrafficType="ALL",
                             LogGroupName="flow-logs",
                             DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT}:role/flow")
        for vpc in (vpcs[f"default_{region}"], app):
            acl, sg = default_parts(ec2, vpc)
            default_acls.append(acl)  # moto's default ACLs allow everything from 0.0.0.0/0
            if vpc == app:
                if sg["IpPermissions"]:
                    ec2.revoke_security_group_ingress(GroupId=sg["GroupId"],
                                                      IpPermissions=sg["IpPermissions"])
                ec2.revoke_security_group_egress(GroupId=sg["GroupId"],
                                                 IpPermissions=sg["IpPermissionsEgress"])
            else:
                open_default_sg_vpcs.append(vpc)

    # us-east-1: peer (10.1/16) only logs rejected traffic (passes 3.9); narrow (10.2/16)
    # logs only accepted traffic (fails 3.9).
    ec2 = client("ec2", US)
    peer = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    narrow = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    vpcs["peer"], vpcs["narrow"] = peer, narrow
    ec2.create_flow_logs(ResourceIds=[peer], ResourceType="VPC", TrafficType="REJECT",
                         LogGroupName="flow-logs",
                         DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT}:role/flow")
    ec2.create_flow_logs(ResourceIds=[narrow], ResourceType="VPC", TrafficType="ACCEPT",
                         LogGroupName="flow-logs",
                         DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT}:role/flow")
    for vpc in (peer, narrow):
        acl, _ = default_parts(ec2, vpc)
        default_acls.append(acl)
        open_default_sg_vpcs.append(vpc)

    # 5.5: app routes to all of peer (the app VPC fails); narrow routes back to one subnet of
    # app only (passes). peer itself has no routes over the peering.
    app = vpcs[f"app_{US}"]
    wide = ec2.create_vpc_peering_connection(VpcId=app, PeerVpcId=peer)
    wide = wide["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    small = ec2.create_vpc_peering_connection(VpcId=narrow, PeerVpcId=app)
    small = small["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    rt = ec2.create_route_table(VpcId=app)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="10.1.0.0/16",
                     VpcPeeringConnectionId=wide)
    rt = ec2.create_route_table(VpcId=narrow)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="10.0.1.0/24",
                     VpcPeeringConnectionId=small)

    out["vpcs"] = vpcs
    out["default_acls"] = default_acls
    out["open_default_sg_vpcs"] = open_default_sg_vpcs
    seed_acls(ec2, app)
    seed_security_groups(client("ec2", EU), vpcs[f"app_{EU}"])


def seed_acls(ec2, vpc):
    """5.1: network ACLs in us-east-1 (besides the default ones)."""

    def acl(entries):
        a = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
        for n, proto, ports, action, cidr in entries:
            kw = dict(NetworkAclId=a, RuleNumber=n, Protocol=proto, RuleAction=action,
                      Egress=False)
            kw["Ipv6CidrBlock" if ":" in cidr else "CidrBlock"] = cidr
            if ports:
                kw["PortRange"] = {"From": ports[0], "To": ports[1]}
            ec2.create_network_acl_entry(**kw)
        return a

    out["acls"] = {
        # fails ssh ipv4
        "ssh4": acl([(100, "6", (22, 22), "allow", "0.0.0.0/0")]),
        # fails rdp ipv4 (a range that covers 3389)
        "rdp4": acl([(100, "6", (3000, 4000), "allow", "0.0.0.0/0")]),
        # passes: 22 and 3389 denied before 443 is allowed
        "ok": acl([(90, "6", (22, 22), "deny", "0.0.0.0/0"),
                   (95, "6", (3389, 3389), "deny", "0.0.0.0/0"),
                   (100, "6", (443, 443), "allow", "0.0.0.0/0")]),
        # passes: everything is denied before everything is allowed
        "shadowed": acl([(50, "-1", None, "deny", "0.0.0.0/0"),
                         (100, "-1", None, "allow", "0.0.0.0/0"),
                         (60, "-1", None, "deny", "::/0"),
                         (110, "-1", None, "allow", "::/0")]),
        # fails any, ssh and rdp ipv6
        "all6": acl([(100, "-1", None, "allow", "::/0")]),
        # fails ssh ipv6 only
        "ssh6": acl([(100, "6", (22, 22), "allow", "::/0")]),
    }


def seed_security_groups(ec2, vpc):
    """5.2, 5.3: security groups in eu-west-1."""

    def sg(name, perms):
        g = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=perms)
        return g

    def rule(protocol, ports, cidr):
        r = {"IpProtocol": protocol}
        if ports:
            r["FromPort"], r["ToPort"] = ports
        if ":" in cidr:
            r["Ipv6Ranges"] = [{"CidrIpv6": cidr}]
        else:
            r["IpRanges"] = [{"CidrIp": cidr}]
        return r

    out["security_groups"] = {
        # fails ssh ipv4
        "ssh4": sg("ssh4", [rule("tcp", (22, 22), "0.0.0.0/0")]),
        # fails any, ssh and rdp ipv4
        "all4": sg("all4", [rule("-1", None, "0.0.0.0/0")]),
        # fails rdp ipv6
        "rdp6": sg("rdp6", [rule("tcp", (3389, 3389), "::/0")]),
        # fails any, ssh and rdp ipv6
        "all6": sg("all6", [rule("-1", None, "::/0")]),
        # fails ssh ipv6 (a range that covers 22 but not 3389)
        "low6": sg("low6", [rule("tcp", (0, 1024), "::/0")]),
        # passes: https from a private range, ssh from one address
        "web": sg("web", [rule("tcp", (443, 443), "10.0.0.0/8"),
                          rule("tcp", (22, 22), "203.0.113.7/32")]),
    }


# ------------------------------------------------------------------ EC2 compute (1.18, 2.2, 5.6)


def seed_compute(keys):
    instances, plain_volumes = {}, []

    def run(region, name, **kw):
        ec2 = client("ec2", region)
        i = ec2.run_instances(ImageId=AMI, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                              **kw)["Instances"][0]
        instances[name] = i["InstanceId"]
        return ec2, i

    def encrypted_root(region):
        return [{"DeviceName": "/dev/sda1",
                 "Ebs": {"VolumeSize": 8, "Encrypted": True, "KmsKeyId": keys[region]}}]

    plain_root = [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8, "Encrypted": False}}]
    profile = {"Arn": out["instance_profile_arn"]}
    # web (eu-west-1): profile, IMDSv2 required, encrypted root volume: passes 1.18, 5.6, 2.2.1.
    run(EU, "web", IamInstanceProfile=profile, BlockDeviceMappings=encrypted_root(EU),
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"})
    # batch (us-east-1): no profile, tokens optional, plain root volume: fails all three.
    _, batch = run(US, "batch", BlockDeviceMappings=plain_root,
                   MetadataOptions={"HttpTokens": "optional"})
    plain_volumes += [m["Ebs"]["VolumeId"] for m in batch["BlockDeviceMappings"]]
    # no-imds (eu-west-1): metadata service off (passes 5.6), no profile (fails 1.18).
    run(EU, "no-imds", BlockDeviceMappings=encrypted_root(EU),
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "disabled"})
    # gone (us-east-1): terminated, so neither 1.18 nor 5.6 judge it.
    ec2, _ = run(US, "gone", MetadataOptions={"HttpTokens": "optional"})
    ec2.terminate_instances(InstanceIds=[instances["gone"]])

    # Detached volumes: one plain (fails 2.2.1) and one encrypted per region.
    for region in (US, EU):
        ec2 = client("ec2", region)
        plain_volumes.append(ec2.create_volume(AvailabilityZone=region + "a", Size=8,
                                               Encrypted=False)["VolumeId"])
        ec2.create_volume(AvailabilityZone=region + "a", Size=8, Encrypted=True,
                          KmsKeyId=keys[region])
    out["instances"] = instances
    out["plain_volumes"] = plain_volumes


# --------------------------------------------------------------------------- EFS, RDS (2.3, 2.4)


def seed_storage():
    out["efs"] = {
        "encrypted": client("efs", EU).create_file_system(
            CreationToken="encrypted", Encrypted=True)["FileSystemId"],
        "plain": client("efs", US).create_file_system(
            CreationToken="plain", Encrypted=False)["FileSystemId"],
    }
    common = dict(Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
                  MasterUsername="cis", MasterUserPassword="Not-a-real-passw0rd")
    # db-good (eu-west-1) passes 2.3.1-2.3.3; db-bad (us-east-1) fails all three.
    client("rds", EU).create_db_instance(
        DBInstanceIdentifier="db-good", StorageEncrypted=True, AutoMinorVersionUpgrade=True,
        PubliclyAccessible=False, **common)
    client("rds", US).create_db_instance(
        DBInstanceIdentifier="db-bad", StorageEncrypted=False, AutoMinorVersionUpgrade=False,
        PubliclyAccessible=True, **common)


def main():
    seed_iam()
    keys = seed_kms()
    seed_s3(keys[EU])
    seed_trails(keys[EU])
    seed_config()
    seed_network()
    seed_compute(keys)
    seed_storage()
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
