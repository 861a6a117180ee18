// Filter semantics on the shapes the engine reads straight from documents
// (comparisons with numbers and strings on key paths with one `[*]`), and
// full-text phrases answered through the token index.
#include "query/filter.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "graph/test_util.h"
#include "query/executor.h"
#include "query/test_util.h"

namespace canopy::query {
namespace {

using canopy::testing::edge;
using canopy::testing::node;
using canopy::testing::result_ids;
using canopy::testing::skeleton;

class FilterTest : public canopy::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    std::string text = skeleton();
    auto group = [&](const std::string& id, const std::string& props) {
      text += node(id, "aws_ec2_security_group", props) + edge("eu-central-1", id);
    };
    auto rule = [](const std::string& ports, const std::string& cidr) {
      return R"({"ip_protocol":"tcp",)" + ports + R"("ip_ranges":[{"cidr_ip":")" + cidr + R"("}]})";
    };
    group("ssh", R"("group_ip_permissions":[)" +
                     rule(R"("from_port":22,"to_port":22,)", "0.0.0.0/0") +
                     R"(],"tags":{"t":"Jane.Doe@example.com"})");
    group("web", R"("group_ip_permissions":[)" +
                     rule(R"("from_port":443,"to_port":443,)", "0.0.0.0/0") + "," +
                     rule(R"("from_port":0,"to_port":65535,)", "10.0.0.0/8") +
                     R"(],"tags":{"t":"jane doe"})");
    group("any", R"("group_ip_permissions":[)" + rule("", "0.0.0.0/0") +
                     R"(],"tags":{"t":"doe.jane@example.com"})");
    group("none", R"("tags":{"t":"jane.doe", "u":"example.com"})");
    g = load(text);
  }

  // The security groups a filter selects, by id, sorted.
  std::vector<std::string> groups(const std::string& filter) {
    return ids("is(aws_ec2_security_group) and " + filter);
  }
  // The ids a query returns, sorted.
  std::vector<std::string> ids(const std::string& query) {
    std::vector<std::string> out = result_ids(*g, query);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::shared_ptr<const Graph> g;
};

using Ids = std::vector<std::string>;

TEST_F(FilterTest, ArrayMarkersOnPlainPaths) {
  // Missing arrays give no element; an element without the key compares as
  // missing: never true for < and <=, different from any number.
  EXPECT_EQ(groups("group_ip_permissions[*].from_port <= 22"), Ids({"ssh", "web"}));
  EXPECT_EQ(groups("group_ip_permissions[*].from_port != 22"), Ids({"any", "web"}));
  EXPECT_EQ(groups("group_ip_permissions[*].to_port > 1000"), Ids({"web"}));
  EXPECT_EQ(groups("group_ip_permissions[*].from_port == 22.0"), Ids({"ssh"}));
  EXPECT_EQ(groups(R"(group_ip_permissions[*].ip_protocol == "tcp")"), Ids({"any", "ssh", "web"}));
  EXPECT_EQ(groups(R"(group_ip_permissions[*].ip_protocol != "tcp")"), Ids({}));
  // Each occurrence may also choose no element: `not` of a marked term can
  // always be true.
  EXPECT_EQ(groups("not group_ip_permissions[*].from_port == 22"),
            Ids({"any", "none", "ssh", "web"}));
  // The benchmark's rule: one permission must satisfy all three.
  EXPECT_EQ(groups(R"(group_ip_permissions[*].{ip_ranges[*].cidr_ip=="0.0.0.0/0" and )"
                   R"(from_port<=22 and to_port>=22})"),
            Ids({"ssh"}));
  EXPECT_EQ(groups(R"(group_ip_permissions[*].{ip_ranges[*].cidr_ip=="10.0.0.0/8" and )"
                   R"(from_port<=22 and to_port>=22})"),
            Ids({"web"}));
}

TEST_F(FilterTest, ComparisonsOnPlainPaths) {
  EXPECT_EQ(groups("group_ip_permissions[0].from_port == 443"), Ids({"web"}));
  EXPECT_EQ(groups(R"(tags.t == "jane doe")"), Ids({"web"}));
  EXPECT_EQ(groups(R"(tags.t != "jane doe")"), Ids({"any", "none", "ssh"}));
  EXPECT_EQ(groups(R"(tags.u == "example.com")"), Ids({"none"}));
  EXPECT_EQ(groups("tags.u < 5"), Ids({}));  // strings order after numbers
  EXPECT_EQ(groups("tags.u > 5"), Ids({"none"}));
  EXPECT_EQ(groups("tags.missing != 5"), Ids({"any", "none", "ssh", "web"}));
}

TEST_F(FilterTest, PhrasesThroughTheIndex) {
  // Candidates from the index alone, and from the kind index.
  EXPECT_EQ(ids(R"("jane.doe@example.com")"), Ids({"none", "ssh"}));  // across leaves too
  EXPECT_EQ(groups(R"("jane.doe@example.com")"), Ids({"none", "ssh"}));
  EXPECT_EQ(groups(R"("jane doe")"), Ids({"none", "ssh", "web"}));
  EXPECT_EQ(groups(R"("JANE")"), Ids({"any", "none", "ssh", "web"}));
  EXPECT_EQ(groups(R"("example" and not "jane doe")"), Ids({"any"}));
  EXPECT_EQ(groups(R"("jane" and group_ip_permissions[*].to_port > 1000)"), Ids({"web"}));
  EXPECT_EQ(groups(R"("10 0 0 0 8")"), Ids({"web"}));  // a phrase across a leaf's delimiters
  EXPECT_TRUE(groups(R"("nobody")").empty());
}

}  // namespace
}  // namespace canopy::query
