// Conversions between JSON text and encoded documents (doc.h), without any
// knowledge of kinds: JSON objects become objects with interned keys,
// datetimes print in their canonical text form.
#pragma once

#include <string>

#include "core/doc.h"
#include "core/result.h"
#include "core/symbols.h"

namespace simdjson::dom {
class element;
}

namespace canopy {

// Appends `v` as compact JSON. Keys are sorted by name when `sorted` is set
// (a canonical form for hashing and comparison).
void append_json(std::string& out, DocView v, const Symbols& syms, bool sorted = false);
std::string to_json(DocView v, const Symbols& syms, bool sorted = false);

class StringEncoder;

// Encodes any JSON value verbatim (numbers stay numbers, strings stay
// strings). With an encoder, strings are stored compactly; `key` is the
// member name the value sits under.
void encode_json(DocWriter& w, const simdjson::dom::element& e, Symbols& syms,
                 StringEncoder* strings = nullptr, Sym key = Symbols::kNone);

// Parses JSON text and encodes it. For tests and small inputs.
Result<std::vector<uint8_t>> encode_json_text(std::string_view text, Symbols& syms);

}  // namespace canopy
