#include "report/data_gaps.h"

#include <algorithm>

namespace canopy::report {

namespace {

std::vector<std::string> strings_of(DocView array, const Symbols& syms) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  std::string scratch;
  for (auto it = array.iter(); !it.done(); it.next())
    if (it.value().is_string()) out.emplace_back(it.value().as_string(syms, scratch));
  return out;
}

void kinds_of_term(const query::Term* t, std::set<std::string>& out);

void kinds_of_query(const query::Query& q, std::set<std::string>& out) {
  for (const auto& part : q.parts) {
    kinds_of_term(part.term.get(), out);
    for (auto* w = part.with.get(); w; w = w->inner.get()) kinds_of_term(w->term.get(), out);
  }
}

void kinds_of_term(const query::Term* t, std::set<std::string>& out) {
  if (!t) return;
  if (t->type == query::Term::Type::Is) out.insert(t->names.begin(), t->names.end());
  kinds_of_term(t->left.get(), out);
  kinds_of_term(t->right.get(), out);
  for (const auto& m : t->merges)
    if (m.query) kinds_of_query(*m.query, out);
}

}  // namespace

std::vector<DataGap> data_gaps(const Graph& g) {
  std::vector<DataGap> out;
  const Model& model = g.model();
  const Kind* account = model.find("account");
  if (!account) return out;
  const Symbols& syms = model.symbols();
  Sym metadata = syms.find("metadata"), reported = syms.find("reported");
  Sym incomplete = syms.find("collect_incomplete_kinds"), warnings = syms.find("collect_warnings");
  Sym id = syms.find("id");
  if (incomplete == Symbols::kNone) return out;  // no collect recorded a gap
  for (uint32_t n : g.with_kind(*account)) {
    DocView meta = g.section(n, metadata);
    if (!meta.is_object()) continue;
    auto kinds = strings_of(meta.get(incomplete), syms);
    if (kinds.empty()) continue;
    DataGap gap;
    std::string scratch;
    gap.account_id = std::string(g.section(n, reported).get(id).as_string(syms, scratch));
    gap.kinds.insert(kinds.begin(), kinds.end());
    gap.warnings = strings_of(meta.get(warnings), syms);
    out.push_back(std::move(gap));
  }
  return out;
}

std::set<std::string> kinds_read(const query::Query& q) {
  std::set<std::string> out;
  kinds_of_query(q, out);
  return out;
}

std::string gap_error(const std::set<std::string>& kinds, const std::vector<DataGap>& gaps,
                      const Model& model, const std::function<bool(const std::string&)>& wanted) {
  std::string out;
  for (const DataGap& gap : gaps) {
    if (!wanted(gap.account_id)) continue;
    std::set<std::string> touched;
    for (const std::string& missing : gap.kinds) {
      const Kind* m = model.find(missing);
      for (const std::string& read : kinds) {
        const Kind* r = model.find(read);
        if (m && r && m->is_a(r)) touched.insert(missing);
      }
    }
    if (touched.empty()) continue;
    std::string kinds_text;
    for (const auto& k : touched) kinds_text += (kinds_text.empty() ? "" : ", ") + k;
    out += (out.empty() ? "" : "; ");
    out += "account " + gap.account_id + " was collected incompletely (" + kinds_text + ")";
    size_t shown = std::min<size_t>(gap.warnings.size(), 3);
    for (size_t i = 0; i < shown; ++i) out += "; " + gap.warnings[i];
    if (gap.warnings.size() > shown)
      out += "; and " + std::to_string(gap.warnings.size() - shown) +
             " more warnings in the account's /metadata.collect_warnings";
  }
  return out;
}

}  // namespace canopy::report
