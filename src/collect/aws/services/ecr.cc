#include "collect/aws/services/ecr.h"

#include <optional>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;
using namespace fields;

// The lifecycle policy text as a JSON object; nothing when there is none
// (LifecyclePolicyNotFoundException) or it cannot be read.
std::optional<std::string> lifecycle_policy(AccountContext& ctx, const std::string& region,
                                            element repo) {
  std::string name(json_string(repo, "repositoryName"));
  std::string members = "\"repositoryName\":" + json::quote(name);
  if (auto registry = json_string(repo, "registryId"); !registry.empty())
    members += ",\"registryId\":" + json::quote(registry);
  JsonReply r = json_call(ctx.client, services::kEcr, region, "GetLifecyclePolicy", members);
  if (!r.ok) {
    if (r.error.code != "LifecyclePolicyNotFoundException" &&
        r.error.code != "RepositoryNotFoundException")
      ctx.warn("ecr " + region + " GetLifecyclePolicy " + name, r.error);
    return std::nullopt;
  }
  simdjson::dom::parser parser;
  element policy;
  if (parser.parse(std::string(json_string(r.root, "lifecyclePolicyText"))).get(policy) !=
          SUCCESS ||
      !policy.is_object())
    return std::nullopt;
  return simdjson::minify(policy);
}

// Private and public repositories share the kind; public ones have no scan,
// encryption or lifecycle settings.
void repository(AccountContext& ctx, const std::string& region, const std::string& parent,
                element repo, std::string_view visibility,
                const std::optional<std::string>& policy) {
  std::string arn(json_string(repo, "repositoryArn"));
  std::string name(json_string(repo, "repositoryName"));
  JsonBuilder b;
  b.str("kind", "aws_ecr_repository").str("id", name).str("name", name).str_if("arn", arn);
  epoch_time(b, "ctime", repo, "createdAt");
  text(b, "repository_arn", repo, "repositoryArn");
  text(b, "registry_id", repo, "registryId");
  text(b, "repository_uri", repo, "repositoryUri");
  text(b, "image_tag_mutability", repo, "imageTagMutability");
  element scanning;
  if (repo["imageScanningConfiguration"].get(scanning) == SUCCESS)
    flag(b, "image_scan_on_push", scanning, "scanOnPush");
  std::string_view key;
  object(b, "encryption_configuration", repo, "encryptionConfiguration", [&](element e) {
    key = json_string(e, "kmsKey");
    text(b, "encryption_type", e, "encryptionType");
    text(b, "kms_key", e, "kmsKey");
  });
  b.str("repository_visibility", visibility);
  if (policy) b.raw("lifecycle_policy", *policy);

  std::string node = ctx.id("ecr_repository", arn.empty() ? region + "/" + name : arn);
  ctx.out.node(node, "aws_ecr_repository", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(parent, node);
  kms_key_edges(ctx, region, node, key);
}

// Every page of DescribeRepositories, each repository to `each` a page at a time.
template <class Each>
void describe_repositories(AccountContext& ctx, const Service& service, const std::string& region,
                           Each each) {
  auto st = json_pages(ctx.client, service, region, "DescribeRepositories", "\"maxResults\":1000",
                       "nextToken", "nextToken",
                       each_listed<element>(
                           ctx,
                           [](const JsonReply& page, std::vector<element>& repos) {
                             for (element r : list(page.root, "repositories")) repos.push_back(r);
                           },
                           each));
  if (!st.ok)
    ctx.warn(std::string(service.name) + " " + region + " DescribeRepositories", st.error);
}

}  // namespace

void collect_ecr(AccountContext& ctx, const std::string& region) {
  describe_repositories(ctx, services::kEcr, region, [&](element repo) {
    repository(ctx, region, ctx.region_node(region), repo, "private",
               lifecycle_policy(ctx, region, repo));
  });
}

void collect_ecr_public(AccountContext& ctx, const std::string& region) {
  describe_repositories(ctx, services::kEcrPublic, region, [&](element repo) {
    repository(ctx, region, ctx.global_node(), repo, "public", std::nullopt);
  });
}

}  // namespace canopy::aws
