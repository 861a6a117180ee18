// Reading the XML answers of the query-protocol services (RDS, Redshift,
// ELB, Auto Scaling, CloudFormation, SNS, CloudWatch) into node documents:
// one small function per shape of field, so that a service file reads as
// the list of what it maps.
//
//   b.str_if("rds_engine", text(n, "Engine")).num("rds_port", int_of(n, "Port"));
//   strings(b, "rds_availability_zones", n.child("AvailabilityZones"));  // [] when absent
//   objects(b, "rds_vpc_security_groups", n.child("VpcSecurityGroups"), {{"status", "Status"}});
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/json_builder.h"

namespace canopy::aws::qfields {

using collect::JsonBuilder;

inline const char* text(pugi::xml_node n, const char* name) {
  return n.child_value(name);
}
// A decimal integer that is the whole of `s`, nullopt otherwise.
std::optional<int64_t> integer(std::string_view s);
// A number or boolean member, nullopt when the answer does not have it.
std::optional<int64_t> int_of(pugi::xml_node n, const char* name);
std::optional<bool> bool_of(pugi::xml_node n, const char* name);
// A number with fractions (1.0, 2.5E-1) as a JSON number; nothing when it
// is absent or not a finite number.
void real(JsonBuilder& b, std::string_view key, pugi::xml_node n, const char* name);

// The texts of `list`'s element children (`member`, `AttributeValue`, …) as
// a string array; [] when the list is absent.
void strings(JsonBuilder& b, std::string_view key, pugi::xml_node list);

// String members of an answer's object, named `key` in the node.
struct Field {
  const char* key;
  const char* name;
};
// `n`'s string `fields` as object `key`; nothing when `n` is absent.
void object(JsonBuilder& b, std::string_view key, pugi::xml_node n,
            std::initializer_list<Field> fields);
// `list`'s element children as an array of such objects; [] when absent.
void objects(JsonBuilder& b, std::string_view key, pugi::xml_node list,
             std::initializer_list<Field> fields);

// `list`'s children with Key and Value as the `tags` object ({} when none).
void tags(JsonBuilder& b, pugi::xml_node list);

// The element children of `list` on every page of `action` (query_pages),
// with the pages they live in.
struct Listed {
  std::vector<pugi::xml_node> items;
  std::vector<std::shared_ptr<pugi::xml_document>> pages;
  CallStatus status;
};
Listed list_all(Client& client, const Service& service, const std::string& region,
                const std::string& action, const Params& params, const char* list);

}  // namespace canopy::aws::qfields
