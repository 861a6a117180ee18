#include "collect/aws/services/ssm.h"

#include <optional>
#include <utility>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;
using namespace fields;

const Service& ssm() {
  return services::kSsm;
}

std::string part(const std::string& region, const std::string& what) {
  return call_part("ssm", region, what);
}

// Every page of a paged call, to `on_page` in turn.
template <class OnPage>
void list(AccountContext& ctx, const std::string& region, const std::string& op,
          const std::string& members, OnPage on_page) {
  auto st = json_pages(ctx.client, ssm(), region, op, members, "NextToken", "NextToken", on_page);
  if (!st.ok) ctx.warn(part(region, op), st.error);
}

// --- managed instances ---------------------------------------------------------------------------

void instance(AccountContext& ctx, const std::string& region, element i) {
  std::string id(json_string(i, "InstanceId"));
  std::string_view name = json_string(i, "Name");
  JsonBuilder b;
  b.str("kind", "aws_ssm_instance").str("id", id).str("name", name.empty() ? id : name);
  text(b, "instance_id", i, "InstanceId");
  text(b, "ping_status", i, "PingStatus");
  epoch_time(b, "last_ping", i, "LastPingDateTime");
  text(b, "agent_version", i, "AgentVersion");
  flag(b, "is_latest_version", i, "IsLatestVersion");
  text(b, "platform_type", i, "PlatformType");
  text(b, "platform_name", i, "PlatformName");
  text(b, "platform_version", i, "PlatformVersion");
  text(b, "activation_id", i, "ActivationId");
  text(b, "iam_role", i, "IamRole");
  epoch_time(b, "registration_date", i, "RegistrationDate");
  text(b, "resource_type", i, "ResourceType");
  text(b, "ip_address", i, "IPAddress");
  text(b, "computer_name", i, "ComputerName");
  text(b, "association_status", i, "AssociationStatus");
  epoch_time(b, "last_association_execution_date", i, "LastAssociationExecutionDate");
  epoch_time(b, "last_successful_association_execution_date", i,
             "LastSuccessfulAssociationExecutionDate");
  object(b, "association_overview", i, "AssociationOverview", [&](element o) {
    text(b, "detailed_status", o, "DetailedStatus");
    simdjson::dom::object counts;
    if (o["InstanceAssociationStatusAggregatedCount"].get(counts) != SUCCESS) return;
    b.begin_object("instance_association_status_aggregated_count");
    for (auto [status, count] : counts) {
      int64_t n;
      if (count.get(n) == SUCCESS) b.num(status, n);
    }
    b.end_object();
  });
  text(b, "source_id", i, "SourceId");
  text(b, "source_type", i, "SourceType");

  std::string node = ctx.id("ssm_instance", region + "/" + id);
  ctx.out.node(node, "aws_ssm_instance", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  if (json_string(i, "ResourceType") == "EC2Instance") {
    std::string ec2 = ctx.id("instance", id);
    ctx.out.edge(node, ec2);
    ctx.out.edge(ec2, node, true);
  }
}

// --- documents -----------------------------------------------------------------------------------

// The document's content as a JSON object. AWS converts YAML documents to
// JSON when asked to; other formats (TEXT) have no object form.
std::optional<std::string> content(AccountContext& ctx, const std::string& region,
                                   const std::string& name, std::string_view format) {
  if (format != "JSON" && format != "YAML") return std::nullopt;
  JsonReply r = json_call(ctx.client, ssm(), region, "GetDocument",
                          "\"Name\":" + json::quote(name) + ",\"DocumentFormat\":\"JSON\"");
  if (!r.ok) {
    if (r.error.code != "InvalidDocument") ctx.warn(part(region, "GetDocument " + name), r.error);
    return std::nullopt;
  }
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(std::string(json_string(r.root, "Content"))).get(doc) != SUCCESS ||
      !doc.is_object())
    return std::nullopt;
  return simdjson::minify(doc);
}

struct Sharing {
  std::vector<std::string> accounts;
  std::vector<std::pair<std::string, std::string>> versions;  // account → shared version
};

