#include "collect/aws/services/s3.h"

#include <pugixml.hpp>

#include <string_view>
#include <vector>

#include "collect/aws/auth/sigv4.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/json_builder.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;

struct Bucket {
  std::string name, creation_date, region;  // region: where its own calls go
  bool gone = false;                        // deleted since ListBuckets
};

const char* v(pugi::xml_node n, const char* name) {
  return n.child_value(name);
}
bool flag(pugi::xml_node n, const char* name) {
  return std::string_view(v(n, name)) == "true";
}

std::string part(const std::string& region, std::string_view op, std::string_view item = {}) {
  return call_part("s3", region, op, item);
}

// --- account settings (S3 Control) -----------------------------------------------------------

void access_block(JsonBuilder& b, pugi::xml_node n) {
  b.begin_object("bucket_public_access_block_configuration")
      .boolean("block_public_acls", flag(n, "BlockPublicAcls"))
      .boolean("ignore_public_acls", flag(n, "IgnorePublicAcls"))
      .boolean("block_public_policy", flag(n, "BlockPublicPolicy"))
      .boolean("restrict_public_buckets", flag(n, "RestrictPublicBuckets"))
      .end_object();
}

// GetPublicAccessBlock of S3 Control; without an account-level block all four
// settings are false (spec §3.6). The answer's root is the configuration.
void account_settings(AccountContext& ctx, const std::string& region) {
  // AWS addresses S3 Control as <account>.s3-control.<region>.amazonaws.com
  // (the model's host prefix); an endpoint URL replaces the whole host.
  Service control = services::kS3Control;
  std::string prefix = ctx.account_id + ".s3-control";
  control.endpoint_prefix = prefix;
  XmlReply r = rest_xml_call(ctx.client, control, region, "GetPublicAccessBlock", "GET",
                             "/v20180820/configuration/publicAccessBlock", "", "",
                             {{"x-amz-account-id", ctx.account_id}});
  // An empty answer reads as no XML too (it used to be parsed here).
  if (r.ok ? !r.result : r.error.code == "MalformedResponse") {
    ctx.warnings.add("s3control " + region + " GetPublicAccessBlock", "the answer is no XML");
    return;
  }
  pugi::xml_node config = r.result;
  if (config.child("PublicAccessBlockConfiguration"))
    config = config.child("PublicAccessBlockConfiguration");
  if (!r.ok && r.error.code != "NoSuchPublicAccessBlockConfiguration") {
    ctx.warn("s3control " + region + " GetPublicAccessBlock", r.error);
    return;
  }
  JsonBuilder b;
  b.str("kind", "aws_s3_account_settings").str("id", ctx.account_id).str("name", ctx.account_id);
  access_block(b, config);  // an empty node reads as four times false
  std::string node = ctx.id("s3_account_settings", ctx.account_id);
  ctx.out.node(node, "aws_s3_account_settings", b.take());
  ctx.out.edge(ctx.account_node(), node);
  ctx.out.edge(ctx.global_node(), node);
}

// --- buckets -----------------------------------------------------------------------------------

std::string bucket_path(const Bucket& b) {
  return "/" + uri_encode(b.name, true);
}

// Calls for a bucket go to its own region: S3 answers a request signed for
// another region with a redirect. ListBuckets names the region in newer
// answers; otherwise GetBucketLocation ("" is us-east-1, "EU" eu-west-1).
void find_region(AccountContext& ctx, const std::string& global, Bucket& b) {
  if (!b.region.empty()) return;
  b.region = global;
  XmlReply r = rest_xml_call(ctx.client, services::kS3, global, "GetBucketLocation", "GET",
                             bucket_path(b), "location");
  if (!r.ok) {
    b.gone = r.error.code == "NoSuchBucket";
    if (!b.gone) ctx.warn(part(global, "GetBucketLocation", b.name), r.error);
    return;
  }
  std::string_view location = r.result.child_value();
  if (location == "EU")
    b.region = "eu-west-1";
  else if (!location.empty())
    b.region = location;
}

