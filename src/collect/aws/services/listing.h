// Per-item calls over a listing, one page at a time.
//
// A service that lists its resources and then asks about each of them
// (DescribeKey per key, ListTagsForResource per log group, user data per
// instance…) reads the listing through each_listed: `pick` chooses the
// entries of one page (XML nodes or JSON elements of the page, or values
// copied out of it), `each` runs on them on up to ctx.threads threads, and
// only when they are all done does the listing ask for its next page. The
// page's parsed answer is released then, so a collect holds one page per
// listing in memory, not the whole listing, whatever the account's size.
//
//   auto st = json_pages(ctx.client, kms(), region, "ListKeys", "", "Marker", "NextMarker",
//                        each_listed<std::string>(
//                            ctx, [](const JsonReply& page, std::vector<std::string>& ids) {…},
//                            [&](const std::string& id) { key(ctx, region, id); }));
#pragma once

#include <vector>

#include "collect/aws/account_context.h"

namespace canopy::aws {

// A page callback for query_pages, json_pages or rest_json_pages (or any
// loop that has a page in hand): pick(page, items), then each(item) for
// every item, in parallel. `Item` may point into the page: the page outlives
// the calls.
template <class Item, class Pick, class Each>
auto each_listed(AccountContext& ctx, Pick pick, Each each) {
  return [&ctx, pick, each](const auto& page) {
    std::vector<Item> items;
    pick(page, items);
    ctx.parallel(items.size(), [&](size_t i) { each(items[i]); });
  };
}

}  // namespace canopy::aws
