// Rewrites a batch node's document where the merge must carry values over
// from the stored node: default ctime/mtime and the security section.
#pragma once

#include <optional>
#include <vector>

#include "core/arena.h"
#include "core/doc.h"

namespace canopy {

class DocPatcher {
 public:
  DocPatcher(Symbols& syms, Arena& arena);

  // The batch document, with reported.ctime taken from `stored` when it was
  // defaulted, reported.mtime set to `mtime` (or taken from `stored`) when it
  // was defaulted, and the stored security section when the batch has none.
  // Returns `batch` itself when nothing changes.
  DocView carry_over(DocView batch, DocView stored, bool ctime_defaulted, bool mtime_defaulted,
                     std::optional<int64_t> mtime);

 private:
  Arena& arena_;
  Sym reported_, security_, ctime_, mtime_;
  Bytes scratch_;
};

}  // namespace canopy