// One GET on a bucket sub-resource. `expected` means nothing is configured
// and is no warning; NoSuchBucket means the bucket went away meanwhile.
XmlReply bucket_get(AccountContext& ctx, Bucket& b, const char* op, const char* sub,
                    std::string_view expected = {}) {
  XmlReply r = rest_xml_call(ctx.client, services::kS3, b.region, op, "GET", bucket_path(b), sub);
  if (!r.ok && r.error.code == "NoSuchBucket")
    b.gone = true;
  else if (!r.ok && r.error.code != expected)
    ctx.warn(part(b.region, op, b.name), r.error);
  return r;
}

bool nothing(const XmlReply& r, std::string_view expected) {
  return !r.ok && r.error.code == expected;
}

void tags(AccountContext& ctx, Bucket& bucket, JsonBuilder& b) {
  XmlReply r = bucket_get(ctx, bucket, "GetBucketTagging", "tagging", "NoSuchTagSet");
  if (!r.ok && !nothing(r, "NoSuchTagSet")) return;
  b.begin_object("tags");
  if (r.ok)
    for (auto t : r.result.child("TagSet").children("Tag")) b.str(v(t, "Key"), v(t, "Value"));
  b.end_object();
}

void encryption(AccountContext& ctx, Bucket& bucket, JsonBuilder& b) {
  const char* none = "ServerSideEncryptionConfigurationNotFoundError";
  XmlReply r = bucket_get(ctx, bucket, "GetBucketEncryption", "encryption", none);
  if (!r.ok && !nothing(r, none)) return;  // unknown: no value rather than "no rules"
  b.begin_array("bucket_encryption_rules");
  if (r.ok)
    for (auto rule : r.result.children("Rule")) {
      pugi::xml_node d = rule.child("ApplyServerSideEncryptionByDefault");
      b.begin_object()
          .str_if("sse_algorithm", v(d, "SSEAlgorithm"))
          .str_if("kms_master_key_id", v(d, "KMSMasterKeyID"));
      if (*v(rule, "BucketKeyEnabled"))
        b.boolean("bucket_key_enabled", flag(rule, "BucketKeyEnabled"));
      b.end_object();
    }
  b.end_array();
}

// GetBucketPolicy answers with the policy JSON itself, not XML.
void policy(AccountContext& ctx, Bucket& bucket, JsonBuilder& b) {
  Reply r = rest_raw_call(ctx.client, services::kS3, bucket.region, "GetBucketPolicy",
                          bucket_path(bucket), "policy");
  if (!r.ok) {
    if (r.error.code == "NoSuchBucket")
      bucket.gone = true;
    else if (r.error.code != "NoSuchBucketPolicy")
      ctx.warn(part(bucket.region, "GetBucketPolicy", bucket.name), r.error);
    return;
  }
  if (auto doc = fields::policy_json(r.response.body))
    b.raw("bucket_policy", *doc);
  else
    ctx.warnings.add(part(bucket.region, "GetBucketPolicy", bucket.name),
                     "the policy is no JSON object");
}

// Both false when versioning was never configured (an empty answer).
void versioning(AccountContext& ctx, Bucket& bucket, JsonBuilder& b) {
  XmlReply r = bucket_get(ctx, bucket, "GetBucketVersioning", "versioning");
  if (!r.ok) return;
  b.boolean("bucket_versioning", std::string_view(v(r.result, "Status")) == "Enabled");
  b.boolean("bucket_mfa_delete", std::string_view(v(r.result, "MfaDelete")) == "Enabled");
}

void public_access_block(AccountContext& ctx, Bucket& bucket, JsonBuilder& b) {
  XmlReply r = bucket_get(ctx, bucket, "GetPublicAccessBlock", "publicAccessBlock",
                          "NoSuchPublicAccessBlockConfiguration");
  if (r.ok) access_block(b, r.result);  // null without a bucket-level block
}

