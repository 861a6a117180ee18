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
};

const std::vector<ServiceCollector>& service_collectors();

}  // namespace canopy::aws
