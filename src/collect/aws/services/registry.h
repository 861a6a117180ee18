// Every service Canopy collects besides the account itself and IAM: the
// name `--services` and `--skip-services` know it by, whether it is global
// (collected once, in the partition's global region, its nodes below the
// `global` region) or regional (collected in every region), and the
// function that collects it into the account's graph.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "collect/aws/account_context.h"

namespace canopy::aws {

struct ServiceCollector {
  std::string_view name;
  bool global;
  void (*collect)(AccountContext& ctx, const std::string& region);
  // The kinds whose data a failed call of this service leaves incomplete.
  std::vector<std::string_view> kinds;
};

const std::vector<ServiceCollector>& service_collectors();

// The kinds a warning of service `name` ("iam", "organizations", "s3", …)
// leaves incomplete; empty for unknown names.
std::vector<std::string_view> kinds_of_service(std::string_view name);

}  // namespace canopy::aws