void grantee(JsonBuilder& b, pugi::xml_node g) {
  b.begin_object("grantee")
      .str_if("type", g.attribute("xsi:type").value())
      .str_if("uri", v(g, "URI"))
      .str_if("id", v(g, "ID"))
      .str_if("display_name", v(g, "DisplayName"))
      .str_if("email_address", v(g, "EmailAddress"))
      .end_object();
}

void grants(JsonBuilder& b, std::string_view key, pugi::xml_node list) {
  b.begin_array(key);
  for (auto g : list.children("Grant")) {
    b.begin_object();
    grantee(b, g.child("Grantee"));
    b.str_if("permission", v(g, "Permission")).end_object();
  }
  b.end_array();
}

void acl(AccountContext& ctx, Bucket& bucket, JsonBuilder& b) {
  XmlReply r = bucket_get(ctx, bucket, "GetBucketAcl", "acl");
  if (!r.ok) return;
  pugi::xml_node owner = r.result.child("Owner");
  b.begin_object("bucket_acl");
  b.begin_object("owner")
      .str_if("id", v(owner, "ID"))
      .str_if("display_name", v(owner, "DisplayName"))
      .end_object();
  grants(b, "grants", r.result.child("AccessControlList"));
  b.end_object();
}

// Only when logging is enabled; null otherwise (checks test target_bucket).
void logging(AccountContext& ctx, Bucket& bucket, JsonBuilder& b) {
  XmlReply r = bucket_get(ctx, bucket, "GetBucketLogging", "logging");
  pugi::xml_node on = r.ok ? r.result.child("LoggingEnabled") : pugi::xml_node();
  if (!on) return;
  b.begin_object("bucket_logging")
      .str_if("target_bucket", v(on, "TargetBucket"))
      .str_if("target_prefix", v(on, "TargetPrefix"));
  grants(b, "target_grants", on.child("TargetGrants"));
  b.end_object();
}

void bucket(AccountContext& ctx, const std::string& global, Bucket& bucket) {
  find_region(ctx, global, bucket);
  if (bucket.gone) return;
  JsonBuilder b;
  std::string arn = "arn:" + ctx.partition + ":s3:::" + bucket.name;
  b.str("kind", "aws_s3_bucket").str("id", bucket.name).str("name", bucket.name).str("arn", arn);
  b.time("ctime", bucket.creation_date);
  tags(ctx, bucket, b);
  encryption(ctx, bucket, b);
  policy(ctx, bucket, b);
  versioning(ctx, bucket, b);
  public_access_block(ctx, bucket, b);
  acl(ctx, bucket, b);
  logging(ctx, bucket, b);
  if (bucket.gone) return;  // no node for a bucket that no longer exists
  std::string node = ctx.id("s3_bucket", bucket.name);
  ctx.out.node(node, "aws_s3_bucket", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.global_node(), node);  // every bucket, whatever its region
}

}  // namespace

void collect_s3(AccountContext& ctx, const std::string& region) {
  account_settings(ctx, region);
  CallStatus st = rest_xml_pages(
      ctx.client, services::kS3, region, "ListBuckets", "/", "max-buckets=1000",
      [](const XmlReply& page) {
        return query_param("continuation-token", v(page.result, "ContinuationToken"));
      },
      each_listed<Bucket>(
          ctx,
          [](const XmlReply& page, std::vector<Bucket>& buckets) {
            for (auto n : page.result.child("Buckets").children("Bucket"))
              buckets.push_back({v(n, "Name"), v(n, "CreationDate"), v(n, "BucketRegion")});
          },
          [&](Bucket& b) { bucket(ctx, region, b); }));
  if (!st.ok) ctx.warn(part(region, "ListBuckets"), st.error);
}

}  // namespace canopy::aws
