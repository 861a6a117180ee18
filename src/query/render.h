// Result documents as users see them (`search … | dump`):
//
//   {"id", "type": "node", "reported": {…, "age": "3d4h"}, "desired", "metadata",
//    "security", "ancestors": {"cloud": {"reported": {"id", "name"}}, …}}
//
// Internal fields are left out, synthetic properties (age, last_update,
// last_access, metadata.exported_age) are added, merged neighbours appear
// at their merge-name paths, rendered the same way (without ancestors).
#pragma once

#include <cstdint>
#include <string>

#include "query/access.h"
#include "query/executor.h"

namespace canopy::query {

// `tag` is the query tag of the row (QueryResult::tag_of), if any.
Value render(const Reader& r, const Row& row, int64_t now, std::string_view tag = {});
Value render_node(const Reader& r, uint32_t node, const MergeSet* merges, int64_t now,
                  bool with_ancestors);

}  // namespace canopy::query
