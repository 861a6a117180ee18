// API Gateway REST APIs of one region with deployments, stages, authorizers and resources.
#pragma once

#include <string>
#include <string_view>

#include "collect/aws/account_context.h"

namespace canopy::aws {

void collect_apigateway(AccountContext& ctx, const std::string& region);

// How other services name these nodes: a REST API by its id, and one of its
// resources by its path ("/pets/{id}"; an alias the resource registers).
std::string apigateway_rest_api_node(const AccountContext& ctx, std::string_view region,
                                     std::string_view api_id);
std::string apigateway_resource_by_path(const AccountContext& ctx, std::string_view region,
                                        std::string_view api_id, std::string_view path);

}  // namespace canopy::aws
