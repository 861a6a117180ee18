#include "collect/names.h"

#include <gtest/gtest.h>

#include <string>

namespace canopy::collect {
namespace {

TEST(NamesTest, AddGivesOneNumberPerString) {
  Names names;
  uint32_t a = names.add("arn:aws:s3:::logs");
  uint32_t b = names.add("a:bucket");
  EXPECT_NE(a, b);
  EXPECT_EQ(names.add(std::string("arn:aws:s3:::") + "logs"), a);
  EXPECT_EQ(names[a], "arn:aws:s3:::logs");
  EXPECT_EQ(names[b], "a:bucket");
  EXPECT_EQ(names.size(), 2u);
}

TEST(NamesTest, FindDoesNotAdd) {
  Names names;
  EXPECT_FALSE(names.find("x"));
  names.add("x");
  EXPECT_EQ(names.find("x"), 0u);
  EXPECT_FALSE(names.find("y"));
  EXPECT_EQ(names.size(), 1u);
}

TEST(NamesTest, EmptyAndLongStringsAreKept) {
  Names names;
  std::string long_one(100000, 'p');
  long_one.back() = 'q';
  uint32_t e = names.add("");
  uint32_t l = names.add(long_one);
  EXPECT_EQ(names[e], "");
  EXPECT_EQ(names[l], long_one);
  EXPECT_EQ(names.find(long_one), l);
  EXPECT_EQ(names.add(""), e);
}

TEST(NamesTest, ViewsStayValidWhileTheTableGrows) {
  Names names;
  std::string_view first = names[names.add("first")];
  for (int i = 0; i < 100000; ++i) names.add("name-" + std::to_string(i));
  EXPECT_EQ(first, "first");
  EXPECT_EQ(names.size(), 100001u);
  for (int i : {0, 4095, 65536, 99999}) {
    auto n = names.find("name-" + std::to_string(i));
    ASSERT_TRUE(n);
    EXPECT_EQ(names[*n], "name-" + std::to_string(i));
  }
}

}  // namespace
}  // namespace canopy::collect
