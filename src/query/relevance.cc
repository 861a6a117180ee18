#include "query/relevance.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "graph/graph.h"
#include "query/filter.h"
#include "query/parallel.h"

namespace canopy::query {

namespace {

constexpr double kK1 = 1.2, kB = 0.75;

// Okapi BM25 inverse document frequency, never negative.
double idf(double nodes, double holding) {
  return std::log(1.0 + (nodes - holding + 0.5) / (holding + 0.5));
}

}  // namespace

void order_by_relevance(const Graph& g, const std::vector<const Filter*>& phrases,
                        std::vector<Row>& rows) {
  if (phrases.empty() || rows.size() < 2) return;
  const TokenIndex& index = g.token_index();
  const double nodes = double(index.node_count());
  const double avg = std::max(1.0, index.average_length());
  std::vector<double> weight;
  for (const Filter* f : phrases) {
    const std::vector<uint32_t>* holding = f->phrase_nodes(g);
    weight.push_back(idf(nodes, holding ? double(holding->size()) : 1.0));
  }
  // Counting occurrences reads every document: split over the cores.
  std::vector<double> score(rows.size(), 0.0);
  parallel_slices(rows.size(), [&](unsigned, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t node = rows[i].node;
      const double norm = kK1 * (1.0 - kB + kB * double(index.length(node)) / avg);
      for (size_t p = 0; p < phrases.size(); ++p) {
        double tf = phrases[p]->occurrences(g, node);
        if (tf > 0) score[i] += weight[p] * tf * (kK1 + 1.0) / (tf + norm);
      }
    }
  });
  std::vector<uint32_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return score[a] > score[b]; });
  std::vector<Row> sorted;
  sorted.reserve(rows.size());
  for (uint32_t i : order) sorted.push_back(std::move(rows[i]));
  rows = std::move(sorted);
}

}  // namespace canopy::query
