// How one service's nodes name another's, so that edges between services
// meet without either waiting for the other (GraphOut resolves them at the
// end; see graph_out.h).
//
//   node ids   ctx.id(tag, resource id) for resources whose id is unique in
//              the account (instance, vpc, subnet, security_group, volume,
//              kms_key by key id, s3_bucket by name, iam_* by their ids);
//              multi-Region KMS keys (mrk-…) by region + "/" + key id, as a
//              replica keeps the key id of its primary;
//              ctx.id(tag, region + "/" + name) for resources known by a
//              name that is only unique within a region (log groups, …).
//   aliases    every node that has an ARN registers it (ctx.out.alias(arn,
//              id)), so an edge may name any resource by its ARN.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "collect/aws/account_context.h"

namespace canopy::aws {

// The key id in a KMS key id or key ARN (arn:…:kms:region:account:key/<id>);
// "" for aliases (alias/…, arn:…:alias/…), which name no key node.
std::string_view kms_key_id(std::string_view id_or_arn);

// Field `n` of an ARN (arn:partition:service:region:account:resource); the
// resource (5) runs to the end; "" when the ARN has fewer fields.
std::string_view arn_field(std::string_view arn, int n);

// The node id of the KMS key that `id_or_arn` names ("" for aliases); a bare
// key id is taken to name a key in `region`, where the reference was read.
std::string kms_key_node(const AccountContext& ctx, std::string_view region,
                         std::string_view id_or_arn);

// A default edge from → to and a delete edge the same way.
void owns_edges(AccountContext& ctx, const std::string& from, const std::string& to);
// A default edge from → to and a delete edge back.
void depends_edges(AccountContext& ctx, const std::string& from, const std::string& to);
// `node` depends on the KMS key `id_or_arn` names (nothing for aliases or "").
void kms_key_edges(AccountContext& ctx, std::string_view region, const std::string& node,
                   std::string_view id_or_arn);
// A resource placed in a VPC: its VPC, subnets and security groups own it.
void vpc_edges(AccountContext& ctx, const std::string& node, std::string_view vpc,
               const std::vector<std::string_view>& subnets,
               const std::vector<std::string_view>& security_groups);

}  // namespace canopy::aws
