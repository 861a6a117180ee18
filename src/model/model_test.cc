#include "model/model.h"

#include <gtest/gtest.h>
#include <fstream>
#include <set>
#include <sstream>

namespace canopy {
namespace {

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = Model::load_builtin(syms);
    ASSERT_TRUE(m.is_ok()) << m.message();
    model = std::move(m.value());
  }
  Symbols syms;
  std::unique_ptr<Model> model;
};

TEST_F(ModelTest, IamUserHasInheritedPropertiesAndBases) {
  const Kind* user = model->find("aws_iam_user");
  ASSERT_NE(user, nullptr);
  EXPECT_TRUE(user->is_a(model->find("user")));
  EXPECT_TRUE(user->is_a(model->find("aws_resource")));
  EXPECT_TRUE(user->is_a(model->find("resource")));
  EXPECT_FALSE(user->is_a(model->find("access_key")));
  ASSERT_NE(user->property("password_enabled"), nullptr);
  EXPECT_EQ(user->property("password_enabled")->kind->fqn, "boolean");
  ASSERT_NE(user->property("arn"), nullptr);    // from aws_resource
  ASSERT_NE(user->property("ctime"), nullptr);  // from resource
  EXPECT_EQ(user->property("ctime")->kind->runtime, Runtime::Datetime);
  ASSERT_NE(user->property("age"), nullptr);
  EXPECT_TRUE(user->property("age")->is_synthetic());
  EXPECT_EQ(user->property("age")->synthetic_from, "ctime");
  EXPECT_EQ(user->property("tags")->kind->cls, KindClass::Dictionary);
}

TEST_F(ModelTest, QuirksOfTheAwsHierarchyAreKept) {
  EXPECT_TRUE(model->find("aws_kms_key")->is_a(model->find("access_key")));
  EXPECT_FALSE(model->find("aws_iam_role")->is_a(model->find("role")));
  EXPECT_FALSE(model->find("aws_ec2_network_acl")->is_a(model->find("network_acl")));
  EXPECT_TRUE(model->find("aws_region")->is_a(model->find("region")));
  EXPECT_TRUE(model->find("aws_account")->is_a(model->find("account")));
}

TEST_F(ModelTest, AccessKeyLastUsedIsANestedDatetime) {
  const Kind* key = model->find("aws_iam_access_key");
  ASSERT_NE(key, nullptr);
  const Property* lu = key->property("access_key_last_used");
  ASSERT_NE(lu, nullptr);
  ASSERT_TRUE(lu->kind->is_complex());
  ASSERT_NE(lu->kind->property("last_used"), nullptr);
  EXPECT_EQ(lu->kind->property("last_used")->kind->runtime, Runtime::Datetime);
  EXPECT_EQ(key->property("access_key_status")->kind->runtime, Runtime::String);
}

// Every kind named by the check-property table of the specification exists.
TEST_F(ModelTest, EveryKindReadByChecksExists) {
  std::ifstream in(std::string(CANOPY_SOURCE_DIR) + "/tests/data/check-kinds.txt");
  ASSERT_TRUE(in) << "tests/data/check-kinds.txt is missing";
  std::string line;
  std::set<std::string> kinds;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') kinds.insert(line);
  EXPECT_GT(kinds.size(), 40u);
  for (const auto& k : kinds) EXPECT_NE(model->find(k), nullptr) << k;
}

TEST_F(ModelTest, LeafKindsAreAggregateRootsWithoutSubkinds) {
  auto leaves = model->leaf_resource_kinds();
  std::set<std::string> names;
  for (const Kind* k : leaves) names.insert(k->fqn);
  EXPECT_TRUE(names.count("aws_iam_user"));
  EXPECT_TRUE(names.count("aws_ec2_instance"));
  EXPECT_FALSE(names.count("resource"));
  EXPECT_FALSE(names.count("access_key"));
  EXPECT_FALSE(names.count("aws_iam_access_key_last_used"));  // nested, not a root
}

TEST(ModelLoad, RejectsBrokenDefinitions) {
  Symbols syms;
  Model m(syms);
  EXPECT_FALSE(m.add_definitions("{", "x.json").is_ok());
  Model m2(syms);
  ASSERT_TRUE(
      m2.add_definitions(R"([{"fqn":"a","bases":["nope"],"properties":[]}])", "x.json").is_ok());
  Status st = m2.finish();
  ASSERT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("unknown base nope"), std::string::npos);
  Model m3(syms);
  ASSERT_TRUE(
      m3.add_definitions(R"([{"fqn":"a","properties":[{"name":"p","kind":"nokind[]"}]}])", "x")
          .is_ok());
  EXPECT_NE(m3.finish().message().find("unknown kind nokind"), std::string::npos);
  Model m4(syms);
  ASSERT_TRUE(
      m4.add_definitions(R"([{"fqn":"a","bases":["b"]},{"fqn":"b","bases":["a"]}])", "x").is_ok());
  EXPECT_NE(m4.finish().message().find("its own base"), std::string::npos);
}

}  // namespace
}  // namespace canopy
