#include "report/validate.h"

#include <set>

#include "command/pipeline.h"
#include "query/parser.h"
#include "query/template.h"
#include "query/types.h"

namespace canopy::report {

namespace {

using query::Path;
using query::Query;
using query::Term;

// Names that stand for ancestor properties (account.id, region.name, …).
const std::set<std::string, std::less<>> kWellKnown = {"cloud", "account", "region", "zone"};
// Top-level sections of a node other than reported.
const std::set<std::string, std::less<>> kOtherSections = {
    "metadata", "desired", "security", "usage", "id", "kinds", "refs", "type"};

class NameChecker {
 public:
  NameChecker(const Model& model) : model_(model), types_(model) {}

  Status query(const Query& q) {
    for (const auto& part : q.parts) {
      CANOPY_RETURN_IF_ERROR(term(part.term.get(), {}, {}));
      for (auto* w = part.with.get(); w; w = w->inner.get())
        CANOPY_RETURN_IF_ERROR(term(w->term.get(), {}, {}));
    }
    return {};
  }

 private:
  Status term(const Term* t, const std::vector<std::string_view>& prefix,
              const std::set<std::string>& merged) {
    if (!t) return {};
    switch (t->type) {
      case Term::Type::Is:
        for (const auto& k : t->names)
          if (!model_.find(k)) return Error{"unknown kind " + k};
        return {};
      case Term::Type::Predicate:
      case Term::Type::Function:
        return path(t->path, prefix, merged);
      case Term::Type::Context: {
        // Contexts over a merged neighbour read documents of other kinds.
        if (prefix.empty() && !t->path.segments.empty() &&
            merged.count(t->path.segments.front().name))
          return {};
        std::vector<std::string_view> inner = prefix;
        for (const auto& s : t->path.segments) inner.push_back(s.name);
        if (t->path.absolute) return {};  // contexts on other sections are not typed
        return term(t->left.get(), inner, merged);
      }
      case Term::Type::Not:
        return term(t->left.get(), prefix, merged);
      case Term::Type::And:
      case Term::Type::Or:
        CANOPY_RETURN_IF_ERROR(term(t->left.get(), prefix, merged));
        return term(t->right.get(), prefix, merged);
      case Term::Type::Merge: {
        CANOPY_RETURN_IF_ERROR(term(t->left.get(), prefix, merged));
        std::set<std::string> names = merged;
        for (const auto& m : t->merges) {
          if (!m.name.segments.empty()) names.insert(m.name.segments.front().name);
          if (m.query) CANOPY_RETURN_IF_ERROR(query(*m.query));
        }
        return term(t->right.get(), prefix, names);
      }
      default:
        return {};
    }
  }

  Status path(const Path& p, const std::vector<std::string_view>& prefix,
              const std::set<std::string>& merged) {
    if (p.segments.empty()) return {};
    std::vector<std::string_view> names = prefix;
    size_t start = 0;
    const std::string& first = p.segments.front().name;
    if (p.absolute) {
      if (first == "ancestors" || first == "descendants") {
        // /ancestors.<kind>.reported.<path>
        if (p.segments.size() < 3) return {};
        const std::string& kind = p.segments[1].name;
        if (!kWellKnown.count(kind) && !model_.find(kind)) return Error{"unknown kind " + kind};
        if (p.segments[2].name != "reported") return {};
        start = 3;
      } else if (first == "reported") {
        start = 1;
      } else {
        return {};  // metadata, security, … are not typed by the model
      }
    } else if (prefix.empty() && (merged.count(first) || kWellKnown.count(first))) {
      return {};  // a merged neighbour or an ancestor shortcut
    } else if (prefix.empty() && kOtherSections.count(first) && p.segments.size() == 1) {
      return {};
    }
    for (size_t i = start; i < p.segments.size(); ++i) names.push_back(p.segments[i].name);
    if (names.empty()) return {};
    // Below a value of kind `any` (policy documents, …) every name is possible.
    std::vector<std::string_view> walk;
    for (auto name : names) {
      walk.push_back(name);
      const Kind* k = types_.lookup(walk);
      if (!k) return Error{"unknown property " + p.str()};
      if (open_ended(k)) return {};
    }
    return {};
  }

  static bool open_ended(const Kind* k) {
    while (k && k->cls == KindClass::Array) k = k->element;
    if (!k) return true;
    if (k->cls == KindClass::Dictionary) return open_ended(k->element);
    return (k->cls == KindClass::Simple && k->runtime == Runtime::Any) || k->allow_unknown;
  }

  const Model& model_;
  query::PathTypes types_;
};

std::string render(const Check& c, int64_t now, Status& st) {
  query::Environment env;
  if (c.default_values.is_object())
    for (const auto& [k, v] : c.default_values.members()) env[k] = v;
  auto text = query::render_template(c.detect_text, env, now);
  if (!text) {
    st = text.status();
    return "";
  }
  return *text;
}

}  // namespace

Status check_query_names(const Query& q, const Model& model) {
  return NameChecker(model).query(q);
}

Status validate_check(const Check& c, const Model& model, int64_t now) {
  std::string where = c.source + ": check " + c.id;
  if (c.manual()) return {};
  for (const auto& k : c.result_kinds)
    if (!model.find(k)) return Error{where + ": unknown result kind " + k};
  Status st;
  std::string text = render(c, now, st);
  if (!st) return Error{where + ": " + st.message()};
  std::vector<std::string> searches;
  if (c.detect == Detect::Search) {
    searches.push_back(text);
  } else {
    auto line = parse_line(text);
    if (!line) return Error{where + ": " + line.message()};
    for (const auto& cmd : line->commands)
      if (cmd.name == "search") searches.push_back(cmd.args);
    if (searches.empty()) return Error{where + ": the command line has no search"};
  }
  for (const auto& s : searches) {
    auto q = query::parse_query(s);
    if (!q) return Error{where + ": the search does not parse: " + q.message()};
    if (Status names = check_query_names(*q, model); !names)
      return Error{where + ": " + names.message()};
  }
  return {};
}

}  // namespace canopy::report
