// The record sets of one Route 53 hosted zone, and a node for each value of
// a set: zone → record set → record.
#pragma once

#include <string>
#include <string_view>

#include "collect/aws/account_context.h"

namespace canopy::aws {

// Lists the zone's record sets a page at a time (ListResourceRecordSets) and
// writes them below `zone_node`; a failed call is a warning.
void collect_record_sets(AccountContext& ctx, const std::string& region, const std::string& zone_id,
                         const std::string& zone_node);

// A record name as DNS shows it: Route 53 writes characters outside
// letters, digits, '-' and '_' as octal escapes ("\052.example.com." is
// "*.example.com.").
std::string unescape_record_name(std::string_view name);

}  // namespace canopy::aws
