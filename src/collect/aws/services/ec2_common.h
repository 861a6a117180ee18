// Reading EC2 answers (XML with `item` lists, lowerCamel member names):
// small helpers the EC2 service files share.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

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

}  // namespace canopy::aws::ec2
