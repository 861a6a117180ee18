#!/usr/bin/env python3
"""Seeds a local moto server with an IAM scenario and prints the expected facts.

Usage (pyenv python3, which has boto3 and moto):

    MOTO_URL=http://127.0.0.1:PORT python3 tests/e2e/seed_iam.py [--reset]
    python3 tests/e2e/seed_iam.py --endpoint http://127.0.0.1:PORT
    python3 tests/e2e/seed_iam.py --endpoint URL --users 2000 --keys-per-user 2 --roles 500

Scenario mode (the default) creates the account below and prints ONE JSON object on
stdout with the facts a test compares canopy's answers against. Every fact is read back
from moto after seeding (ids, ARNs, dates, key statuses, last-used dates), so nothing in
the output is hard-coded; the two touchstone answers are computed from that data.

  * account password policy: length 14, all four character classes, max age 90, reuse 24
  * alice: two Active keys (key 1 used once for sts:GetCallerIdentity, so it has a last-used
    date), login profile, inline policy AllowAll (*:*), member of group admins
  * bob:   login profile, one Active key that is never used
  * carol: nothing
  * dave:  login profile, two keys: key 1 Active, key 2 Inactive
  * erin:  virtual MFA device enabled, customer managed policy ReadOnlyCustom attached
  * group admins: inline policy AdminsInline, customer managed AdminsCustom attached (and the
    AWS managed AdministratorAccess too when the server loaded the AWS managed policies)
  * role app-role (trusts ec2.amazonaws.com): inline policy AppInline, DeployPolicy attached,
    in instance profile app-profile
  * role support-role (trusts support.amazonaws.com, path /aws-service-role/support.amazonaws.com/)
  * customer managed policy DeployPolicy with two versions, v2 the default
  * server certificate canopy-test-cert (self-signed, made with `openssl req`), skipped with a
    note in "notes" when openssl is missing or the server rejects it

Bulk mode (--users/--keys-per-user/--roles) creates bulk-user-NNNNN users with K keys each
and bulk-role-NNNN roles using a thread pool, and prints only counts and the elapsed time.

Only loopback endpoints are accepted.
"""

import argparse
import concurrent.futures
import datetime
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"

ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def trust(service):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": "sts:AssumeRole",
            }
        ],
    }


def doc(actions, resource="*"):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}],
        }
    )


def check_loopback(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"seed_iam.py: refusing non-loopback endpoint {url!r}")


def iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def make_client(service, endpoint, key="testing", secret="testing", pool=10):
    config = botocore.config.Config(
        region_name=REGION,
        retries={"max_attempts": 5, "mode": "standard"},
        max_pool_connections=pool,
        connect_timeout=10,
        read_timeout=120,
    )
    return boto3.session.Session().client(
        service,
        endpoint_url=endpoint,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        region_name=REGION,
        config=config,
    )


def reset(endpoint):
    req = urllib.request.Request(endpoint.rstrip("/") + "/moto-api/reset", data=b"", method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()


def self_signed_pem(notes):
    openssl = shutil.which("openssl")
    if not openssl:
        notes.append("server certificate skipped: openssl not found")
        return None
    with tempfile.TemporaryDirectory(prefix="canopy-cert-") as tmp:
        key_path = os.path.join(tmp, "key.pem")
        cert_path = os.path.join(tmp, "cert.pem")
        proc = subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365",
             "-subj", "/CN=canopy.test", "-keyout", key_path, "-out", cert_path],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        if proc.returncode != 0:
            notes.append("server certificate skipped: openssl failed: " + proc.stderr.strip())
            return None
        with open(cert_path) as f:
            cert = f.read()
        with open(key_path) as f:
            key = f.read()
        return cert, key


def list_all(client, op, key, **kwargs):
    """Every item of a paginated IAM list call."""
    out = []
    for page in client.get_paginator(op).paginate(**kwargs):
        out.extend(page[key])
    return out


# --------------------------------------------------------------------------- scenario


