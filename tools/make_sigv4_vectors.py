#!/usr/bin/env python3
"""Writes tests/collect/data/sigv4_vectors.json: requests signed by botocore.

Each case is signed with botocore's SigV4Auth (S3SigV4Auth when "s3" is set)
at a fixed time with fixed example credentials, and the file records the
input request and the headers botocore produced. src/collect/aws/auth/
sigv4_test.cc checks that our signer reproduces them exactly.

Usage (needs botocore, e.g. the pyenv Python):
    python3 tools/make_sigv4_vectors.py           # rewrite the file
    python3 tools/make_sigv4_vectors.py --check   # exit 1 if it is stale

The credentials are AWS's published documentation examples, not real keys.
The clock is pinned by replacing botocore.auth.get_current_datetime; every
case is signed twice and its X-Amz-Date is compared with the requested time,
so a botocore that reads the clock some other way fails here instead of
writing vectors that depend on when the script ran.
"""

import argparse
import datetime
import json
import pathlib
import sys
import types
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests/collect/data/sigv4_vectors.json"

CREDS = {
    "basic": {
        "access_key_id": "AKIDEXAMPLE",
        "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "session_token": "",
    },
    "session": {
        "access_key_id": "ASIAEXAMPLEEXAMPLE12",
        "secret_access_key": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "session_token": "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJGMEQCIEXAMPLE"
        "+TOKEN/with/slashes+and+plus==",
    },
}

T_2015 = 1440938160  # 2015-08-30T12:36:00Z, the date of AWS's documented examples
T_2024 = 1717243200  # 2024-06-01T12:00:00Z
T_NYE = 1704067199  # 2023-12-31T23:59:59Z: the scope date is the UTC date

FORM = "application/x-www-form-urlencoded; charset=utf-8"


def query(pairs, extra=""):
    """An encoded query string as botocore builds one, plus raw `extra` parts."""
    q = percent_encode_sequence(pairs)
    return q + extra


def case(name, method, url, *, region="us-east-1", service, headers=(), body="", s3=False,
         unsigned_payload=False, creds="basic", time=T_2024):
    return {
        "name": name,
        "method": method,
        "url": url,
        "headers": [list(h) for h in headers],
        "body": body,
        "region": region,
        "service": service,
        "s3": s3,
        "unsigned_payload": unsigned_payload,
        "creds": creds,
        "time": time,
    }


SPECIAL_QUERY = query(
    [
        ("zeta", "last"),
        ("Space Key", "a value with spaces"),
        ("plus", "1+1=2"),
        ("slash", "a/b/c"),
        ("tilde~star*", "~*"),
        ("unicode", "caf\u00e9 \u2603 \U0001F600"),
        ("dup", "b"),
        ("dup", "a"),
        ("dup", "A"),
        ("Upper", "x"),
        ("empty", ""),
        ("reserved", "!#$&'()*+,;=:@[]?%"),
    ],
    extra="&flag&another",
)