// Every page (DescribeDocumentPermission has a NextToken that the original
// collector did not follow).
std::optional<Sharing> sharing(AccountContext& ctx, const std::string& region,
                               const std::string& name) {
  Sharing out;
  auto st = json_pages(
      ctx.client, ssm(), region, "DescribeDocumentPermission",
      "\"Name\":" + json::quote(name) + ",\"PermissionType\":\"Share\",\"MaxResults\":200",
      "NextToken", "NextToken", [&](const JsonReply& page) {
        for (element a : fields::list(page.root, "AccountIds"))
          if (a.is_string()) out.accounts.emplace_back(as_string(a));
        for (element i : fields::list(page.root, "AccountSharingInfoList"))
          out.versions.emplace_back(json_string(i, "AccountId"),
                                    json_string(i, "SharedDocumentVersion"));
      });
  if (!st.ok) {
    if (st.error.code != "InvalidDocument")
      ctx.warn(part(region, "DescribeDocumentPermission " + name), st.error);
    return std::nullopt;
  }
  return out;
}

// `doc` is DescribeDocument's Document, or the ListDocuments entry when that
// call failed (same member names, fewer of them).
void write_document(JsonBuilder& b, element doc) {
  epoch_time(b, "ctime", doc, "CreatedDate");
  tag_list(b, doc, "Tags");
  text(b, "sha1", doc, "Sha1");
  text(b, "hash", doc, "Hash");
  text(b, "hash_type", doc, "HashType");
  text(b, "display_name", doc, "DisplayName");
  text(b, "version_name", doc, "VersionName");
  text(b, "owner", doc, "Owner");
  text(b, "status", doc, "Status");
  text(b, "status_information", doc, "StatusInformation");
  text(b, "document_version", doc, "DocumentVersion");
  text(b, "description", doc, "Description");
  objects(b, "parameters", doc, "Parameters", [&](element p) {
    text(b, "name", p, "Name");
    text(b, "type", p, "Type");
    text(b, "description", p, "Description");
    text(b, "default_value", p, "DefaultValue");
  });
  strings(b, "platform_types", doc, "PlatformTypes");
  text(b, "document_type", doc, "DocumentType");
  text(b, "schema_version", doc, "SchemaVersion");
  text(b, "latest_version", doc, "LatestVersion");
  text(b, "default_version", doc, "DefaultVersion");
  text(b, "document_format", doc, "DocumentFormat");
  text(b, "target_type", doc, "TargetType");
  b.begin_array("attachments_information");
  for (element a : fields::list(doc, "AttachmentsInformation"))
    b.str_element(json_string(a, "Name"));
  b.end_array();
  objects(b, "requires", doc, "Requires", [&](element r) {
    text(b, "name", r, "Name");
    text(b, "version", r, "Version");
    text(b, "require_type", r, "RequireType");
    text(b, "version_name", r, "VersionName");
  });
  text(b, "author", doc, "Author");
  objects(b, "review_information", doc, "ReviewInformation", [&](element r) {
    epoch_time(b, "reviewed_time", r, "ReviewedTime");
    text(b, "status", r, "Status");
    text(b, "reviewer", r, "Reviewer");
  });
  text(b, "approved_version", doc, "ApprovedVersion");
  text(b, "pending_review_version", doc, "PendingReviewVersion");
  text(b, "review_status", doc, "ReviewStatus");
  strings(b, "category", doc, "Category");
  strings(b, "category_enum", doc, "CategoryEnum");
}

void document(AccountContext& ctx, const std::string& region, element listed) {
  std::string name(json_string(listed, "Name"));
  JsonReply d =
      json_call(ctx.client, ssm(), region, "DescribeDocument", "\"Name\":" + json::quote(name));
  element doc = listed;
  if (!d.ok) {
    if (d.error.code == "InvalidDocument") return;  // deleted since it was listed
    ctx.warn(part(region, "DescribeDocument " + name), d.error);
  } else if (d.root["Document"].get(doc) != SUCCESS) {
    doc = listed;
  }
  std::optional<std::string> body = content(ctx, region, name, json_string(doc, "DocumentFormat"));
  std::optional<Sharing> shared = sharing(ctx, region, name);

  JsonBuilder b;
  b.str("kind", "aws_ssm_document").str("id", name).str("name", name);
  b.str("arn",
        "arn:" + ctx.partition + ":ssm:" + region + ":" + ctx.account_id + ":document/" + name);
  write_document(b, doc);
  if (body) b.raw("content", *body);
  if (shared) {
    b.begin_array("document_shared_with_accounts");  // [] when shared with nobody
    for (const auto& a : shared->accounts) b.str_element(a);
    b.end_array();
    b.begin_array("document_sharing_info");
    for (const auto& [account, version] : shared->versions)
      b.begin_object()
          .str_if("account_id", account)
          .str_if("shared_document_version", version)
          .end_object();
    b.end_array();
  }
  std::string node = ctx.id("ssm_document", region + "/" + name);
  ctx.out.node(node, "aws_ssm_document", b.take());
  ctx.out.edge(ctx.region_node(region), node);
}

