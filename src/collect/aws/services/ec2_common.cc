#include "collect/aws/services/ec2_common.h"

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

}  // namespace canopy::aws::ec2
