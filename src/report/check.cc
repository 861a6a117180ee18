#include "report/check.h"

#include <algorithm>

#include "command/list_format.h"

namespace canopy::report {

namespace {

constexpr std::string_view kSeverities[] = {"info", "low", "medium", "high", "critical"};

std::string text_of(const Value& obj, std::string_view key) {
  const Value* v = obj.get(key);
  return v && v->is_string() ? v->str() : std::string();
}

std::vector<std::string> strings_of(const Value& obj, std::string_view key) {
  std::vector<std::string> out;
  if (const Value* v = obj.get(key); v && v->is_array())
    for (const Value& item : v->items())
      if (item.is_string()) out.push_back(item.str());
  return out;
}

Status require(bool ok, const std::string& where, std::string_view what) {
  if (ok) return {};
  return Error{where + ": " + std::string(what)};
}

Result<Check> read_check(const Value& c, const std::string& provider, const std::string& service,
                         const std::string& source, size_t index) {
  Check k;
  k.provider = provider;
  k.service = service;
  k.source = source;
  k.name = text_of(c, "name");
  std::string where = source + ": check #" + std::to_string(index + 1);
  CANOPY_RETURN_IF_ERROR(require(!k.name.empty(), where, "has no name"));
  k.id = provider + "_" + service + "_" + k.name;
  where = source + ": check " + k.id;
  k.title = text_of(c, "title");
  k.risk = text_of(c, "risk");
  k.url = text_of(c, "url");
  k.result_kinds = strings_of(c, "result_kinds");
  if (k.result_kinds.empty() && !text_of(c, "result_kind").empty())
    k.result_kinds.push_back(text_of(c, "result_kind"));
  k.categories = strings_of(c, "categories");
  k.related = strings_of(c, "related");
  auto sev = parse_severity(text_of(c, "severity"));
  CANOPY_RETURN_IF_ERROR(
      require(sev.has_value(), where, "severity must be info, low, medium, high or critical"));
  k.severity = *sev;
  const Value* detect = c.get("detect");
  CANOPY_RETURN_IF_ERROR(require(detect && detect->is_object(), where, "has no detect object"));
  if (!text_of(*detect, "resoto").empty()) {
    k.detect = Detect::Search;
    k.detect_text = text_of(*detect, "resoto");
  } else if (!text_of(*detect, "resoto_cmd").empty()) {
    k.detect = Detect::Command;
    k.detect_text = text_of(*detect, "resoto_cmd");
  } else if (detect->get("manual")) {
    k.detect = Detect::Manual;
    k.detect_text = text_of(*detect, "manual");
  } else {
    return Error{where + ": detect needs resoto, resoto_cmd or manual"};
  }
  const Value* rem = c.get("remediation");
  if (rem && rem->is_object()) {
    k.remediation_text = text_of(*rem, "text");
    k.remediation_url = text_of(*rem, "url");
    if (const Value* a = rem->get("action"); a && a->is_object()) k.remediation_action = *a;
  }
  if (const Value* d = c.get("default_values"); d && d->is_object()) k.default_values = *d;
  CANOPY_RETURN_IF_ERROR(require(!k.title.empty(), where, "has no title"));
  CANOPY_RETURN_IF_ERROR(require(!k.risk.empty(), where, "has no risk"));
  CANOPY_RETURN_IF_ERROR(require(!k.remediation_text.empty() && !k.remediation_url.empty(), where,
                                 "needs remediation.text and remediation.url"));
  if (!k.manual()) {
    CANOPY_RETURN_IF_ERROR(require(!k.result_kinds.empty(), where, "has no result_kinds"));
    for (const auto& kind : k.result_kinds)
      CANOPY_RETURN_IF_ERROR(require(k.detect_text.find(kind) != std::string::npos, where,
                                     "result kind " + kind + " does not occur in its detect text"));
  }
  return k;
}

Result<Section> read_section(const Value& s, const std::string& where, bool root) {
  Section out;
  out.title = text_of(s, "title");
  out.description = text_of(s, "description");
  out.documentation = text_of(s, "documentation");
  if (!root && out.title.empty()) return Error{where + ": a section has no title"};
  out.checks = strings_of(s, "checks");
  if (const Value* ch = s.get("children"); ch && ch->is_array())
    for (const Value& c : ch->items()) {
      auto child = read_section(c, where, false);
      if (!child) return child.status();
      out.children.push_back(std::move(*child));
    }
  return out;
}

}  // namespace

std::string_view severity_name(Severity s) {
  return kSeverities[static_cast<int>(s)];
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (int i = 0; i < 5; ++i)
    if (kSeverities[i] == text) return static_cast<Severity>(i);
  return std::nullopt;
}

Result<std::vector<Check>> parse_check_file(std::string_view json, const std::string& source) {
  auto doc = parse_json(json);
  if (!doc) return Error{source + ": " + doc.message()};
  if (!doc->is_object())
    return Error{source + ": expected an object with provider, service, checks"};
  std::string provider = text_of(*doc, "provider"), service = text_of(*doc, "service");
  if (provider.empty() || service.empty())
    return Error{source + ": provider and service are required"};
  const Value* checks = doc->get("checks");
  if (!checks || !checks->is_array()) return Error{source + ": checks must be an array"};
  std::vector<Check> out;
  for (size_t i = 0; i < checks->items().size(); ++i) {
    auto c = read_check(checks->items()[i], provider, service, source, i);
    if (!c) return c.status();
    out.push_back(std::move(*c));
  }
  return out;
}

Result<Benchmark> parse_benchmark_file(std::string_view json, const std::string& id,
                                       const std::string& source) {
  auto doc = parse_json(json);
  if (!doc) return Error{source + ": " + doc.message()};
  if (!doc->is_object()) return Error{source + ": expected a benchmark object"};
  Benchmark b;
  b.id = id;
  b.source = source;
  b.title = text_of(*doc, "title");
  b.framework = text_of(*doc, "framework");
  b.version = text_of(*doc, "version");
  b.description = text_of(*doc, "description");
  b.documentation = text_of(*doc, "documentation");
  b.clouds = strings_of(*doc, "clouds");
  if (b.title.empty() || b.framework.empty() || b.version.empty())
    return Error{source + ": benchmark " + id + " needs title, framework and version"};
  auto root = read_section(*doc, source + ": benchmark " + id, true);
  if (!root) return root.status();
  b.root = std::move(*root);
  return b;
}

void collect_check_ids(const Section& s, std::vector<std::string>& out) {
  for (const auto& id : s.checks)
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  for (const auto& child : s.children) collect_check_ids(child, out);
}

Value check_json(const Check& c) {
  auto strings = [](const std::vector<std::string>& v) {
    std::vector<Value> out;
    for (const auto& s : v) out.push_back(Value::string(s));
    return Value::array(std::move(out));
  };
  const char* key = c.detect == Detect::Search    ? "resoto"
                    : c.detect == Detect::Command ? "resoto_cmd"
                                                  : "manual";
  return Value::object({
      {"id", Value::string(c.id)},
      {"provider", Value::string(c.provider)},
      {"service", Value::string(c.service)},
      {"title", Value::string(c.title)},
      {"result_kinds", strings(c.result_kinds)},
      {"categories", strings(c.categories)},
      {"severity", Value::string(std::string(severity_name(c.severity)))},
      {"risk", Value::string(c.risk)},
      {"detect", Value::object({{key, Value::string(c.detect_text)}})},
      {"remediation", Value::object({{"text", Value::string(c.remediation_text)},
                                     {"url", Value::string(c.remediation_url)},
                                     {"action", c.remediation_action}})},
      {"default_values", c.default_values},
      {"url", c.url.empty() ? Value() : Value::string(c.url)},
      {"related", c.related.empty() ? Value() : strings(c.related)},
  });
}

}  // namespace canopy::report