// --- resource compliance -------------------------------------------------------------------------

void severities(JsonBuilder& b, element summary) {
  object(b, "severity_summary", summary, "SeveritySummary", [&](element s) {
    integer(b, "critical_count", s, "CriticalCount");
    integer(b, "high_count", s, "HighCount");
    integer(b, "medium_count", s, "MediumCount");
    integer(b, "low_count", s, "LowCount");
    integer(b, "informational_count", s, "InformationalCount");
    integer(b, "unspecified_count", s, "UnspecifiedCount");
  });
}

// The node a compliance summary is about, by its resource type.
std::string compliance_target(AccountContext& ctx, const std::string& region, std::string_view type,
                              const std::string& id) {
  if (type == "ManagedInstance" || type == "AWS::EC2::Instance") return ctx.id("instance", id);
  if (type == "AWS::S3::Bucket") return ctx.id("s3_bucket", id);
  if (type == "Document") return ctx.id("ssm_document", region + "/" + id);
  // Tables are known by their ARN (the summary names the table).
  if (type == "AWS::DynamoDB::Table")
    return "arn:" + ctx.partition + ":dynamodb:" + region + ":" + ctx.account_id + ":table/" + id;
  return "";
}

void compliance(AccountContext& ctx, const std::string& region, element c) {
  std::string type(json_string(c, "ResourceType")), resource(json_string(c, "ResourceId"));
  std::string id = std::string(json_string(c, "ComplianceType")) + "_" + type + "_" + resource;
  JsonBuilder b;
  b.str("kind", "aws_ssm_resource_compliance").str("id", id).str("name", id);
  text(b, "compliance_type", c, "ComplianceType");
  text(b, "resource_type", c, "ResourceType");
  text(b, "resource_id", c, "ResourceId");
  text(b, "status", c, "Status");
  text(b, "overall_severity", c, "OverallSeverity");
  object(b, "execution_summary", c, "ExecutionSummary", [&](element e) {
    epoch_time(b, "execution_time", e, "ExecutionTime");
    text(b, "execution_id", e, "ExecutionId");
    text(b, "execution_type", e, "ExecutionType");
  });
  object(b, "compliant_summary", c, "CompliantSummary", [&](element s) {
    integer(b, "compliant_count", s, "CompliantCount");
    severities(b, s);
  });
  object(b, "non_compliant_summary", c, "NonCompliantSummary", [&](element s) {
    integer(b, "non_compliant_count", s, "NonCompliantCount");
    severities(b, s);
  });
  std::string node = ctx.id("ssm_compliance", region + "/" + id);
  ctx.out.node(node, "aws_ssm_resource_compliance", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  if (auto target = compliance_target(ctx, region, type, resource); !target.empty())
    ctx.out.edge(node, target);
}

void instances(AccountContext& ctx, const std::string& region) {
  list(ctx, region, "DescribeInstanceInformation", "\"MaxResults\":50", [&](const JsonReply& page) {
    for (element i : fields::list(page.root, "InstanceInformationList")) instance(ctx, region, i);
  });
}

void documents(AccountContext& ctx, const std::string& region) {
  list(ctx, region, "ListDocuments",
       R"("Filters":[{"Key":"Owner","Values":["Self"]}],"MaxResults":50)",
       each_listed<element>(
           ctx,
           [](const JsonReply& page, std::vector<element>& found) {
             for (element d : fields::list(page.root, "DocumentIdentifiers")) found.push_back(d);
           },
           [&](element d) { document(ctx, region, d); }));
}

void compliance_summaries(AccountContext& ctx, const std::string& region) {
  list(ctx, region, "ListResourceComplianceSummaries", "\"MaxResults\":50",
       [&](const JsonReply& page) {
         for (element c : fields::list(page.root, "ResourceComplianceSummaryItems"))
           compliance(ctx, region, c);
       });
}

}  // namespace

void collect_ssm(AccountContext& ctx, const std::string& region) {
  void (*parts[])(AccountContext&, const std::string&) = {instances, documents,
                                                          compliance_summaries};
  ctx.parallel(
      3, [&](size_t i) { parts[i](ctx, region); }, 3);
}

}  // namespace canopy::aws
