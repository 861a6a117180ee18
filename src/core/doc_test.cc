#include "core/doc.h"

#include <gtest/gtest.h>

#include "core/doc_json.h"
#include "core/string_encoder.h"

namespace canopy {
namespace {

std::string roundtrip(std::string_view json) {
  Symbols syms;
  auto encoded = encode_json_text(json, syms);
  EXPECT_TRUE(encoded.is_ok()) << encoded.message();
  return to_json(DocView(encoded->data(), encoded->size()), syms);
}

TEST(Doc, ScalarsRoundTrip) {
  EXPECT_EQ(roundtrip("null"), "null");
  EXPECT_EQ(roundtrip("true"), "true");
  EXPECT_EQ(roundtrip("-123456789012"), "-123456789012");
  EXPECT_EQ(roundtrip("1.5"), "1.5");
  EXPECT_EQ(roundtrip("2.0"), "2.0");
  EXPECT_EQ(roundtrip(R"("a\"b\n\u0001")"), R"("a\"b\n\u0001")");
}

TEST(Doc, NestedContainersKeepOrder) {
  EXPECT_EQ(roundtrip(R"({"b":1,"a":[1,{"x":null}],"c":{}})"),
            R"({"b":1,"a":[1,{"x":null}],"c":{}})");
}

TEST(Doc, LargeContainerWidensSizePrefix) {
  std::string big = "[";
  for (int i = 0; i < 5000; ++i) big += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  big += "]";
  std::string obj = R"({"k":)" + big + R"(,"z":true})";
  EXPECT_EQ(roundtrip(obj), obj);
}

TEST(Doc, LookupAndCount) {
  Symbols syms;
  auto enc = encode_json_text(R"({"a":1,"b":"x","c":[1,2,3]})", syms);
  ASSERT_TRUE(enc.is_ok());
  DocView v(enc->data(), enc->size());
  EXPECT_EQ(v.get(syms.find("a")).as_int(), 1);
  EXPECT_TRUE(v.get(syms.find("b")).string_equals(syms, "x"));
  EXPECT_EQ(v.get(syms.find("c")).count(), 3u);
  EXPECT_FALSE(v.get(syms.intern("missing")).valid());
  EXPECT_EQ(v.encoded_size(), enc->size());
}

TEST(Doc, SortedJsonIsCanonical) {
  Symbols syms;
  auto enc = encode_json_text(R"({"b":1,"a":{"d":1,"c":2}})", syms);
  ASSERT_TRUE(enc.is_ok());
  EXPECT_EQ(to_json(DocView(enc->data(), enc->size()), syms, true), R"({"a":{"c":2,"d":1},"b":1})");
}

TEST(Symbols, InternIsStable) {
  Symbols syms;
  Sym a = syms.intern("alpha");
  Sym b = syms.intern("beta");
  EXPECT_NE(a, b);
  EXPECT_EQ(syms.intern("alpha"), a);
  EXPECT_EQ(syms.name(b), "beta");
  EXPECT_EQ(syms.find("gamma"), Symbols::kNone);
  for (int i = 0; i < 10000; ++i) syms.intern("s" + std::to_string(i));
  EXPECT_EQ(syms.name(a), "alpha");
  EXPECT_EQ(syms.size(), 10002u);
}

class StringEncoderTest : public ::testing::Test {
 protected:
  Symbols syms;
  InternBudget budget;
  StringEncoder enc{syms, budget};
  Sym key = syms.intern("arn");
  Bytes buf;
  DocWriter w{buf};
};

TEST_F(StringEncoderTest, RepeatedValuesBecomeSymbolsAndPrefixesAreShared) {
  size_t mark = w.open_array();
  enc.write(w, key, "running");
  enc.write(w, key, "running");
  enc.write(w, key, "ab");
  w.close(mark);
  DocView arr(buf.data(), buf.size());
  auto it = arr.iter();
  EXPECT_EQ(it.value().tag(), Tag::Symbol);
  it.next();
  EXPECT_EQ(it.value().tag(), Tag::Symbol);
  EXPECT_TRUE(it.value().string_equals(syms, "running"));
  it.next();
  EXPECT_EQ(it.value().tag(), Tag::String);  // too short to share
  EXPECT_EQ(to_json(arr, syms), R"(["running","running","ab"])");
}

TEST_F(StringEncoderTest, BudgetStopsUniqueValuesAndFallsBackToPrefixes) {
  size_t mark = w.open_array();
  const uint32_t n = InternBudget::kMaxValues + 50;
  for (uint32_t i = 0; i < n; ++i)
    enc.write(w, key, "arn:aws:ec2:us-east-1:123456789012:volume/vol-" + std::to_string(i));
  w.close(mark);
  EXPECT_LE(syms.size(), InternBudget::kMaxValues + 3);
  DocView arr(buf.data(), buf.size());
  size_t i = 0, prefixed = 0;
  std::string scratch;
  for (auto it = arr.iter(); !it.done(); it.next(), ++i) {
    prefixed += it.value().tag() == Tag::Prefixed;
    EXPECT_EQ(it.value().as_string(syms, scratch),
              "arn:aws:ec2:us-east-1:123456789012:volume/vol-" + std::to_string(i));
  }
  EXPECT_EQ(i, n);
  EXPECT_EQ(prefixed, 50u);
  // The budget survives a round trip through its text form.
  InternBudget copy;
  ASSERT_TRUE(copy.load(budget.serialize()).is_ok());
  EXPECT_FALSE(copy.take_value(key));
  EXPECT_TRUE(copy.take_prefix(key));
  EXPECT_FALSE(copy.load("1 2").is_ok());
}

}  // namespace
}  // namespace canopy
