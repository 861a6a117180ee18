#include "collect/aws/services/ec2_common.h"

#include <cstdlib>

#include "collect/aws/service.h"

namespace canopy::aws::ec2 {

std::string write_tags(collect::JsonBuilder& b, pugi::xml_node n) {
  std::string name;
  b.begin_object("tags");
  for (auto t : n.child("tagSet").children("item")) {
    b.str(text(t, "key"), text(t, "value"));
    if (std::string_view(text(t, "key")) == "Name") name = text(t, "value");
  }
  b.end_object();
  return name;
}

void int_if(collect::JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* field) {
  if (*text(n, field)) b.num(key, int64_t(std::atoll(text(n, field))));
}

void bool_if(collect::JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* field) {
  if (*text(n, field)) b.boolean(key, flag(n, field));
}

void strings(collect::JsonBuilder& b, std::string_view key, pugi::xml_node list,
             const char* member) {
  b.begin_array(key);
  for (auto i : list.children()) {
    if (i.type() != pugi::node_element) continue;
    b.str_element(member ? i.child_value(member) : i.child_value());
  }
  b.end_array();
}

std::string arn(const AccountContext& ctx, const std::string& region, std::string_view type,
                std::string_view id) {
  return "arn:" + ctx.partition + ":ec2:" + region + ":" + ctx.account_id + ":" +
         std::string(type) + "/" + std::string(id);
}

void add_node(AccountContext& ctx, const std::string& region, const std::string& node,
              std::string_view kind, const std::string& reported, const std::string& arn) {
  ctx.out.node(node, kind, reported);
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(arn, node);
}

void each_item(AccountContext& ctx, const std::string& region, const std::string& action,
               const Params& params, const char* set,
               const std::function<void(pugi::xml_node)>& fn) {
  auto st =
      query_pages(ctx.client, services::kEc2, region, action, params, [&](const XmlReply& page) {
        for (auto n : page.result.child(set).children("item")) fn(n);
      });
  if (!st.ok) ctx.warn("ec2 " + region + " " + action, st.error);
}

}  // namespace canopy::aws::ec2
