// RDS instances, snapshots and cluster snapshots of one region.
//
// Also the helpers for reading query-protocol answers that the RDS,
// Redshift, ELB, Auto Scaling and CloudFormation collectors share (qxml).
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "collect/aws/account_context.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/json_builder.h"

namespace canopy::aws {

void collect_rds(AccountContext& ctx, const std::string& region);

namespace qxml {

inline const char* text(pugi::xml_node n, const char* name) {
  return n.child_value(name);
}
// A number or boolean member, nullopt when the answer does not have it.
std::optional<int64_t> int_of(pugi::xml_node n, const char* name);
std::optional<bool> bool_of(pugi::xml_node n, const char* name);

// The texts of `list`'s element children (`member`, `AttributeValue`, …) as
// a string array; [] when the list is absent.
void strings(collect::JsonBuilder& b, std::string_view key, pugi::xml_node list);

// String members of an answer's object, named `key` in the node.
struct Field {
  const char* key;
  const char* name;
};
// `n`'s string `fields` as object `key`; nothing when `n` is absent.
void object(collect::JsonBuilder& b, std::string_view key, pugi::xml_node n,
            std::initializer_list<Field> fields);
// `list`'s element children as an array of such objects; [] when absent.
void objects(collect::JsonBuilder& b, std::string_view key, pugi::xml_node list,
             std::initializer_list<Field> fields);

// `list`'s children with Key and Value as the `tags` object ({} when none).
void tags(collect::JsonBuilder& b, pugi::xml_node list);

// Every page of a query-protocol call whose continuation token is `in` in
// the request and `out` in the result: Marker → Marker (RDS, Redshift),
// Marker → NextMarker (ELB), NextToken → NextToken (Auto Scaling,
// CloudFormation, CloudWatch). query_pages only knows IAM's IsTruncated.
CallStatus token_pages(Client& client, const Service& service, const std::string& region,
                       const std::string& action, const Params& params, const char* in,
                       const char* out, const std::function<void(const XmlReply& page)>& on_page);

}  // namespace qxml

}  // namespace canopy::aws
