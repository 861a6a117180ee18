#include "query/aggregate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "query/executor.h"
#include "query/parallel.h"

namespace canopy::query {

std::string function_name(const AggregateFn& f) {
  std::string arg = f.path ? f.path->str() : std::to_string(f.constant);
  if (!arg.empty() && arg[0] == '/') arg.erase(0, 1);
  std::string out = f.fn + "_of_";
  bool run = false;
  for (char c : arg) {
    bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (word)
      out.push_back(c), run = false;
    else if (!run)
      out.push_back('_'), run = true;
  }
  return out;
}

Result<std::unique_ptr<CAggregate>> compile_aggregate(const Aggregate& a, const Reader& r) {
  auto c = std::make_unique<CAggregate>();
  for (const auto& v : a.group) {
    CAggregate::Var cv;
    if (v.is_combined()) {
      cv.combined = true;
      std::string text;
      for (const auto& piece : v.combined) {
        if (piece.path) {
          cv.pieces.emplace_back(std::string(), r.compile(*piece.path));
          text += "{" + piece.path->str() + "}";
        } else {
          cv.pieces.emplace_back(piece.text, PathOps());
          text += piece.text;
        }
      }
      cv.name = v.as.empty() ? text : v.as;
    } else {
      cv.ops = r.compile(v.path);
      cv.each = v.path.has_all();
      cv.name = v.as.empty() ? v.path.segments.back().name : v.as;
    }
    c->vars.push_back(std::move(cv));
  }
  c->plain = std::none_of(c->vars.begin(), c->vars.end(),
                          [](const CAggregate::Var& v) { return v.each || v.combined; });
  for (const auto& f : a.functions) {
    CAggregate::Fn cf;
    cf.fn = f.fn;
    cf.name = f.as.empty() ? function_name(f) : f.as;
    if (f.path) {
      cf.ops = r.compile(*f.path);
      cf.each = f.path->has_all();
    }
    cf.constant = f.constant;
    for (const auto& [op, v] : f.ops) cf.arith.emplace_back(op, v.as_double());
    c->fns.push_back(std::move(cf));
  }
  return c;
}

namespace {

double to_number(const Value& v) {
  switch (v.type()) {
    case Value::Type::Bool:
      return v.as_bool() ? 1 : 0;
    case Value::Type::Int:
    case Value::Type::Double:
      return v.as_double();
    case Value::Type::String: {
      char* end = nullptr;
      double d = std::strtod(v.str().c_str(), &end);
      return end && *end == '\0' && !v.str().empty() ? d : 0;
    }
    default:
      return 0;
  }
}

// x op c op c …, with * / % before + -.
Value arithmetic(const Value& x, const std::vector<std::pair<char, double>>& ops) {
  if (ops.empty()) return x;
  std::vector<double> terms = {to_number(x)};
  std::vector<char> signs = {'+'};
  for (auto [op, c] : ops) {
    if (op == '+' || op == '-') {
      terms.push_back(c);
      signs.push_back(op);
      continue;
    }
    double& t = terms.back();
    if ((op == '/' || op == '%') && c == 0) return Value();
    if (op == '*')
      t *= c;
    else if (op == '/')
      t /= c;
    else
      t = std::fmod(t, c);
  }
  double sum = 0;
  for (size_t i = 0; i < terms.size(); ++i) sum += signs[i] == '-' ? -terms[i] : terms[i];
  if (sum == std::floor(sum) && std::fabs(sum) < 9e15) return Value::integer(int64_t(sum));
  return Value::number(sum);
}

struct Acc {
  int64_t count = 0;
  double sum = 0, sum_sq = 0;
  int64_t numbers = 0;
  bool non_number = false, all_int = true;
  std::optional<Value> min, max;

  void add(const Value& v) {
    ++count;
    if (v.is_null()) return;
    if (!min || compare(v, *min) < 0) min = v;
    if (!max || compare(v, *max) > 0) max = v;
    if (!v.is_number()) {
      non_number = true;
      return;
    }
    if (v.type() != Value::Type::Int) all_int = false;
    double d = v.as_double();
    sum += d;
    sum_sq += d * d;
    ++numbers;
  }

