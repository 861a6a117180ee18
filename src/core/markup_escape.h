// Escaping text for HTML and XML documents (reports, GraphML).
#pragma once

#include <string>
#include <string_view>

namespace canopy {

// Escapes text for HTML and XML: the five special characters become
// entities, control characters XML 1.0 forbids become U+FFFD, and so do
// bytes that are not valid UTF-8. In attributes (`attribute`), tabs and
// line breaks become character references so parsers keep them.
inline std::string markup_escape(std::string_view s, bool attribute = true) {
  std::string out;
  out.reserve(s.size());
  constexpr const char* kReplacement = "\xEF\xBF\xBD";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        case '\t':
          out += attribute ? "&#9;" : "\t";
          break;
        case '\n':
          out += attribute ? "&#10;" : "\n";
          break;
        case '\r':
          out += "&#13;";
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            out += kReplacement;
          else
            out.push_back(char(c));
      }
      ++i;
      continue;
    }
    // A multi-byte UTF-8 sequence: copy it when well formed (no overlong
    // forms, no surrogates, at most U+10FFFF, no U+FFFE/U+FFFF), else
    // replace one byte.
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool ok = n > 0 && c <= 0xF4 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n >= 3) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0) || (c == 0xF0 && d < 0x90) ||
          (c == 0xF4 && d >= 0x90))
        ok = false;
      if (c == 0xEF && d == 0xBF && static_cast<unsigned char>(s[i + 2]) >= 0xBE) ok = false;
    }
    if (ok) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

}  // namespace canopy