def seed_scenario(endpoint):
    iam = make_client("iam", endpoint)
    notes = []

    iam.update_account_password_policy(
        MinimumPasswordLength=14,
        RequireSymbols=True,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
        MaxPasswordAge=90,
        PasswordReusePrevention=24,
    )

    for name in ("alice", "bob", "carol", "dave", "erin"):
        iam.create_user(UserName=name)

    # Customer managed policies.
    read_only = iam.create_policy(
        PolicyName="ReadOnlyCustom",
        PolicyDocument=doc(["ec2:Describe*", "iam:Get*", "iam:List*", "s3:List*"]),
        Description="read-only access for e2e tests",
    )["Policy"]
    deploy = iam.create_policy(
        PolicyName="DeployPolicy", PolicyDocument=doc(["s3:GetObject"], "arn:aws:s3:::deploy/*")
    )["Policy"]
    iam.create_policy_version(
        PolicyArn=deploy["Arn"],
        PolicyDocument=doc(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::deploy/*"),
        SetAsDefault=True,
    )
    admins_custom = iam.create_policy(
        PolicyName="AdminsCustom", PolicyDocument=json.dumps(ALLOW_ALL)
    )["Policy"]

    # Group admins.
    iam.create_group(GroupName="admins")
    iam.put_group_policy(
        GroupName="admins", PolicyName="AdminsInline", PolicyDocument=doc(["iam:*"])
    )
    iam.attach_group_policy(GroupName="admins", PolicyArn=admins_custom["Arn"])
    try:
        iam.attach_group_policy(
            GroupName="admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"
        )
    except botocore.exceptions.ClientError:
        notes.append(
            "AWS managed policies not loaded (MOTO_IAM_LOAD_MANAGED_POLICIES unset): "
            "admins has only AdminsCustom attached"
        )

    # alice.
    alice_keys = [iam.create_access_key(UserName="alice")["AccessKey"] for _ in range(2)]
    iam.create_login_profile(UserName="alice", Password="Alice-Passw0rd!-e2e")
    iam.put_user_policy(UserName="alice", PolicyName="AllowAll", PolicyDocument=json.dumps(ALLOW_ALL))
    iam.add_user_to_group(GroupName="admins", UserName="alice")
    sts = make_client(
        "sts", endpoint, alice_keys[0]["AccessKeyId"], alice_keys[0]["SecretAccessKey"]
    )
    who = sts.get_caller_identity()
    if not who["Arn"].endswith(":user/alice"):
        notes.append(f"sts get_caller_identity with alice's key 1 returned {who['Arn']}")

    # bob.
    iam.create_login_profile(UserName="bob", Password="Bob-Passw0rd!-e2e")
    iam.create_access_key(UserName="bob")

    # dave.
    iam.create_login_profile(UserName="dave", Password="Dave-Passw0rd!-e2e")
    dave_keys = [iam.create_access_key(UserName="dave")["AccessKey"] for _ in range(2)]
    iam.update_access_key(
        UserName="dave", AccessKeyId=dave_keys[1]["AccessKeyId"], Status="Inactive"
    )

    # erin.
    mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="erin-mfa")["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName="erin",
        SerialNumber=mfa["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    iam.attach_user_policy(UserName="erin", PolicyArn=read_only["Arn"])

    # Roles and the instance profile.
    iam.create_role(
        RoleName="app-role",
        AssumeRolePolicyDocument=json.dumps(trust("ec2.amazonaws.com")),
        Description="application role for e2e tests",
    )
    iam.put_role_policy(RoleName="app-role", PolicyName="AppInline", PolicyDocument=doc(["sqs:*"]))
    iam.attach_role_policy(RoleName="app-role", PolicyArn=deploy["Arn"])
    iam.create_role(
        RoleName="support-role",
        Path="/aws-service-role/support.amazonaws.com/",
        AssumeRolePolicyDocument=json.dumps(trust("support.amazonaws.com")),
    )
    iam.create_instance_profile(InstanceProfileName="app-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app-role")

    # Server certificate.
    pem = self_signed_pem(notes)
    if pem:
        try:
            iam.upload_server_certificate(
                ServerCertificateName="canopy-test-cert", CertificateBody=pem[0], PrivateKey=pem[1]
            )
        except botocore.exceptions.ClientError as e:
            notes.append(f"server certificate skipped: {e}")

    return facts(iam, notes)


def facts(iam, notes):
    """Reads everything back from moto and derives the expected answers."""
    out = {"account_id": ACCOUNT_ID, "region": REGION}
    out["password_policy"] = iam.get_account_password_policy()["PasswordPolicy"]

    users = {}
    for u in list_all(iam, "list_users", "Users"):
        name = u["UserName"]
        keys = []
        for k in list_all(iam, "list_access_keys", "AccessKeyMetadata", UserName=name):
            last = iam.get_access_key_last_used(AccessKeyId=k["AccessKeyId"])["AccessKeyLastUsed"]
            keys.append(
                {
                    "id": k["AccessKeyId"],
                    "status": k["Status"],
                    "create_date": iso(k["CreateDate"]),
                    "used": "LastUsedDate" in last,
                    "last_used_date": iso(last.get("LastUsedDate")),
                    "last_used_service": last.get("ServiceName"),
                    "last_used_region": last.get("Region"),
                }
            )
        try:
            iam.get_login_profile(UserName=name)
            password_enabled = True
        except iam.exceptions.NoSuchEntityException:
            password_enabled = False
        users[name] = {
            "user_id": u["UserId"],
            "arn": u["Arn"],
            "path": u["Path"],
            "create_date": iso(u["CreateDate"]),
            "password_enabled": password_enabled,
            "access_keys": keys,
            "mfa_devices": [
                d["SerialNumber"]
                for d in list_all(iam, "list_mfa_devices", "MFADevices", UserName=name)
            ],
            "groups": sorted(
                g["GroupName"] for g in list_all(iam, "list_groups_for_user", "Groups", UserName=name)
            ),
            "inline_policies": sorted(
                list_all(iam, "list_user_policies", "PolicyNames", UserName=name)
            ),
            "attached_policies": sorted(
                p["PolicyArn"]
                for p in list_all(
                    iam, "list_attached_user_policies", "AttachedPolicies", UserName=name
                )
            ),
        }
    out["users"] = users

    groups = {}
    for g in list_all(iam, "list_groups", "Groups"):
        name = g["GroupName"]
        groups[name] = {
            "group_id": g["GroupId"],
            "arn": g["Arn"],
            "members": sorted(u["UserName"] for u in iam.get_group(GroupName=name)["Users"]),
            "inline_policies": sorted(
                list_all(iam, "list_group_policies", "PolicyNames", GroupName=name)
            ),
            "attached_policies": sorted(
                p["PolicyArn"]
                for p in list_all(
                    iam, "list_attached_group_policies", "AttachedPolicies", GroupName=name
                )
            ),
        }
    out["groups"] = groups

    roles = {}
    for r in list_all(iam, "list_roles", "Roles"):
        name = r["RoleName"]
        trust_doc = r["AssumeRolePolicyDocument"]
        if isinstance(trust_doc, str):
            trust_doc = json.loads(urllib.parse.unquote(trust_doc))
        services = []
        for st in trust_doc.get("Statement", []):
            svc = st.get("Principal", {}).get("Service", [])
            services.extend([svc] if isinstance(svc, str) else svc)
        roles[name] = {
            "role_id": r["RoleId"],
            "arn": r["Arn"],
            "path": r["Path"],
            "trusted_services": sorted(services),
            "inline_policies": sorted(
                list_all(iam, "list_role_policies", "PolicyNames", RoleName=name)
            ),
            "attached_policies": sorted(
                p["PolicyArn"]
                for p in list_all(
                    iam, "list_attached_role_policies", "AttachedPolicies", RoleName=name
                )
            ),
            "instance_profiles": sorted(
                p["InstanceProfileName"]
                for p in list_all(
                    iam, "list_instance_profiles_for_role", "InstanceProfiles", RoleName=name
                )
            ),
        }
    out["roles"] = roles

    policies = {}
    for p in list_all(iam, "list_policies", "Policies", Scope="Local"):
        versions = list_all(iam, "list_policy_versions", "Versions", PolicyArn=p["Arn"])
        policies[p["PolicyName"]] = {
            "policy_id": p["PolicyId"],
            "arn": p["Arn"],
            "default_version": p["DefaultVersionId"],
            "versions": sorted(v["VersionId"] for v in versions),
            "attachment_count": p["AttachmentCount"],
        }
    out["policies"] = policies

    out["instance_profiles"] = {
        p["InstanceProfileName"]: {
            "instance_profile_id": p["InstanceProfileId"],
            "arn": p["Arn"],
            "roles": sorted(r["RoleName"] for r in p["Roles"]),
        }
        for p in list_all(iam, "list_instance_profiles", "InstanceProfiles")
    }
    out["server_certificates"] = {
        c["ServerCertificateName"]: {"arn": c["Arn"], "id": c["ServerCertificateId"]}
        for c in list_all(
            iam, "list_server_certificates", "ServerCertificateMetadataList"
        )
    }
    out["virtual_mfa_devices"] = sorted(
        d["SerialNumber"]
        for d in list_all(iam, "list_virtual_mfa_devices", "VirtualMFADevices")
    )

    # Touchstone 1: users with two Active access keys.
    out["two_active_keys_users"] = sorted(
        name
        for name, u in users.items()
        if sum(1 for k in u["access_keys"] if k["status"] == "Active") >= 2
    )
    # Touchstone 2: Active keys never used whose owner has a console password.
    out["active_unused_keys_of_password_users"] = sorted(
        (
            {"user": name, "access_key_id": k["id"]}
            for name, u in users.items()
            if u["password_enabled"]
            for k in u["access_keys"]
            if k["status"] == "Active" and not k["used"]
        ),
        key=lambda e: (e["user"], e["access_key_id"]),
    )
    out["notes"] = notes
    return out


# --------------------------------------------------------------------------- bulk


def seed_bulk(endpoint, n_users, keys_per_user, n_roles, threads):
    if keys_per_user > 2:
        sys.exit("seed_iam.py: IAM (and moto) allow at most 2 access keys per user")
    iam = make_client("iam", endpoint, pool=threads * 2)
    start = time.monotonic()

    def make_user(i):
        name = f"bulk-user-{i:05d}"
        iam.create_user(UserName=name)
        for _ in range(keys_per_user):
            iam.create_access_key(UserName=name)

    def make_role(i):
        iam.create_role(
            RoleName=f"bulk-role-{i:04d}",
            AssumeRolePolicyDocument=json.dumps(trust("ec2.amazonaws.com")),
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        jobs = [pool.submit(make_user, i) for i in range(n_users)]
        jobs += [pool.submit(make_role, i) for i in range(n_roles)]
        for job in jobs:
            job.result()  # re-raises the first failure
    return {
        "users": n_users,
        "access_keys": n_users * keys_per_user,
        "roles": n_roles,
        "seconds": round(time.monotonic() - start, 2),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--endpoint", default=os.environ.get("MOTO_URL"),
                    help="moto URL (default: $MOTO_URL)")
    ap.add_argument("--reset", action="store_true", help="POST /moto-api/reset first")
    ap.add_argument("--users", type=int, help="bulk mode: number of users")
    ap.add_argument("--keys-per-user", type=int, default=2, help="bulk mode: keys per user (<=2)")
    ap.add_argument("--roles", type=int, default=0, help="bulk mode: number of roles")
    ap.add_argument("--threads", type=int, default=8, help="bulk mode: worker threads")
    args = ap.parse_args()
    if not args.endpoint:
        sys.exit("seed_iam.py: give --endpoint or set MOTO_URL")
    check_loopback(args.endpoint)
    # The dummy credentials moto accepts; never anything real.
    for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(var, None)
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    if args.reset:
        reset(args.endpoint)
    if args.users is not None or args.roles:
        result = seed_bulk(args.endpoint, args.users or 0, args.keys_per_user, args.roles,
                           max(1, args.threads))
    else:
        result = seed_scenario(args.endpoint)
    json.dump(result, sys.stdout, indent=2, sort_keys=True, default=iso)
    sys.stdout.write("\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