  void merge(const Acc& o) {
    count += o.count;
    sum += o.sum;
    sum_sq += o.sum_sq;
    numbers += o.numbers;
    non_number = non_number || o.non_number;
    all_int = all_int && o.all_int;
    if (o.min && (!min || compare(*o.min, *min) < 0)) min = o.min;
    if (o.max && (!max || compare(*o.max, *max) > 0)) max = o.max;
  }

  Value result(const std::string& fn) const {
    auto number = [&](double d) {
      if (all_int && d == std::floor(d) && std::fabs(d) < 9e15) return Value::integer(int64_t(d));
      return Value::number(d);
    };
    if (fn == "count") return Value::integer(count);
    if (fn == "min") return min ? *min : Value();
    if (fn == "max") return max ? *max : Value();
    if (non_number) return Value();
    if (fn == "sum") return number(sum);
    if (numbers == 0) return Value();
    double mean = sum / double(numbers);
    if (fn == "avg") return Value::number(mean);
    double variance = sum_sq / double(numbers) - mean * mean;
    if (variance < 0) variance = 0;
    if (fn == "variance") return Value::number(variance);
    return Value::number(std::sqrt(variance));
  }
};

// All values a path reaches (several with array markers).
std::vector<Value> values_at(const Reader& r, const Val& doc, const PathOps& ops) {
  std::vector<Value> out;
  r.walk(doc, ops, 0, [&](const Val& v) {
    out.push_back(r.materialize(v));
    return false;
  });
  return out;
}

std::string piece_text(const Value& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.str();
  return v.json();
}

}  // namespace

namespace {

// Appends a key that is equal for equal values (1 and 1.0 alike) and
// different otherwise, without materialising plain strings and numbers.
void append_key(const Reader& r, const Val& v, std::string& key) {
  if (v.is_null()) {
    key.push_back('0');
    return;
  }
  if (v.k == Val::K::Doc) {
    switch (v.doc.tag()) {
      case Tag::False:
      case Tag::True:
        key.push_back(v.doc.tag() == Tag::True ? 't' : 'f');
        return;
      case Tag::Int:
      case Tag::Double: {
        double d = v.doc.as_double();
        key.push_back('n');
        key.append(reinterpret_cast<const char*>(&d), sizeof d);
        return;
      }
      case Tag::String:
      case Tag::Symbol:
      case Tag::Prefixed: {
        auto [a, b] = v.doc.string_parts(r.syms());
        uint32_t n = uint32_t(a.size() + b.size());
        key.push_back('s');
        key.append(reinterpret_cast<const char*>(&n), sizeof n);
        key.append(a);
        key.append(b);
        return;
      }
      default:
        break;
    }
  }
  Value m = r.materialize(v);
  std::string text = m.is_string() ? m.str() : m.json();
  uint32_t n = uint32_t(text.size());
  key.push_back(m.is_string() ? 's' : (m.is_number() ? 'n' : 'j'));
  if (m.is_number()) {
    double d = m.as_double();
    key.append(reinterpret_cast<const char*>(&d), sizeof d);
    return;
  }
  key.append(reinterpret_cast<const char*>(&n), sizeof n);
  key.append(text);
}

struct Group {
  std::string key;
  std::vector<Value> values;
  std::vector<Acc> accs;
};

// The groups of one slice of the input.
struct Groups {
  std::unordered_map<std::string, size_t> index;
  std::vector<Group> list;

