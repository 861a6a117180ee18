// JSON values owned by the query engine: literals written in a query,
// aggregation rows, values materialised for sorting and grouping.
//
// Comparison follows the rules of the search language: values of different
// types order by type (null < false < true < numbers < strings < arrays <
// objects), numbers compare numerically, strings bytewise, arrays element by
// element, objects by their sorted attributes. Equality is strict.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace canopy {

class Value {
 public:
  enum class Type : uint8_t { Null, Bool, Int, Double, String, Array, Object };
  using Members = std::vector<std::pair<std::string, Value>>;

  Value() = default;
  static Value boolean(bool b) { return Value(Type::Bool, b ? 1 : 0); }
  static Value integer(int64_t i) { return Value(Type::Int, i); }
  static Value number(double d) {
    Value v(Type::Double, 0);
    v.d_ = d;
    return v;
  }
  static Value string(std::string s) {
    Value v(Type::String, 0);
    v.s_ = std::move(s);
    return v;
  }
  static Value array(std::vector<Value> items = {}) {
    Value v(Type::Array, 0);
    v.items_ = std::move(items);
    return v;
  }
  static Value object(Members members = {}) {
    Value v(Type::Object, 0);
    v.members_ = std::move(members);
    return v;
  }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_number() const { return type_ == Type::Int || type_ == Type::Double; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }
  bool as_bool() const { return i_ != 0; }
  int64_t as_int() const { return i_; }
  double as_double() const { return type_ == Type::Int ? double(i_) : d_; }
  const std::string& str() const { return s_; }
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  const Members& members() const { return members_; }
  Members& members() { return members_; }
  // Object member or nullptr.
  const Value* get(std::string_view key) const;
  Value* get(std::string_view key);
  // Sets (replacing) an object member.
  void set(std::string_view key, Value v);

  // JSON text in the style of Python's json.dumps (", " and ": "
  // separators), which is how the language prints and coerces literals.
  std::string dumps() const;
  // Compact JSON text.
  std::string json() const;
  void append_json(std::string& out, bool spaced) const;

  bool operator==(const Value& o) const { return compare(*this, o) == 0; }
  friend int compare(const Value& a, const Value& b);

 private:
  Value(Type t, int64_t i) : type_(t), i_(i) {}
  Type type_ = Type::Null;
  int64_t i_ = 0;
  double d_ = 0;
  std::string s_;
  std::vector<Value> items_;
  Members members_;
};

int compare(const Value& a, const Value& b);

// Rank of a type in the cross-type order.
inline int type_rank(Value::Type t) {
  switch (t) {
    case Value::Type::Null:
      return 0;
    case Value::Type::Bool:
      return 1;
    case Value::Type::Int:
    case Value::Type::Double:
      return 2;
    case Value::Type::String:
      return 3;
    case Value::Type::Array:
      return 4;
    case Value::Type::Object:
      return 5;
  }
  return 0;
}

int compare_numbers(double a, double b);

}  // namespace canopy
