// The stream of elements between the commands of a line: JSON values
// (nodes, rows, anything `json` emits) or lines of text. Streams are pulled
// one element at a time, so `search … | head 5` stops after five.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "query/executor.h"
#include "query/value.h"

namespace canopy {

// Search results that can be read without rendering them: `list` takes the
// few columns it shows straight from the graph.
class NodeRows {
 public:
  virtual ~NodeRows() = default;
  // The next row, or nullptr at the end.
  virtual const query::Row* next_row() = 0;
  virtual const query::Reader& reader() const = 0;
  virtual int64_t now() const = 0;
};

struct Element {
  bool is_text = false;
  std::string text;
  Value value;
  // A search result written straight from its document (when only text
  // output follows): `value` is then empty.
  const NodeRows* node = nullptr;
  uint32_t node_index = 0;

  static Element of_text(std::string t) {
    Element e;
    e.is_text = true;
    e.text = std::move(t);
    return e;
  }
  static Element of_value(Value v) {
    Element e;
    e.value = std::move(v);
    return e;
  }
};

class Stream {
 public:
  virtual ~Stream() = default;
  // The next element; false at the end.
  virtual Result<bool> next(Element& out) = 0;
  // Non-null when the elements are search results that can be read unrendered.
  virtual NodeRows* node_rows() { return nullptr; }
};

// A stream over elements produced up front.
class VectorStream : public Stream {
 public:
  explicit VectorStream(std::vector<Element> items) : items_(std::move(items)) {}
  Result<bool> next(Element& out) override {
    if (pos_ >= items_.size()) return false;
    out = std::move(items_[pos_++]);
    return true;
  }

 private:
  std::vector<Element> items_;
  size_t pos_ = 0;
};

// Lines of a text block, one element each.
std::unique_ptr<Stream> text_lines(const std::string& text);

// Text forms of values (as resh shows them).
// Python's str(): strings as they are, True/False/None, 1.5, [1, 'a'], {'k': 'v'}.
std::string python_str(const Value& v);
// An object or array as a YAML block (PyYAML's default block style).
std::string yaml_block(const Value& v);
// One element as the text output shows it; `first` is false after the first
// element (objects and arrays are then preceded by a `---` line).
void append_text(std::string& out, const Element& e, bool first);

}  // namespace canopy