CASES = [
    case("get_vanilla", "GET", "https://example.amazonaws.com/", service="service", time=T_2015),
    case("iam_list_users_form_post", "POST", "https://iam.amazonaws.com/", service="iam",
         headers=[("Content-Type", FORM)], body="Action=ListUsers&Version=2010-05-08"),
    case("sts_get_caller_identity", "POST", "https://sts.amazonaws.com/", service="sts",
         headers=[("Content-Type", FORM)], body="Action=GetCallerIdentity&Version=2011-06-15"),
    case("sts_get_caller_identity_session_token", "POST", "https://sts.eu-west-1.amazonaws.com/",
         region="eu-west-1", service="sts", creds="session",
         headers=[("Content-Type", FORM)], body="Action=GetCallerIdentity&Version=2011-06-15"),
    case("ec2_describe_instances_post", "POST", "https://ec2.eu-central-1.amazonaws.com/",
         region="eu-central-1", service="ec2", headers=[("Content-Type", FORM)],
         body=query([("Action", "DescribeInstances"), ("Version", "2016-11-15"),
                     ("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "web server*")])),
    case("get_query_special_characters", "GET",
         "https://example.us-east-1.amazonaws.com/list?" + SPECIAL_QUERY, service="example"),
    case("lambda_path_with_encoded_space", "GET",
         "https://lambda.us-west-2.amazonaws.com/2015-03-31/functions/my%20fn/policy",
         region="us-west-2", service="lambda"),
    case("non_s3_path_special_characters", "GET",
         "https://apigateway.us-east-1.amazonaws.com/restapis/a%2Fb/x~y/c%3Ad%40e/caf%C3%A9",
         service="apigateway"),
    case("non_s3_path_dot_segments_and_double_slashes", "GET",
         "https://example.us-east-1.amazonaws.com/a/./b/../c//d/", service="example"),
    case("s3_get_object_special_path", "GET",
         "https://my-bucket.s3.us-east-1.amazonaws.com/dir/sub%20dir/file~name%2Bplus%3D.txt",
         service="s3", s3=True),
    case("s3_path_dot_segments_kept", "GET",
         "https://my-bucket.s3.us-east-1.amazonaws.com/a/./b/../c//d", service="s3", s3=True),
    case("s3_get_bucket_acl", "GET", "https://my-bucket.s3.amazonaws.com/?acl",
         service="s3", s3=True),
    case("s3_get_bucket_location", "GET", "https://my-bucket.s3.amazonaws.com/?location",
         service="s3", s3=True),
    case("s3_list_objects_v2", "GET",
         "https://my-bucket.s3.eu-west-1.amazonaws.com/?" +
         query([("list-type", "2"), ("prefix", "logs/2024 06/"), ("max-keys", "1000"),
                ("continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")]),
         region="eu-west-1", service="s3", s3=True),
    case("s3_put_object_with_body", "PUT",
         "https://my-bucket.s3.us-east-1.amazonaws.com/notes/hello.txt", service="s3", s3=True,
         headers=[("Content-Type", "text/plain"), ("X-Amz-Meta-Author", "canopy")],
         body="Hello, S3!\nSecond line with unicode: \u00e9\u00e8\n"),
    case("s3_put_unsigned_payload", "PUT",
         "https://my-bucket.s3.us-east-1.amazonaws.com/big.bin", service="s3", s3=True,
         unsigned_payload=True, body="payload that is not hashed"),
    case("s3_session_token", "GET", "https://my-bucket.s3.us-west-2.amazonaws.com/?versioning",
         region="us-west-2", service="s3", s3=True, creds="session"),
    case("json11_post_with_target", "POST", "https://kms.us-east-1.amazonaws.com/",
         service="kms",
         headers=[("X-Amz-Target", "TrentService.ListKeys"),
                  ("Content-Type", "application/x-amz-json-1.1")],
         body='{"Limit": 100}'),
    case("json10_post_unsigned_payload", "POST", "https://dynamodb.us-east-1.amazonaws.com/",
         service="dynamodb", unsigned_payload=True,
         headers=[("X-Amz-Target", "DynamoDB_20120810.ListTables"),
                  ("Content-Type", "application/x-amz-json-1.0")],
         body="{}"),
    case("headers_with_extra_spaces_and_unsigned_names", "POST",
         "https://logs.ap-southeast-2.amazonaws.com/", region="ap-southeast-2", service="logs",
         headers=[("X-Amz-Target", "Logs_20140328.DescribeLogGroups"),
                  ("Content-Type", "  application/x-amz-json-1.1  "),
                  ("My-Header1", "    a   b   c  "),
                  ("My-Header2", '  "a   b   c"  '),
                  ("X-Tabs", "\tone\t\ttwo \t three\t"),
                  ("X-Repeated", "first"),
                  ("x-repeated", "  second  value "),
                  ("X-Empty", ""),
                  ("User-Agent", "canopy/0.1"),
                  ("Expect", "100-continue"),
                  ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"),
                  ("Connection", "keep-alive")],
         body='{"limit": 5}'),
    case("local_endpoint_non_default_port", "POST", "http://127.0.0.1:5000/", service="iam",
         headers=[("Content-Type", FORM)], body="Action=ListRoles&Version=2010-05-08"),
    case("local_s3_endpoint_non_default_port", "GET", "http://localhost:4566/my-bucket?acl",
         service="s3", s3=True),
    case("explicit_default_port_and_upper_case_host", "GET",
         "https://EC2.US-EAST-1.AmazonAWS.com:443/?Action=DescribeRegions&Version=2016-11-15",
         service="ec2"),
    case("http_port_443_is_not_default", "GET", "http://example.com:443/", service="example"),
    case("ipv6_endpoint", "GET", "http://[::1]:8080/path", service="example"),
    case("explicit_host_header", "GET", "https://10.0.0.1/", service="sts",
         headers=[("Host", "sts.amazonaws.com")]),
    case("resign_replaces_previous_headers", "POST", "https://sts.amazonaws.com/",
         service="sts", creds="session", time=T_NYE,
         headers=[("Content-Type", FORM),
                  ("X-Amz-Date", "20200101T000000Z"),
                  ("Authorization", "AWS4-HMAC-SHA256 Credential=OLD/20200101/us-east-1/sts/"
                   "aws4_request, SignedHeaders=host, Signature=00"),
                  ("X-Amz-Security-Token", "stale-token")],
         body="Action=GetCallerIdentity&Version=2011-06-15"),
    case("lower_case_method", "get", "https://example.amazonaws.com/?b=2&a=1",
         service="service", time=T_2015),
]


def sign(c):
    creds = CREDS[c["creds"]]
    fixed = datetime.datetime.fromtimestamp(c["time"], datetime.timezone.utc).replace(tzinfo=None)
    request = AWSRequest(method=c["method"], url=c["url"], data=c["body"].encode("utf-8"))
    for name, value in c["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names stay repeated
    if c["unsigned_payload"]:
        if c["s3"]:
            request.context["client_config"] = types.SimpleNamespace(
                s3={"payload_signing_enabled": False})
        else:
            request.context["payload_signing_enabled"] = False
    signer_cls = botocore.auth.S3SigV4Auth if c["s3"] else botocore.auth.SigV4Auth
    signer = signer_cls(
        Credentials(creds["access_key_id"], creds["secret_access_key"],
                    creds["session_token"] or None),
        c["service"], c["region"])
    seen = {}
    original = signer.canonical_request

    def recording_canonical_request(req):
        seen["canonical_request"] = original(req)
        return seen["canonical_request"]

    signer.canonical_request = recording_canonical_request
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=fixed):
        signer.add_auth(request)
    if request.headers["X-Amz-Date"] != fixed.strftime("%Y%m%dT%H%M%SZ"):
        sys.exit(f"{c['name']}: botocore did not use the pinned clock")
    headers = [[k, v] for k, v in request.headers.items()]
    return headers, seen["canonical_request"]


def build():
    cases = []
    for c in CASES:
        headers, canonical = sign(c)
        again, _ = sign(c)
        if headers != again:
            sys.exit(f"{c['name']}: signing is not repeatable")

        def get(name):
            values = [v for k, v in headers if k.lower() == name]
            return values[0] if values else None

        expected = {
            "authorization": get("authorization"),
            "x-amz-date": get("x-amz-date"),
            "x-amz-content-sha256": get("x-amz-content-sha256"),
            "x-amz-security-token": get("x-amz-security-token"),
            "headers": headers,
            "canonical_request": canonical,
        }
        cases.append({**c, "expected": expected})
    return {
        "generator": "tools/make_sigv4_vectors.py",
        "botocore_version": botocore.__version__,
        "credentials": CREDS,
        "cases": cases,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if args.check:
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        # The recorded botocore version may differ; everything else must not.
        def strip(t):
            return [line for line in t.splitlines() if '"botocore_version"' not in line]

        if strip(old) != strip(text):
            print(f"{OUT} is stale; rerun {sys.argv[0]}", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