  Group& find(const std::string& key, size_t fns, bool& fresh) {
    auto [it, inserted] = index.try_emplace(key, list.size());
    fresh = inserted;
    if (inserted) {
      list.emplace_back();
      list.back().key = key;
      list.back().accs.resize(fns);
    }
    return list[it->second];
  }
};

void accumulate(const CAggregate& a, const Reader& r, const std::vector<Row>& rows, size_t begin,
                size_t end, Groups& groups) {
  std::vector<std::vector<Val>> tuples;
  std::vector<Value> owned;  // values of combined names
  std::vector<Value> inputs;
  std::string key;
  for (size_t n = begin; n < end; ++n) {
    const Row& row = rows[n];
    Val doc = Val::of_node(row.node, row.merges.get());
    // Group tuples of this document: the product of each variable's values.
    owned.clear();
    owned.reserve(a.vars.size());
    if (a.plain) {  // one tuple: no unfolding, no combined names
      tuples.resize(1);
      tuples[0].clear();
      for (const auto& v : a.vars) tuples[0].push_back(r.get(doc, v.ops));
    } else {
      tuples.assign(1, {});
    }
    for (const auto& v : a.vars) {
      if (a.plain) break;
      std::vector<Val> values;
      if (v.combined) {
        std::string text;
        for (const auto& [piece, ops] : v.pieces)
          text += ops.empty() ? piece : piece_text(r.materialize(r.get(doc, ops)));
        owned.push_back(Value::string(std::move(text)));
      } else if (v.each) {
        r.walk(doc, v.ops, 0, [&](const Val& e) {
          values.push_back(e);
          return false;
        });
      } else {
        values.push_back(r.get(doc, v.ops));
      }
      if (v.combined) values.push_back(Val::of_value(nullptr));  // placeholder, fixed below
      std::vector<std::vector<Val>> next;
      for (const auto& t : tuples)
        for (const auto& value : values) {
          next.push_back(t);
          next.back().push_back(value);
        }
      if (v.combined)
        for (auto& t : next) t.back() = Val::of_value(&owned.back());
      tuples = std::move(next);
    }
    // Function inputs of this document.
    inputs.clear();
    for (const auto& f : a.fns) {
      if (!f.ops) {
        inputs.push_back(arithmetic(Value::integer(f.constant), f.arith));
      } else if (f.each) {
        Acc per_doc;
        for (const Value& e : values_at(r, doc, *f.ops)) per_doc.add(arithmetic(e, f.arith));
        inputs.push_back(f.fn == "count" ? Value::integer(1) : per_doc.result(f.fn));
      } else {
        inputs.push_back(arithmetic(r.materialize(r.get(doc, *f.ops)), f.arith));
      }
    }
    for (const auto& t : tuples) {
      key.clear();
      for (const Val& v : t) append_key(r, v, key);
      bool fresh = false;
      Group& g = groups.find(key, a.fns.size(), fresh);
      if (fresh)
        for (const Val& v : t) g.values.push_back(r.materialize(v));
      for (size_t i = 0; i < a.fns.size(); ++i) g.accs[i].add(inputs[i]);
    }
  }
}

}  // namespace

std::vector<Value> aggregate(const CAggregate& a, const Reader& r, const std::vector<Row>& rows) {
  std::vector<Groups> parts(worker_count(rows.size()));
  parallel_slices(rows.size(), [&](unsigned w, size_t begin, size_t end) {
    accumulate(a, r, rows, begin, end, parts[w]);
  });
  Groups all = std::move(parts[0]);
  for (size_t p = 1; p < parts.size(); ++p) {
    for (Group& g : parts[p].list) {
      bool fresh = false;
      Group& into = all.find(g.key, a.fns.size(), fresh);
      if (fresh) into.values = std::move(g.values);
      for (size_t i = 0; i < a.fns.size(); ++i) into.accs[i].merge(g.accs[i]);
    }
  }
  std::vector<Group>& groups = all.list;
  if (groups.empty() && a.vars.empty())
    groups.push_back(Group{{}, {}, std::vector<Acc>(a.fns.size())});
  std::sort(groups.begin(), groups.end(), [](const Group& x, const Group& y) {
    for (size_t i = 0; i < x.values.size(); ++i)
      if (int c = compare(x.values[i], y.values[i])) return c < 0;
    return false;
  });
  std::vector<Value> out;
  for (const auto& g : groups) {
    Value row = Value::object();
    if (!a.vars.empty()) {
      Value group = Value::object();
      for (size_t i = 0; i < a.vars.size(); ++i) group.set(a.vars[i].name, g.values[i]);
      row.set("group", std::move(group));
    }
    for (size_t i = 0; i < a.fns.size(); ++i) row.set(a.fns[i].name, g.accs[i].result(a.fns[i].fn));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace canopy::query
