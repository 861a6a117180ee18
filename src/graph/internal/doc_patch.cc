#include "graph/internal/doc_patch.h"

namespace canopy {

DocPatcher::DocPatcher(Symbols& syms, Arena& arena)
    : arena_(arena),
      reported_(syms.intern("reported")),
      security_(syms.intern("security")),
      ctime_(syms.intern("ctime")),
      mtime_(syms.intern("mtime")) {}

DocView DocPatcher::carry_over(DocView batch, DocView stored, bool ctime_defaulted,
                               bool mtime_defaulted, std::optional<int64_t> mtime) {
  DocView stored_reported = stored.get(reported_);
  DocView old_ctime = stored_reported.get(ctime_);
  DocView old_mtime = stored_reported.get(mtime_);
  DocView old_security = stored.get(security_);
  const bool fix_ctime = ctime_defaulted && old_ctime.valid();
  const bool fix_mtime = mtime_defaulted && (mtime.has_value() || old_mtime.valid());
  const bool add_security = old_security.valid() && !batch.get(security_).valid();
  if (!fix_ctime && !fix_mtime && !add_security) return batch;

  scratch_.clear();
  DocWriter w(scratch_);
  size_t top = w.open_object();
  for (auto it = batch.iter(); !it.done(); it.next()) {
    w.key(it.key());
    if (it.key() != reported_) {
      w.raw(it.value().data(), it.value().encoded_size());
      continue;
    }
    size_t rep = w.open_object();
    for (auto r = it.value().iter(); !r.done(); r.next()) {
      w.key(r.key());
      if (r.key() == ctime_ && fix_ctime) {
        w.raw(old_ctime.data(), old_ctime.encoded_size());
      } else if (r.key() == mtime_ && fix_mtime) {
        if (mtime)
          w.datetime(*mtime);
        else
          w.raw(old_mtime.data(), old_mtime.encoded_size());
      } else {
        w.raw(r.value().data(), r.value().encoded_size());
      }
    }
    w.close(rep);
  }
  if (add_security) {
    w.key(security_);
    w.raw(old_security.data(), old_security.encoded_size());
  }
  w.close(top);
  const uint8_t* p = arena_.copy(scratch_.data(), scratch_.size());
  return DocView(p, scratch_.size());
}

}  // namespace canopy
