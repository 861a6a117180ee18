// Strings kept once each and named by a number: the node ids, aliases and
// edge ends of a collect, which repeat (an ARN is a node's alias and the end
// of several edges). A string costs its bytes plus about 24 bytes, instead of
// a std::string in every map and set that mentions it.
//
//   Names names;
//   uint32_t n = names.add("arn:aws:s3:::logs");  // the same number on every add
//   names.find("arn:aws:s3:::logs") == n;  names[n] == "arn:aws:s3:::logs"
//
// Not thread-safe: GraphOut calls it under its lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace canopy::collect {

class Names {
 public:
  // The number of `s`, adding it when it is new (numbers count from 0).
  uint32_t add(std::string_view s);
  std::optional<uint32_t> find(std::string_view s) const;
  std::string_view operator[](uint32_t n) const { return views_[n]; }
  size_t size() const { return views_.size(); }

 private:
  std::string_view store(std::string_view s);
  size_t slot_of(std::string_view s) const;  // where `s` is, or the empty slot it would take
  void grow();

  // The bytes live in chunks that never move, so the views stay valid.
  std::vector<std::unique_ptr<char[]>> chunks_, long_;
  size_t chunk_used_ = 0;  // bytes of the last chunk in use
  std::vector<std::string_view> views_;
  // Open addressing with linear probing: a name's number + 1, 0 when empty.
  std::vector<uint32_t> slots_;
};

}  // namespace canopy::collect
