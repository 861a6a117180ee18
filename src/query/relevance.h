// Relevance order of a full-text index search: results of a first part
// whose full-text terms use the token index and that has no sort come in
// descending BM25 score (k1 = 1.2, b = 0.75). Each phrase not under a
// `not` is one query term: its frequency in a document is how often the
// phrase occurs there, its document frequency the number of nodes holding
// all of its tokens; document lengths are token counts. Equal scores keep
// the order they came in (node order).
#pragma once

#include <vector>

#include "query/executor.h"

namespace canopy::query {

class Filter;

void order_by_relevance(const Graph& g, const std::vector<const Filter*>& phrases,
                        std::vector<Row>& rows);

}  // namespace canopy::query
