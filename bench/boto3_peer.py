"""The peer of the collect benchmark: the same listing as Canopy's collect,
done the way a plain script does it — boto3, one call after the other —
over the services and regions seeded by seed_services.py. Prints the wall
time and the number of API calls.

    python3 bench/boto3_peer.py --endpoint URL [--regions a,b,c,d]"""
import argparse
import time

import boto3
from botocore.exceptions import ClientError

calls = 0


def count(*_args, **_kwargs):
    global calls
    calls += 1


def client(name, region, url):
    c = boto3.client(name, endpoint_url=url, region_name=region)
    c.meta.events.register("before-send", count)
    return c


def pages(c, op, key, **kw):
    for page in c.get_paginator(op).paginate(**kw):
        yield from page.get(key, [])


def quiet(fn, *a, **kw):
    try:
        return fn(*a, **kw)
    except ClientError:
        return None


def regional(region, url):
    ec2 = client("ec2", region, url)
    for r in pages(ec2, "describe_instances", "Reservations"):
        for i in r["Instances"]:
            ec2.describe_instance_attribute(InstanceId=i["InstanceId"], Attribute="userData")
    for op, key in [("describe_vpcs", "Vpcs"), ("describe_subnets", "Subnets"),
                    ("describe_security_groups", "SecurityGroups"),
                    ("describe_volumes", "Volumes"), ("describe_network_acls", "NetworkAcls"),
                    ("describe_route_tables", "RouteTables"),
                    ("describe_network_interfaces", "NetworkInterfaces"),
                    ("describe_flow_logs", "FlowLogs")]:
        list(pages(ec2, op, key))
    list(pages(ec2, "describe_snapshots", "Snapshots", OwnerIds=["self"]))
    ec2.describe_images(Owners=["self"])
    ec2.describe_addresses()
    ec2.get_ebs_encryption_by_default()
    logs = client("logs", region, url)
    list(pages(logs, "describe_log_groups", "logGroups"))
    list(pages(logs, "describe_metric_filters", "metricFilters"))
    list(pages(client("cloudwatch", region, url), "describe_alarms", "MetricAlarms"))
    ct = client("cloudtrail", region, url)
    for t in ct.list_trails().get("Trails", []):
        ct.get_trail(Name=t["TrailARN"])
        ct.get_trail_status(Name=t["TrailARN"])
    sns = client("sns", region, url)
    for t in pages(sns, "list_topics", "Topics"):
        sns.get_topic_attributes(TopicArn=t["TopicArn"])
        sns.list_tags_for_resource(ResourceArn=t["TopicArn"])
    sqs = client("sqs", region, url)
    for q in pages(sqs, "list_queues", "QueueUrls"):
        sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["All"])
        sqs.list_queue_tags(QueueUrl=q)
    kms = client("kms", region, url)
    for k in pages(kms, "list_keys", "Keys"):
        meta = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
        kms.list_resource_tags(KeyId=k["KeyId"])
        kms.get_key_policy(KeyId=k["KeyId"], PolicyName="default")
        if meta.get("KeyManager") == "CUSTOMER" and meta.get("KeyState") == "Enabled":
            kms.get_key_rotation_status(KeyId=k["KeyId"])
    list(pages(client("secretsmanager", region, url), "list_secrets", "SecretList"))
    ddb = client("dynamodb", region, url)
    for name in pages(ddb, "list_tables", "TableNames"):
        ddb.describe_table(TableName=name)
    rds = client("rds", region, url)
    list(pages(rds, "describe_db_instances", "DBInstances"))
    lam = client("lambda", region, url)
    for f in pages(lam, "list_functions", "Functions"):
        quiet(lam.get_policy, FunctionName=f["FunctionName"])
    cfg = client("config", region, url)
    cfg.describe_configuration_recorders()
    cfg.describe_configuration_recorder_status()


def global_services(url):
    s3 = client("s3", "us-east-1", url)
    for b in s3.list_buckets()["Buckets"]:
        for op in ["get_bucket_tagging", "get_bucket_encryption", "get_bucket_policy",
                   "get_bucket_versioning", "get_public_access_block", "get_bucket_acl",
                   "get_bucket_logging"]:
            quiet(getattr(s3, op), Bucket=b["Name"])
    iam = client("iam", "us-east-1", url)
    details = list(pages(iam, "get_account_authorization_details", "UserDetailList"))
    for u in details:
        iam.list_access_keys(UserName=u["UserName"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--regions", default="us-east-1,eu-west-1,ap-southeast-2,us-west-2")
    a = p.parse_args()
    start = time.time()
    global_services(a.endpoint)
    for region in a.regions.split(","):
        regional(region, a.endpoint)
    print(f"boto3 sequential listing: {time.time() - start:.2f} s wall, {calls} API calls")


if __name__ == "__main__":
    main()
