#include "collect/aws/services/sns.h"

#include <functional>
#include <map>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "collect/aws/services/listing.h"
#include "collect/aws/services/query_fields.h"
#include "collect/aws/services/refs.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using Attributes = std::map<std::string, std::string, std::less<>>;

std::string part(const std::string& region, const std::string& what) {
  return call_part("sns", region, what);
}

// Every page of `action`: the entries `pick` chooses, to `each` a page at a time.
template <class Item, class Pick, class Each>
void each_listed_in(AccountContext& ctx, const std::string& region, const std::string& action,
                    Pick pick, Each each) {
  auto st = query_pages(ctx.client, services::kSns, region, action, {},
                        each_listed<Item>(ctx, pick, each));
  if (!st.ok) ctx.warn(part(region, action), st.error);
}

// GetTopicAttributes / GetSubscriptionAttributes: a string map of entries.
Attributes attributes(const XmlReply& r) {
  Attributes out;
  for (auto e : r.result.child("Attributes").children("entry"))
    out[e.child_value("key")] = e.child_value("value");
  return out;
}

std::string_view get(const Attributes& a, std::string_view key) {
  auto it = a.find(key);
  return it == a.end() ? std::string_view() : std::string_view(it->second);
}

void flag(JsonBuilder& b, std::string_view key, const Attributes& a, std::string_view attr) {
  if (auto s = get(a, attr); !s.empty()) b.boolean(key, s == "true");
}

// A JSON document held in an attribute (a policy), as an object; nothing when it is none.
void json_object(JsonBuilder& b, std::string_view key, std::string_view text) {
  if (text.empty()) return;
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(text.data(), text.size()).get(o) == simdjson::SUCCESS)
    b.raw(key, simdjson::minify(o));
}

struct Topic {
  std::string arn;
  Attributes attrs;
  std::map<std::string, std::string> tags;
  bool found = false;
};

void read_topic(AccountContext& ctx, const std::string& region, Topic& t) {
  XmlReply r =
      query_call(ctx.client, services::kSns, region, "GetTopicAttributes", {{"TopicArn", t.arn}});
  if (!r.ok) {
    if (r.error.code != "NotFound") ctx.warn(part(region, "GetTopicAttributes " + t.arn), r.error);
    return;
  }
  t.attrs = attributes(r);
  t.found = true;
  XmlReply tags = query_call(ctx.client, services::kSns, region, "ListTagsForResource",
                             {{"ResourceArn", t.arn}});
  if (!tags.ok) {
    if (tags.error.code != "ResourceNotFound")
      ctx.warn(part(region, "ListTagsForResource " + t.arn), tags.error);
    return;
  }
  for (auto m : tags.result.child("Tags").children("member"))
    t.tags[m.child_value("Key")] = m.child_value("Value");
}

