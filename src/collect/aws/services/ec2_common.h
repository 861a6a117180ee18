// Reading EC2 answers (XML with `item` lists, lowerCamel member names):
// small helpers the EC2 service files share.
#pragma once

#include <pugixml.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "collect/aws/account_context.h"
#include "collect/aws/protocol/protocol.h"
#include "collect/json_builder.h"

namespace canopy::aws::ec2 {

inline const char* text(pugi::xml_node n, const char* name) {
  return n.child_value(name);
}
inline bool flag(pugi::xml_node n, const char* name) {
  return std::string_view(n.child_value(name)) == "true";
}

// Writes `tagSet` as the `tags` object and returns the `Name` tag ("" when none).
std::string write_tags(collect::JsonBuilder& b, pugi::xml_node n);

// `field` of `n` as a number or a boolean, only when the answer has it.
void int_if(collect::JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* field);
void bool_if(collect::JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* field);

// The texts of `list`'s children as a string array: the `member` of every
// `item`, or the items' own text when `member` is null. Always written ([]
// when the list is absent).
void strings(collect::JsonBuilder& b, std::string_view key, pugi::xml_node list,
             const char* member = nullptr);

// The ARN of a resource EC2 owns: arn:<partition>:ec2:<region>:<account>:<type>/<id>.
std::string arn(const AccountContext& ctx, const std::string& region, std::string_view type,
                std::string_view id);

// Adds a node below its region, known by its ARN too.
void add_node(AccountContext& ctx, const std::string& region, const std::string& node,
              std::string_view kind, const std::string& reported, const std::string& arn);

// Calls `action` page by page and hands every `item` of the `set` element to
// `fn`; a failure becomes the warning "ec2 <region> <action>".
void each_item(AccountContext& ctx, const std::string& region, const std::string& action,
               const Params& params, const char* set,
               const std::function<void(pugi::xml_node)>& fn);

}  // namespace canopy::aws::ec2
