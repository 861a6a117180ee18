#include "report/library.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "command/list_format.h"
#include "core/time.h"
#include "report/validate.h"

namespace canopy::report {

namespace {

std::string stem(const std::string& name) {
  return name.size() > 5 && name.ends_with(".json") ? name.substr(0, name.size() - 5) : name;
}

// The *.json files of `dir`, sorted by name; none when it does not exist.
Result<std::vector<std::pair<std::string, std::string>>> read_dir(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    if (!in) return Error{"cannot read " + e.path().string()};
    std::ostringstream text;
    text << in.rdbuf();
    out.emplace_back(e.path().string(), text.str());
  }
  if (ec) return Error{"cannot list " + dir + ": " + ec.message()};
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Status Library::add_checks(const Model& model, const DefinitionFile& f, bool user) {
  auto checks = parse_check_file(f.text, f.name);
  if (!checks) return checks.status();
  int64_t now = now_seconds();
  for (auto& c : *checks) {
    CANOPY_RETURN_IF_ERROR(validate_check(c, model, now));
    auto it = checks_.find(c.id);
    if (it != checks_.end() && !user)
      return Error{f.name + ": check " + c.id + " is defined twice (also in " + it->second.source +
                   ")"};
    checks_[c.id] = std::move(c);
  }
  return {};
}

Status Library::add_benchmark(const DefinitionFile& f, bool user) {
  std::string id = stem(std::filesystem::path(f.name).filename().string());
  if (user && benchmarks_.count(id))
    return Error{f.name + ": benchmark " + id + " is shipped with Canopy and cannot be replaced"};
  auto b = parse_benchmark_file(f.text, id, f.name);
  if (!b) return b.status();
  benchmarks_[id] = std::move(*b);
  return {};
}

Status Library::check_references() const {
  for (const auto& [id, b] : benchmarks_) {
    std::vector<std::string> ids;
    collect_check_ids(b.root, ids);
    for (const auto& c : ids)
      if (!checks_.count(c))
        return Error{b.source + ": benchmark " + id + " names unknown check " + c};
  }
  return {};
}

Result<std::unique_ptr<Library>> Library::load(const Model& model,
                                               const std::vector<DefinitionFile>& checks,
                                               const std::vector<DefinitionFile>& benchmarks) {
  auto lib = std::unique_ptr<Library>(new Library());
  for (const auto& f : checks) CANOPY_RETURN_IF_ERROR(lib->add_checks(model, f, false));
  for (const auto& f : benchmarks) CANOPY_RETURN_IF_ERROR(lib->add_benchmark(f, false));
  CANOPY_RETURN_IF_ERROR(lib->check_references());
  return lib;
}

Status Library::read_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};  // no configuration
  std::ostringstream text;
  text << in.rdbuf();
  auto doc = parse_json(text.str());
  if (!doc) return Error{path + ": " + doc.message()};
  if (!doc->is_object()) return Error{path + ": expected an object"};
  for (const auto& [key, value] : doc->members()) {
    if (key == "ignore_checks" || key == "ignore_accounts") {
      if (!value.is_array()) return Error{path + ": " + key + " must be a list of ids"};
      auto& list = key == "ignore_checks" ? config_.ignore_checks : config_.ignore_accounts;
      for (const Value& v : value.items()) {
        if (!v.is_string()) return Error{path + ": " + key + " must be a list of ids"};
        if (key == "ignore_checks" && !checks_.count(v.str()))
          return Error{path + ": ignore_checks names unknown check " + v.str()};
        list.push_back(v.str());
      }
    } else if (key == "override_values") {
      if (!value.is_object()) return Error{path + ": override_values must be an object"};
      for (const auto& [name, v] : value.members()) config_.override_values[name] = v;
    } else {
      return Error{path + ": unknown setting " + key +
                   " (known: ignore_checks, ignore_accounts, override_values)"};
    }
  }
  return {};
}

Result<std::unique_ptr<Library>> Library::load(const Model& model, const std::string& data_dir) {
  auto lib = load(model, shipped_checks(), shipped_benchmarks());
  if (!lib || data_dir.empty()) return lib;
  for (const char* kind : {"checks", "benchmarks"}) {
    auto files = read_dir(data_dir + "/" + kind);
    if (!files) return files.status();
    for (auto& [name, text] : *files) {
      (*lib)->user_texts_.push_back(std::move(text));
      DefinitionFile f{name, (*lib)->user_texts_.back()};
      Status st = std::string_view(kind) == "checks" ? (*lib)->add_checks(model, f, true)
                                                     : (*lib)->add_benchmark(f, true);
      CANOPY_RETURN_IF_ERROR(st);
    }
  }
  CANOPY_RETURN_IF_ERROR((*lib)->check_references());
  CANOPY_RETURN_IF_ERROR((*lib)->read_config(data_dir + "/report.json"));
  (*lib)->user_texts_.clear();  // everything was copied out
  return lib;
}

const Check* Library::check(std::string_view id) const {
  auto it = checks_.find(id);
  return it == checks_.end() ? nullptr : &it->second;
}

std::vector<const Check*> Library::checks_of(const Benchmark& b) const {
  std::vector<std::string> ids;
  collect_check_ids(b.root, ids);
  std::vector<const Check*> out;
  for (const auto& id : ids)
    if (const Check* c = check(id)) out.push_back(c);
  return out;
}

const Benchmark* Library::benchmark(std::string_view id) const {
  auto it = benchmarks_.find(id);
  return it == benchmarks_.end() ? nullptr : &it->second;
}

}  // namespace canopy::report
