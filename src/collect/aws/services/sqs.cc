#include "collect/aws/services/sqs.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/aws/services/refs.h"
#include "collect/json_builder.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::dom::element;
using namespace fields;

const Service& sqs() {
  return services::kSqs;
}

bool gone(const ApiError& e) {
  return e.code == "QueueDoesNotExist" || e.code == "AWS.SimpleQueueService.NonExistentQueue";
}

std::optional<int64_t> to_int(std::string_view s) {
  int64_t v;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// GetQueueAttributes' values are all strings: numbers, "true"/"false",
// epoch seconds and JSON documents.
class Attributes {
 public:
  explicit Attributes(element reply) { ok_ = reply["Attributes"].get(map_) == simdjson::SUCCESS; }
  std::string_view str(std::string_view name) const {
    return ok_ ? json_string(map_, name) : std::string_view();
  }
  std::optional<int64_t> num(std::string_view name) const { return to_int(str(name)); }
  std::optional<bool> flag(std::string_view name) const {
    if (str(name) == "true") return true;
    if (str(name) == "false") return false;
    return std::nullopt;
  }
  std::string time(std::string_view name) const {
    std::string_view text = str(name);
    if (text.empty()) return "";
    double seconds;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size()) return "";
    return format_datetime(int64_t(std::floor(seconds)));
  }

 private:
  bool ok_ = false;
  element map_;
};

// The queue's name and its account from https://sqs.<region>.amazonaws.com/<account>/<name>.
std::string_view last_segment(std::string_view url) {
  return url.substr(url.rfind('/') + 1);
}
std::string_view account_segment(std::string_view url) {
  url = url.substr(0, url.rfind('/'));
  return url.substr(url.rfind('/') + 1);
}

void policy(JsonBuilder& b, std::string_view key, std::string_view text) {
  if (text.empty()) return;
  simdjson::dom::parser parser;
  element e;
  if (parser.parse(text.data(), text.size()).get(e) == simdjson::SUCCESS && e.is_object())
    b.raw(key, simdjson::minify(e));
}

// {"deadLetterTargetArn": …, "maxReceiveCount": 5 or "5"}
void redrive_policy(JsonBuilder& b, std::string_view text) {
  if (text.empty()) return;
  simdjson::dom::parser parser;
  element e;
  if (parser.parse(text.data(), text.size()).get(e) != simdjson::SUCCESS || !e.is_object()) return;
  b.begin_object("sqs_redrive_policy");
  b.str_if("dead_letter_target_arn", json_string(e, "deadLetterTargetArn"));
  int64_t count;
  if (e["maxReceiveCount"].get(count) == simdjson::SUCCESS)
    b.num("max_receive_count", count);
  else
    b.num("max_receive_count", to_int(json_string(e, "maxReceiveCount")));
  b.end_object();
}

void write_queue(AccountContext& ctx, const std::string& region, const std::string& url,
                 const Attributes& a, const element* tags) {
  std::string name(last_segment(url));
  std::string arn(a.str("QueueArn"));
  if (arn.empty())
    arn = "arn:" + ctx.partition + ":sqs:" + region + ":" + std::string(account_segment(url)) +
          ":" + name;
  JsonBuilder b;
  b.str("kind", "aws_sqs_queue").str("id", name).str("name", name).str("arn", arn);
  if (tags)
    tag_map(b, *tags, "Tags");
  else
    b.begin_object("tags").end_object();
  b.str_if("ctime", a.time("CreatedTimestamp")).str_if("mtime", a.time("LastModifiedTimestamp"));
  b.str("sqs_queue_url", url);
  b.num("sqs_approximate_number_of_messages", a.num("ApproximateNumberOfMessages"));
  b.num("sqs_approximate_number_of_messages_not_visible",
        a.num("ApproximateNumberOfMessagesNotVisible"));
  b.num("sqs_approximate_number_of_messages_delayed", a.num("ApproximateNumberOfMessagesDelayed"));
  policy(b, "sqs_policy", a.str("Policy"));
  redrive_policy(b, a.str("RedrivePolicy"));
  b.boolean("sqs_fifo_queue", a.flag("FifoQueue"));
  b.boolean("sqs_content_based_deduplication", a.flag("ContentBasedDeduplication"));
  b.str_if("sqs_kms_master_key_id", a.str("KmsMasterKeyId"));
  b.num("sqs_kms_data_key_reuse_period_seconds", a.num("KmsDataKeyReusePeriodSeconds"));
  b.str_if("sqs_deduplication_scope", a.str("DeduplicationScope"));
  b.str_if("sqs_fifo_throughput_limit", a.str("FifoThroughputLimit"));
  b.str_if("sqs_redrive_allow_policy", a.str("RedriveAllowPolicy"));
  b.num("sqs_visibility_timeout", a.num("VisibilityTimeout"));
  b.num("sqs_maximum_message_size", a.num("MaximumMessageSize"));
  b.num("sqs_message_retention_period", a.num("MessageRetentionPeriod"));
  b.num("sqs_delay_seconds", a.num("DelaySeconds"));
  b.num("sqs_receive_message_wait_time_seconds", a.num("ReceiveMessageWaitTimeSeconds"));
  b.boolean("sqs_managed_sse_enabled", a.flag("SqsManagedSseEnabled"));
  std::string node = ctx.id("sqs_queue", arn);
  ctx.out.node(node, "aws_sqs_queue", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  kms_key_edges(ctx, region, node, a.str("KmsMasterKeyId"));
}

void queue(AccountContext& ctx, const std::string& region, const std::string& url) {
  std::string member = "\"QueueUrl\":" + json::quote(url);
  JsonReply attrs = json_call(ctx.client, sqs(), region, "GetQueueAttributes",
                              member + ",\"AttributeNames\":[\"All\"]");
  if (!attrs.ok) {
    if (!gone(attrs.error)) ctx.warn("sqs " + region + " GetQueueAttributes " + url, attrs.error);
    return;
  }
  JsonReply tags = json_call(ctx.client, sqs(), region, "ListQueueTags", member);
  if (!tags.ok) {
    if (gone(tags.error)) return;
    ctx.warn("sqs " + region + " ListQueueTags " + url, tags.error);
  }
  write_queue(ctx, region, url, Attributes(attrs.root), tags.ok ? &tags.root : nullptr);
}

}  // namespace

void collect_sqs(AccountContext& ctx, const std::string& region) {
  // Without MaxResults, ListQueues returns at most 1000 queues and no NextToken.
  auto st = json_pages(ctx.client, sqs(), region, "ListQueues", "\"MaxResults\":1000", "NextToken",
                       "NextToken",
                       each_listed<std::string>(
                           ctx,
                           [](const JsonReply& page, std::vector<std::string>& urls) {
                             for (element u : list(page.root, "QueueUrls"))
                               if (u.is_string()) urls.emplace_back(as_string(u));
                           },
                           [&](const std::string& url) { queue(ctx, region, url); }));
  if (!st.ok) ctx.warn("sqs " + region + " ListQueues", st.error);
}

}  // namespace canopy::aws
