#include "command/session.h"

#include <cctype>

namespace canopy {

Session::Session(Database& db) : db_(db) {
  std::unique_ptr<Command> all[] = {make_kinds_command(), make_search_command()};
  for (auto& c : all) {
    std::string name(c->name());
    commands_.emplace(std::move(name), std::move(c));
  }
}

namespace {

// Splits at `;` outside quotes.
std::vector<std::string_view> split_statements(std::string_view line) {
  std::vector<std::string_view> out;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\') {
      ++i;
    } else if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ';') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(line.substr(start));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

Status Session::execute(std::string_view line, std::string& out) {
  for (std::string_view stmt : split_statements(line)) {
    stmt = trim(stmt);
    if (stmt.empty()) continue;
    size_t sp = stmt.find_first_of(" \t");
    std::string_view name = stmt.substr(0, sp);
    std::string_view args =
        sp == std::string_view::npos ? std::string_view() : trim(stmt.substr(sp));
    auto it = commands_.find(name);
    if (it == commands_.end()) {
      std::string known;
      for (const auto& [n, c] : commands_) known += (known.empty() ? "" : ", ") + n;
      return Error{"unknown command '" + std::string(name) + "' (available: " + known + ")"};
    }
    if (Status st = it->second->run(args, db_, out); !st)
      return Error{std::string(name) + ": " + st.message()};
  }
  return Status::ok();
}

}  // namespace canopy
