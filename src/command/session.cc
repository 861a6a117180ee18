#include "command/session.h"

#include <cctype>

#include "command/pipeline.h"
#include "core/time.h"
#include "query/executor.h"

namespace canopy {

void enable_search_selectors(Database& db) {
  db.set_search_resolver(
      [](const Graph& g, const std::string& search) -> Result<std::vector<uint32_t>> {
        // Collectors write these searches with full paths (reported.arn == …).
        query::ExecOptions opts;
        opts.section = "";
        opts.now = now_seconds();
        auto result = query::run_query(g, search, opts);
        if (!result) return result.status();
        std::vector<uint32_t> nodes;
        for (const auto& row : result->rows) nodes.push_back(row.node);
        return nodes;
      });
}

Session::Session(Database& db) : db_(db) {}

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
  return execute(line, [&out](std::string_view piece) {
    out.append(piece);
    return true;
  });
}

Status Session::execute(std::string_view line, const std::function<bool(std::string_view)>& sink) {
  for (std::string_view stmt : split_statements(line)) {
    stmt = trim(stmt);
    if (stmt.empty()) continue;
    auto parsed = parse_line(stmt);
    if (!parsed) return parsed.status();
    CANOPY_RETURN_IF_ERROR(run_line(parsed.value(), db_, sink, cancel_));
  }
  return Status::ok();
}

}  // namespace canopy
