// Validation and coercion of JSON values against kinds: a value that fits is
// written to a DocWriter in its canonical form (datetimes as timestamps,
// durations as "<n>s", numeric strings as numbers, …); a value that does not
// fit yields an error naming the property path and what was expected.
#pragma once

#include <string>

#include "core/doc.h"
#include "core/result.h"
#include "model/kind.h"
#include "model/model.h"

namespace simdjson::dom {
class element;
class object;
}  // namespace simdjson::dom

namespace canopy {

class StringEncoder;

// Where a value sits, for error messages: built as a chain on the stack and
// turned into text ("reported.a.b[2]") only when an error is reported.
struct ValuePath {
  const ValuePath* parent = nullptr;
  std::string_view name;
  int64_t index = -1;  // array element, or -1
  std::string str() const;
};

class Coercer {
 public:
  // With `strings`, string values are stored compactly (core/string_encoder.h).
  explicit Coercer(const Model& model, StringEncoder* strings = nullptr)
      : syms_(model.symbols()), strings_(strings) {}

  // Writes `e` as a value of kind `k`. `path` is the property path used in
  // error messages (e.g. "reported.access_key_last_used").
  // `key` is the property (or dictionary key) the value belongs to.
  Status value(const Kind& k, const simdjson::dom::element& e, DocWriter& w, const ValuePath& path,
               Sym key = Symbols::kNone);

  // Writes the properties of `o` as an object of complex kind `k`. Null
  // values and synthetic properties are dropped.
  Status object(const Kind& k, const simdjson::dom::object& o, DocWriter& w, const ValuePath& path);
  // Like object(), but writes only the members: the caller opens and closes
  // the object (to append fields of its own).
  Status fields(const Kind& k, const simdjson::dom::object& o, DocWriter& w, const ValuePath& path);

 private:
  Status simple(const Kind& k, const simdjson::dom::element& e, DocWriter& w, const ValuePath& path,
                Sym key);
  void string(DocWriter& w, Sym key, std::string_view s);
  Symbols& syms_;
  StringEncoder* strings_;
};

}  // namespace canopy
