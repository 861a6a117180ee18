#include "command/command.h"

namespace canopy {

Result<std::vector<std::string>> split_words(std::string_view args) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    char c = args[i];
    if (c == '\\' && i + 1 < args.size()) {
      cur += args[++i];
      in_word = true;
    } else if (quote) {
      if (c == quote)
        quote = 0;
      else
        cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(std::move(cur)), cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote) return Error{std::string("unbalanced quote ") + quote + " in: " + std::string(args)};
  if (in_word) out.push_back(std::move(cur));
  return out;
}

}  // namespace canopy
