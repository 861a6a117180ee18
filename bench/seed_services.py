"""Seeds a local moto server with an account of many resources across the
services Canopy collects, in several regions, for the collect benchmark.

    python3 bench/seed_services.py --endpoint URL [--regions a,b,c,d] [--scale 1.0]

At scale 1 and 4 regions it creates about 20 000 resources; it prints what it
made per kind as JSON. Instances are few (moto answers per-instance calls in
time that grows with the number of instances), volumes, security groups, log
groups, topics and queues many. Only talks to the given (loopback) endpoint."""
import argparse
import io
import json
import sys
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.parsers import ResponseParserError

made = Counter()


def client(name, region, url):
    return boto3.client(name, endpoint_url=url, region_name=region)


def times(n, fn):
    def attempt(i):
        # Under concurrent requests moto now and then fails on its own
        # (a dictionary changed while it iterated it) with an HTML 500 page;
        # the same call made again succeeds.
        for k in range(3):
            try:
                return fn(i)
            except ResponseParserError:
                if k == 2:
                    raise
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(attempt, range(n)))


def guarded(label, fn):
    try:
        fn()
    except Exception as e:  # a service moto lacks must not stop the rest
        print(f"seed: {label}: {e}", file=sys.stderr)


def seed_ec2(region, url, n):
    ec2 = client("ec2", region, url)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24")["Subnet"]["SubnetId"]
               for i in range(10)]
    made["aws_vpc"] += 1
    made["aws_ec2_subnet"] += len(subnets)

    def group(i):
        sg = ec2.create_security_group(GroupName=f"sg-{i}", Description="bench", VpcId=vpc)
        ec2.authorize_security_group_ingress(GroupId=sg["GroupId"], IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22 + i % 3, "ToPort": 22 + i % 3,
             "IpRanges": [{"CidrIp": "0.0.0.0/0" if i % 5 == 0 else "10.0.0.0/8"}]}])
    times(n(600), group)
    made["aws_ec2_security_group"] += n(600)

    batches = max(1, n(250) // 50)

    def run(i):
        ec2.run_instances(ImageId="ami-03cf127a", InstanceType="t3.micro", MinCount=50,
                          MaxCount=50, SubnetId=subnets[i % len(subnets)],
                          UserData="#!/bin/sh\necho bench\n")
    times(batches, run)
    made["aws_ec2_instance"] += batches * 50
    made["aws_ec2_network_interface"] += batches * 50
    made["aws_ec2_volume"] += batches * 50  # root volumes

    def volume(i):
        v = ec2.create_volume(AvailabilityZone=region + "a", Size=8, Encrypted=i % 2 == 0)
        if i % 2:
            ec2.create_snapshot(VolumeId=v["VolumeId"])
    times(n(1000), volume)
    made["aws_ec2_volume"] += n(1000)
    made["aws_ec2_snapshot"] += n(1000) // 2
    times(n(100), lambda i: ec2.create_network_acl(VpcId=vpc))
    made["aws_ec2_network_acl"] += n(100)


def seed_logs(region, url, n):
    logs = client("logs", region, url)

    def group(i):
        logs.create_log_group(logGroupName=f"/bench/group-{i}")
        logs.put_metric_filter(logGroupName=f"/bench/group-{i}", filterName=f"f-{i}",
                               filterPattern='{ $.errorCode = "*UnauthorizedOperation" }',
                               metricTransformations=[{"metricName": f"m{i}",
                                                       "metricNamespace": "bench",
                                                       "metricValue": "1"}])
    times(n(600), group)
    made["aws_cloudwatch_log_group"] += n(600)
    made["aws_cloudwatch_metric_filter"] += n(600)


def seed_messaging(region, url, n):
    sns, sqs = client("sns", region, url), client("sqs", region, url)
    times(n(300), lambda i: sns.create_topic(Name=f"topic-{i}"))
    times(n(300), lambda i: sqs.create_queue(QueueName=f"queue-{i}"))
    made["aws_sns_topic"] += n(300)
    made["aws_sqs_queue"] += n(300)


def seed_keys(region, url, n):
    kms, sm = client("kms", region, url), client("secretsmanager", region, url)

    def key(i):
        k = kms.create_key(Description=f"bench {i}")["KeyMetadata"]["KeyId"]
        if i % 2:
            kms.enable_key_rotation(KeyId=k)
    times(n(100), key)
    times(n(100), lambda i: sm.create_secret(Name=f"secret-{i}", SecretString="x"))
    made["aws_kms_key"] += n(100)
    made["aws_secretsmanager_secret"] += n(100)


def seed_tables(region, url, n):
    ddb = client("dynamodb", region, url)
    times(n(50), lambda i: ddb.create_table(
        TableName=f"table-{i}", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}]))
    made["aws_dynamodb_table"] += n(50)


def seed_rds(region, url, n):
    rds = client("rds", region, url)
    times(n(10), lambda i: rds.create_db_instance(
        DBInstanceIdentifier=f"db-{i}", DBInstanceClass="db.t3.micro", Engine="postgres",
        MasterUsername="admin", MasterUserPassword="benchpassword", AllocatedStorage=20,
        StorageEncrypted=i % 2 == 0))
    made["aws_rds_instance"] += n(10)


def seed_lambda(region, url, n, role):
    lam = client("lambda", region, url)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(e, c):\n    return 1\n")
    code = buf.getvalue()
    times(n(10), lambda i: lam.create_function(
        FunctionName=f"fn-{i}", Runtime="python3.12", Role=role, Handler="index.handler",
        Code={"ZipFile": code}, Environment={"Variables": {"STAGE": "bench"}}))
    made["aws_lambda_function"] += n(10)


def seed_global(url, n):
    s3, iam = client("s3", "us-east-1", url), client("iam", "us-east-1", url)
    times(n(500), lambda i: s3.create_bucket(Bucket=f"canopy-bench-bucket-{i}"))
    made["aws_s3_bucket"] += n(500)

    def user(i):
        iam.create_user(UserName=f"user-{i}")
        iam.create_access_key(UserName=f"user-{i}")
    times(n(300), user)
    made["aws_iam_user"] += n(300)
    made["aws_iam_access_key"] += n(300)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="bench-lambda", AssumeRolePolicyDocument=trust)
    made["aws_iam_role"] += 1
    return role["Role"]["Arn"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--regions", default="us-east-1,eu-west-1,ap-southeast-2,us-west-2")
    p.add_argument("--scale", type=float, default=1.0)
    a = p.parse_args()

    def n(count):
        return max(1, int(count * a.scale))

    role = seed_global(a.endpoint, n)
    for region in a.regions.split(","):
        for label, fn in [("ec2", seed_ec2), ("logs", seed_logs), ("messaging", seed_messaging),
                          ("keys", seed_keys), ("dynamodb", seed_tables), ("rds", seed_rds)]:
            guarded(f"{label} {region}", lambda: fn(region, a.endpoint, n))
        guarded(f"lambda {region}", lambda: seed_lambda(region, a.endpoint, n, role))
    made["total"] = sum(v for k, v in made.items() if k != "total")
    print(json.dumps(dict(made), sort_keys=True))


if __name__ == "__main__":
    main()
