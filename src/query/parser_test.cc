#include "query/parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>

#include "query/resolve.h"

namespace canopy::query {
namespace {

// Parses and applies the edge-type defaults, as `canopy parse` prints.
Result<std::string> canonical(std::string_view text) {
  auto q = parse_query(text);
  if (!q) return q.status();
  CANOPY_RETURN_IF_ERROR(default_edge_types(q.value()));
  return to_string(q.value());
}

struct Case {
  bool ok;
  std::string input, expected;
  int line;
};

std::vector<Case> load_cases() {
  std::ifstream in(std::string(CANOPY_SOURCE_DIR) + "/tests/query/data/parse_examples.txt");
  std::vector<Case> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    Case c{line.substr(0, t1) == "ok", line.substr(t1 + 1, t2 - t1 - 1),
           t2 == std::string::npos ? "" : line.substr(t2 + 1), n};
    out.push_back(std::move(c));
  }
  return out;
}

TEST(Parser, Examples) {
  auto cases = load_cases();
  ASSERT_GT(cases.size(), 200u);
  for (const Case& c : cases) {
    SCOPED_TRACE("parse_examples.txt:" + std::to_string(c.line) + ": " + c.input);
    auto got = canonical(c.input);
    if (!c.ok) {
      EXPECT_FALSE(got.is_ok()) << "accepted as " << got.value() << " (" << c.expected << ")";
      continue;
    }
    ASSERT_TRUE(got.is_ok()) << got.message();
    if (!c.expected.empty()) {
      EXPECT_EQ(got.value(), c.expected);
    }
    // The canonical form parses back to itself.
    auto again = canonical(got.value());
    ASSERT_TRUE(again.is_ok()) << again.message();
    EXPECT_EQ(again.value(), got.value());
  }
}

TEST(Parser, TouchstoneQueries) {
  auto q1 = canonical(
      R"(is(aws_iam_user) {access_keys[]: --> is(access_key)} access_keys[0].reported.access_key_status=="Active" and access_keys[1].reported.access_key_status=="Active")");
  ASSERT_TRUE(q1.is_ok()) << q1.message();
  EXPECT_EQ(
      q1.value(),
      R"(is("aws_iam_user") {access_keys[]: all -default-> is("access_key")} (access_keys[0].reported.access_key_status == "Active" and access_keys[1].reported.access_key_status == "Active"))");
  auto q2 = canonical(
      R"(is(aws_iam_access_key) and access_key_status=="Active" and access_key_last_used.last_used==null and /ancestors.aws_iam_user.reported.password_enabled==true)");
  ASSERT_TRUE(q2.is_ok()) << q2.message();
  EXPECT_EQ(
      q2.value(),
      R"((((is("aws_iam_access_key") and access_key_status == "Active") and access_key_last_used.last_used == null) and /ancestors.aws_iam_user.reported.password_enabled == true))");
}

TEST(Parser, ErrorsNamePositionAndExpectation) {
  auto r = parse_query("is(a) and x ==");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("syntax error at 1:15"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("expected a value"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("is(a) and x =="), std::string::npos) << r.message();

  r = parse_query("is(a) and\n  (x == 1 or y ==)");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("at 2:18"), std::string::npos) << r.message();

  r = parse_query("is(a) -foo-> all");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("unknown edge type 'foo'"), std::string::npos) << r.message();

  r = parse_query("\"a\" \"b\"");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("navigation"), std::string::npos) << r.message();

  r = parse_query("is(x) with(empty, -[2:3]-> is(y))");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("with clause must start at 0 or 1"), std::string::npos) << r.message();
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(10000, '(');
  deep += "a == 1";
  deep += std::string(10000, ')');
  auto r = parse_query(deep);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("nested too deeply"), std::string::npos);

  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  EXPECT_FALSE(parse_query(nots + "a == 1").is_ok());

  std::string ok;
  for (int i = 0; i < 50; ++i) ok += "(";
  ok += "a == 1";
  for (int i = 0; i < 50; ++i) ok += ")";
  EXPECT_TRUE(parse_query(ok).is_ok());
}

TEST(Parser, LargeQueries) {
  // 1 MB in one literal: parses.
  std::string list = "is(aws_ec2_instance) and instance_type in [";
  for (int i = 0; list.size() < (1 << 20); ++i) list += (i ? ", " : "") + std::to_string(i);
  auto r = parse_query(list + "]");
  ASSERT_TRUE(r.is_ok()) << r.message().substr(0, 200);
  EXPECT_FALSE(parse_query(list).is_ok());
  // 1 MB of conditions: a clear error, not a tree too deep to walk.
  std::string chain = "is(aws_ec2_instance)";
  while (chain.size() < (1 << 20)) chain += " and name == \"x\"";
  r = parse_query(chain);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.message().find("query too large"), std::string::npos) << r.message().substr(0, 200);
  std::string ok = "is(aws_ec2_instance)";
  for (int i = 0; i < 999; ++i) ok += " and name == \"x\"";
  EXPECT_TRUE(parse_query(ok).is_ok());
}

TEST(Parser, NestedUnclosedContextsStayFast) {
  // Found by the fuzzer: names starting with `not` are tried as paths and as
  // `not` + path; unclosed nested contexts made that exponential.
  std::string q;
  for (int i = 0; i < 60; ++i) q += "notm_port[*].{";
  q += "a==1";
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(parse_query(q).is_ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(Parser, GarbageGivesErrors) {
  std::mt19937 rng(7);
  const std::string alphabet = "()[]{}<>-=!~\"'`.,:;#/*&|\\ \n\tazAZ09_";
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = rng() % 4 == 0 ? char(rng() % 256) : alphabet[rng() % alphabet.size()];
    auto r = parse_query(s);
    if (r.is_ok()) {
      auto again = canonical(to_string(r.value()));
      // Whatever parses must print back to something that parses.
      EXPECT_TRUE(again.is_ok() || again.message().find("edge type") != std::string::npos)
          << s << " → " << to_string(r.value()) << ": " << again.message();
    }
  }
}

TEST(Parser, AggregateParameters) {
  auto a = parse_aggregate(
      "instance_type as t, /ancestors.account.reported.name: sum(1) as count, max(x * 2 + 1)");
  ASSERT_TRUE(a.is_ok()) << a.message();
  EXPECT_EQ(to_string(a.value()),
            "aggregate(instance_type as t, /ancestors.account.reported.name: sum(1) as count, "
            "max(x * 2 + 1))");
  EXPECT_FALSE(parse_aggregate("sum(x - y)").is_ok());
  // Found by the fuzzer: large constants print without an exponent.
  auto big = canonical("aggregate(sum(x / 57777777777777777777777777777777777777777777777)): all");
  ASSERT_TRUE(big.is_ok()) << big.message();
  auto again = canonical(big.value());
  ASSERT_TRUE(again.is_ok()) << big.value() << ": " << again.message();
  EXPECT_EQ(again.value(), big.value());
}

}  // namespace
}  // namespace canopy::query
