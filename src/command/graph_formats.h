// `format --cytoscape | --graphml | --dot`: the nodes and edges of a stream
// (`search --with-edges …`) as a graph document.
//
// Only elements with "type": "node" (with an "id") or "type": "edge" (with
// "from" and "to") are drawn; other objects are skipped and anything that is
// not an object is an error. Cytoscape and GraphML need the whole input
// before the first line; dot streams and only groups the nodes by account
// at the end.
#pragma once

#include <memory>
#include <string_view>

#include "command/stream.h"
#include "core/result.h"

namespace canopy {

// Whether `option` is one of --cytoscape, --graphml, --dot.
bool is_graph_format(std::string_view option);

Result<std::unique_ptr<Stream>> make_graph_format(std::unique_ptr<Stream> in,
                                                  std::string_view option);

}  // namespace canopy