void write_topic(AccountContext& ctx, const std::string& region, const Topic& t) {
  const Attributes& a = t.attrs;
  JsonBuilder b;
  b.str("kind", "aws_sns_topic").str("id", t.arn);
  b.str("name", t.arn.substr(t.arn.rfind(':') + 1)).str("arn", t.arn);
  b.begin_object("tags");
  for (const auto& [k, val] : t.tags) b.str(k, val);
  b.end_object();
  b.num("topic_subscriptions_confirmed", qfields::integer(get(a, "SubscriptionsConfirmed")));
  b.num("topic_subscriptions_deleted", qfields::integer(get(a, "SubscriptionsDeleted")));
  b.num("topic_subscriptions_pending", qfields::integer(get(a, "SubscriptionsPending")));
  json_object(b, "topic_policy", get(a, "Policy"));
  b.str_if("topic_delivery_policy", get(a, "DeliveryPolicy"));
  b.str_if("topic_effective_delivery_policy", get(a, "EffectiveDeliveryPolicy"));
  b.str_if("topic_owner", get(a, "Owner"));
  b.str_if("topic_kms_master_key_id", get(a, "KmsMasterKeyId"));
  // Standard topics do not have these two attributes at all.
  b.boolean("topic_fifo_topic", get(a, "FifoTopic") == "true");
  b.boolean("topic_content_based_deduplication", get(a, "ContentBasedDeduplication") == "true");

  std::string node = ctx.id("sns_topic", t.arn);
  ctx.out.node(node, "aws_sns_topic", b.take());
  ctx.out.alias(t.arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  // Keys named by an alias (alias/aws/sns) give no edge.
  kms_key_edges(ctx, region, node, get(a, "KmsMasterKeyId"));
}

void topics(AccountContext& ctx, const std::string& region) {
  each_listed_in<Topic>(
      ctx, region, "ListTopics",
      [](const XmlReply& page, std::vector<Topic>& found) {
        for (auto m : page.result.child("Topics").children("member"))
          if (*m.child_value("TopicArn"))
            found.push_back({m.child_value("TopicArn"), {}, {}, false});
      },
      [&](Topic& t) {
        read_topic(ctx, region, t);
        if (t.found) write_topic(ctx, region, t);
      });
}

struct Subscription {
  pugi::xml_node listed;
  std::string arn;
};

void write_subscription(AccountContext& ctx, const std::string& region, const Subscription& s,
                        const Attributes& a) {
  auto value = [&](const char* attr, const char* listed) {
    std::string_view v = get(a, attr);
    return v.empty() ? std::string_view(s.listed.child_value(listed)) : v;
  };
  std::string topic(value("TopicArn", "TopicArn"));
  JsonBuilder b;
  b.str("kind", "aws_sns_subscription").str("id", s.arn).str("name", s.arn).str("arn", s.arn);
  b.begin_object("tags").end_object();
  flag(b, "subscription_confirmation_was_authenticated", a, "ConfirmationWasAuthenticated");
  b.str_if("subscription_delivery_policy", get(a, "DeliveryPolicy"));
  b.str_if("subscription_effective_delivery_policy", get(a, "EffectiveDeliveryPolicy"));
  b.str_if("subscription_filter_policy", get(a, "FilterPolicy"));
  b.str_if("subscription_owner", value("Owner", "Owner"));
  flag(b, "subscription_pending_confirmation", a, "PendingConfirmation");
  flag(b, "subscription_raw_message_delivery", a, "RawMessageDelivery");
  b.str_if("subscription_redrive_policy", get(a, "RedrivePolicy"));
  b.str_if("subscription_topic_arn", topic);
  b.str_if("subscription_role_arn", get(a, "SubscriptionRoleArn"));
  b.str_if("subscription_protocol", value("Protocol", "Protocol"));
  b.str_if("subscription_endpoint", value("Endpoint", "Endpoint"));

  std::string node = ctx.id("sns_subscription", s.arn);
  ctx.out.node(node, "aws_sns_subscription", b.take());
  ctx.out.alias(s.arn, node);
  ctx.out.edge(ctx.region_node(region), node);
  // Deleting the topic deletes its subscriptions.
  if (!topic.empty()) {
    ctx.out.edge(topic, node);
    ctx.out.edge(topic, node, true);
  }
}

void subscriptions(AccountContext& ctx, const std::string& region) {
  each_listed_in<Subscription>(
      ctx, region, "ListSubscriptions",
      [](const XmlReply& page, std::vector<Subscription>& found) {
        for (auto m : page.result.child("Subscriptions").children("member")) {
          // Unconfirmed subscriptions have no ARN yet ("PendingConfirmation").
          std::string arn = m.child_value("SubscriptionArn");
          if (arn.starts_with("arn:")) found.push_back({m, arn});
        }
      },
      [&](const Subscription& s) {
        XmlReply r = query_call(ctx.client, services::kSns, region, "GetSubscriptionAttributes",
                                {{"SubscriptionArn", s.arn}});
        if (!r.ok && r.error.code == "NotFound") return;  // gone since it was listed
        if (!r.ok) ctx.warn(part(region, "GetSubscriptionAttributes " + s.arn), r.error);
        write_subscription(ctx, region, s, r.ok ? attributes(r) : Attributes());
      });
}

}  // namespace

void collect_sns(AccountContext& ctx, const std::string& region) {
  topics(ctx, region);
  subscriptions(ctx, region);
}

}  // namespace canopy::aws
