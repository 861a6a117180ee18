#include "query/aggregate.h"

#include <cctype>
#include <cmath>
#include <map>

#include "query/executor.h"

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
      cv.name = v.as.empty() ? v.path.segments.back().name : v.as;
    }
    c->vars.push_back(std::move(cv));
  }
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

struct ValuesLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (int c = compare(a[i], b[i])) return c < 0;
    return a.size() < b.size();
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

std::vector<Value> aggregate(const CAggregate& a, const Reader& r, const std::vector<Row>& rows) {
  std::map<std::vector<Value>, std::vector<Acc>, ValuesLess> groups;
  for (const Row& row : rows) {
    Val doc = Val::of_node(row.node, row.merges.get());
    // Group tuples of this document: the product of each variable's values.
    std::vector<std::vector<Value>> tuples = {{}};
    for (const auto& v : a.vars) {
      std::vector<Value> values;
      if (v.combined) {
        std::string text;
        for (const auto& [piece, ops] : v.pieces)
          text += ops.empty() ? piece : piece_text(r.materialize(r.get(doc, ops)));
        values.push_back(Value::string(text));
      } else {
        bool each = false;
        for (const auto& op : v.ops) each = each || op.type == PathOp::Type::Each;
        values =
            each ? values_at(r, doc, v.ops) : std::vector<Value>{r.materialize(r.get(doc, v.ops))};
      }
      std::vector<std::vector<Value>> next;
      for (const auto& t : tuples)
        for (const auto& value : values) {
          next.push_back(t);
          next.back().push_back(value);
        }
      tuples = std::move(next);
    }
    // Function inputs of this document.
    std::vector<Value> inputs;
    for (const auto& f : a.fns) {
      Value x;
      if (!f.ops)
        x = Value::integer(f.constant);
      else if (f.each) {
        Acc per_doc;
        for (const Value& e : values_at(r, doc, *f.ops)) per_doc.add(arithmetic(e, f.arith));
        x = f.fn == "count" ? Value::integer(1) : per_doc.result(f.fn);
        inputs.push_back(std::move(x));
        continue;
      } else {
        x = r.materialize(r.get(doc, *f.ops));
      }
      inputs.push_back(arithmetic(x, f.arith));
    }
    for (const auto& t : tuples) {
      auto& accs = groups[t];
      accs.resize(a.fns.size());
      for (size_t i = 0; i < a.fns.size(); ++i) accs[i].add(inputs[i]);
    }
  }
  if (groups.empty() && a.vars.empty()) groups[{}].resize(a.fns.size());
  std::vector<Value> out;
  for (const auto& [key, accs] : groups) {
    Value row = Value::object();
    if (!a.vars.empty()) {
      Value group = Value::object();
      for (size_t i = 0; i < a.vars.size(); ++i) group.set(a.vars[i].name, key[i]);
      row.set("group", std::move(group));
    }
    for (size_t i = 0; i < a.fns.size(); ++i) row.set(a.fns[i].name, accs[i].result(a.fns[i].fn));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace canopy::query
