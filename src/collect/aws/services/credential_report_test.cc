#include "collect/aws/services/credential_report.h"

#include <gtest/gtest.h>

#include <string>

namespace canopy::aws {
namespace {

// The 22 columns of the report, in AWS's order.
constexpr const char* kHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

constexpr const char* kRootLine =
    "<root_account>,arn:aws:iam::123456789012:root,2019-02-01T09:00:00+00:00,not_supported,"
    "2024-05-30T07:15:00+00:00,not_supported,not_supported,true,true,2020-03-04T10:00:00+00:00,"
    "2024-05-31T22:01:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

constexpr const char* kAliceLine =
    "alice,arn:aws:iam::123456789012:user/alice,2021-06-01T12:00:00+00:00,true,"
    "2024-05-20T08:30:00+00:00,2023-01-01T00:00:00+00:00,2024-07-01T00:00:00+00:00,false,"
    "true,2023-01-10T10:00:00+00:00,2024-05-29T11:00:00+00:00,eu-west-1,ec2,"
    "false,2024-03-01T09:00:00+00:00,no_information,N/A,N/A,false,N/A,false,N/A";

constexpr const char* kBobLine =
    "bob,arn:aws:iam::123456789012:user/bob,2022-02-02T02:02:02+00:00,false,no_information,N/A,"
    "N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

std::string report(std::initializer_list<std::string> lines, const std::string& eol = "\n") {
  std::string out;
  for (const auto& l : lines) out += l + eol;
  return out;
}

TEST(CredentialReportTest, ParsesUsersAndRoot) {
  auto r = parse_credential_report(report({kHeader, kRootLine, kAliceLine, kBobLine}));
  ASSERT_TRUE(r) << r.message();
  ASSERT_TRUE(r->root.has_value());
  EXPECT_EQ(r->users.size(), 2u);
  EXPECT_FALSE(r->users.contains("<root_account>"));

  const ReportLine& root = *r->root;
  EXPECT_EQ(root.user, "<root_account>");
  EXPECT_EQ(root.arn, "arn:aws:iam::123456789012:root");
  EXPECT_EQ(root.user_creation_time, "2019-02-01T09:00:00+00:00");
  EXPECT_FALSE(root.password_enabled);  // not_supported
  EXPECT_EQ(root.password_last_used, "2024-05-30T07:15:00+00:00");
  EXPECT_EQ(root.password_last_changed, "");
  EXPECT_EQ(root.password_next_rotation, "");
  EXPECT_TRUE(root.mfa_active);
  EXPECT_TRUE(root.keys[0].active);
  EXPECT_EQ(root.keys[0].last_rotated, "2020-03-04T10:00:00+00:00");
  EXPECT_EQ(root.keys[0].last_used, "2024-05-31T22:01:00+00:00");
  EXPECT_EQ(root.keys[0].last_used_region, "us-east-1");
  EXPECT_EQ(root.keys[0].last_used_service, "s3");
  EXPECT_TRUE(root.keys[0].has_data());
  EXPECT_FALSE(root.keys[1].active);
  EXPECT_FALSE(root.keys[1].has_data());

  const ReportLine& alice = r->users.at("alice");
  EXPECT_EQ(alice.arn, "arn:aws:iam::123456789012:user/alice");
  EXPECT_TRUE(alice.password_enabled);
  EXPECT_EQ(alice.password_last_used, "2024-05-20T08:30:00+00:00");
  EXPECT_EQ(alice.password_last_changed, "2023-01-01T00:00:00+00:00");
  EXPECT_EQ(alice.password_next_rotation, "2024-07-01T00:00:00+00:00");
  EXPECT_FALSE(alice.mfa_active);
  EXPECT_TRUE(alice.keys[0].active);
  EXPECT_EQ(alice.keys[0].last_used_service, "ec2");
  EXPECT_FALSE(alice.keys[1].active);
  EXPECT_EQ(alice.keys[1].last_rotated, "2024-03-01T09:00:00+00:00");
  EXPECT_EQ(alice.keys[1].last_used, "");  // no_information
  EXPECT_TRUE(alice.keys[1].has_data());   // rotated, never used

  const ReportLine& bob = r->users.at("bob");
  EXPECT_FALSE(bob.password_enabled);
  EXPECT_EQ(bob.password_last_used, "");  // no_information
  EXPECT_EQ(bob.password_last_changed, "");
  EXPECT_FALSE(bob.keys[0].active);
  EXPECT_FALSE(bob.keys[0].has_data());
  EXPECT_FALSE(bob.keys[1].has_data());
}

TEST(CredentialReportTest, NoValueMarkers) {
  std::string line =
      "carol,N/A,not_supported,no_information,N/A,not_supported,no_information,N/A,N/A,"
      "not_supported,no_information,N/A,not_supported,no_information,N/A,N/A,N/A,N/A,N/A,N/A,"
      "N/A,N/A";
  auto r = parse_credential_report(report({kHeader, line}));
  ASSERT_TRUE(r) << r.message();
  const ReportLine& c = r->users.at("carol");
  EXPECT_EQ(c.arn, "");
  EXPECT_EQ(c.user_creation_time, "");
  EXPECT_FALSE(c.password_enabled);
  EXPECT_EQ(c.password_last_used, "");
  EXPECT_EQ(c.password_last_changed, "");
  EXPECT_EQ(c.password_next_rotation, "");
  EXPECT_FALSE(c.mfa_active);
  for (const ReportKey& k : c.keys) {
    EXPECT_FALSE(k.active);
    EXPECT_FALSE(k.has_data());
  }
}

TEST(CredentialReportTest, BooleansAnyCase) {
  std::string upper =
      "dave,arn:aws:iam::123456789012:user/dave,2021-01-01T00:00:00+00:00,TRUE,N/A,N/A,N/A,TRUE,"
      "TRUE,2023-05-05T05:05:05+00:00,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,FALSE,N/A";
  std::string mixed =
      "erin,arn:aws:iam::123456789012:user/erin,2021-01-01T00:00:00+00:00,True,N/A,N/A,N/A,False,"
      "tRuE,N/A,N/A,N/A,N/A,truE,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
  std::string not_bool =
      "fay,arn:aws:iam::123456789012:user/fay,2021-01-01T00:00:00+00:00,yes,N/A,N/A,N/A,1,"
      "truee,N/A,N/A,N/A,N/A,tru,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
  auto r = parse_credential_report(report({kHeader, upper, mixed, not_bool}));
  ASSERT_TRUE(r) << r.message();
  const ReportLine& d = r->users.at("dave");
  EXPECT_TRUE(d.password_enabled);
  EXPECT_TRUE(d.mfa_active);
  EXPECT_TRUE(d.keys[0].active);
  EXPECT_FALSE(d.keys[1].active);
  const ReportLine& e = r->users.at("erin");
  EXPECT_TRUE(e.password_enabled);
  EXPECT_FALSE(e.mfa_active);
  EXPECT_TRUE(e.keys[0].active);
  EXPECT_TRUE(e.keys[1].active);
  const ReportLine& f = r->users.at("fay");
  EXPECT_FALSE(f.password_enabled);
  EXPECT_FALSE(f.mfa_active);
  EXPECT_FALSE(f.keys[0].active);
  EXPECT_FALSE(f.keys[1].active);
}

TEST(CredentialReportTest, ExtraAppendedColumns) {
  std::string header = std::string(kHeader) + ",access_key_3_active,future_column";
  std::string line = std::string(kAliceLine) + ",true,something";
  auto r = parse_credential_report(report({header, line}));
  ASSERT_TRUE(r) << r.message();
  const ReportLine& a = r->users.at("alice");
  EXPECT_TRUE(a.password_enabled);
  EXPECT_EQ(a.keys[0].last_used_region, "eu-west-1");
  EXPECT_EQ(a.keys[1].last_rotated, "2024-03-01T09:00:00+00:00");
}

TEST(CredentialReportTest, ColumnsInADifferentOrder) {
  std::string header =
      "mfa_active,access_key_2_last_used_service,user,access_key_1_last_used_date,"
      "password_enabled,arn,access_key_1_active,access_key_2_active,access_key_2_last_rotated";
  std::string line =
      "true,iam,gina,2024-01-02T03:04:05+00:00,false,arn:aws:iam::123456789012:user/gina,false,"
      "true,2022-02-02T00:00:00+00:00";
  auto r = parse_credential_report(report({header, line}));
  ASSERT_TRUE(r) << r.message();
  const ReportLine& g = r->users.at("gina");
  EXPECT_EQ(g.arn, "arn:aws:iam::123456789012:user/gina");
  EXPECT_TRUE(g.mfa_active);
  EXPECT_FALSE(g.password_enabled);
  EXPECT_FALSE(g.keys[0].active);
  EXPECT_EQ(g.keys[0].last_used, "2024-01-02T03:04:05+00:00");
  EXPECT_TRUE(g.keys[1].active);
  EXPECT_EQ(g.keys[1].last_used_service, "iam");
  EXPECT_EQ(g.keys[1].last_rotated, "2022-02-02T00:00:00+00:00");
  EXPECT_EQ(g.password_last_used, "");  // no such column
}

TEST(CredentialReportTest, QuotedFields) {
  std::string line =
      "\"hank\",\"arn:aws:iam::123456789012:user/a,b\",\"2021-01-01T00:00:00+00:00\",\"true\","
      "N/A,N/A,N/A,false,true,N/A,N/A,N/A,\"say \"\"hi\"\"\",false,N/A,N/A,N/A,N/A,false,N/A,"
      "false,N/A";
  auto r = parse_credential_report(report({kHeader, line}));
  ASSERT_TRUE(r) << r.message();
  ASSERT_TRUE(r->users.contains("hank"));
  const ReportLine& h = r->users.at("hank");
  EXPECT_EQ(h.arn, "arn:aws:iam::123456789012:user/a,b");
  EXPECT_TRUE(h.password_enabled);
  EXPECT_FALSE(h.mfa_active);
  EXPECT_TRUE(h.keys[0].active);
  EXPECT_EQ(h.keys[0].last_used_service, "say \"hi\"");
  EXPECT_FALSE(h.keys[1].active);
}

TEST(CredentialReportTest, CrlfLineEndings) {
  auto r = parse_credential_report(report({kHeader, kRootLine, kAliceLine, kBobLine}, "\r\n"));
  ASSERT_TRUE(r) << r.message();
  ASSERT_TRUE(r->root.has_value());
  ASSERT_EQ(r->users.size(), 2u);
  // The last column must not keep the '\r'; the header's last name neither.
  const ReportLine& a = r->users.at("alice");
  EXPECT_EQ(a.keys[1].last_rotated, "2024-03-01T09:00:00+00:00");
  EXPECT_TRUE(a.password_enabled);

  // mfa_active is the last column here.
  auto r2 = parse_credential_report("user,password_enabled,mfa_active\r\nivy,false,true\r\n");
  ASSERT_TRUE(r2) << r2.message();
  EXPECT_TRUE(r2->users.at("ivy").mfa_active);
}

TEST(CredentialReportTest, NoTrailingNewlineAndBlankLines) {
  std::string text = std::string(kHeader) + "\n\n" + kAliceLine + "\n\r\n" + kBobLine;
  auto r = parse_credential_report(text);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(r->users.size(), 2u);
  EXPECT_FALSE(r->root.has_value());
}

TEST(CredentialReportTest, HeaderOnlyIsAnEmptyReport) {
  auto r = parse_credential_report(std::string(kHeader) + "\n");
  ASSERT_TRUE(r) << r.message();
  EXPECT_TRUE(r->users.empty());
  EXPECT_FALSE(r->root.has_value());
}

TEST(CredentialReportTest, EmptyReportIsAnError) {
  auto r = parse_credential_report("");
  ASSERT_FALSE(r);
  EXPECT_NE(r.message().find("credential report"), std::string::npos) << r.message();
  auto blank = parse_credential_report("\n\r\n\n");
  EXPECT_FALSE(blank);
}

TEST(CredentialReportTest, GarbageNamesTheLine) {
  auto r = parse_credential_report("<html>503 Service Unavailable</html>\nmore\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.message().find("line 1"), std::string::npos) << r.message();

  auto short_line = parse_credential_report(report({kHeader, kAliceLine, "garbage"}));
  ASSERT_FALSE(short_line);
  EXPECT_NE(short_line.message().find("line 3"), std::string::npos) << short_line.message();
}

TEST(Base64Test, Decodes) {
  EXPECT_EQ(base64_decode("aGVsbG8gd29ybGQ="), "hello world");
  EXPECT_EQ(base64_decode("YQ=="), "a");
  EXPECT_EQ(base64_decode("YWI="), "ab");
  EXPECT_EQ(base64_decode("YWJj"), "abc");
  EXPECT_EQ(base64_decode(""), "");
  // Every byte value survives.
  EXPECT_EQ(base64_decode("AP8Qf4A="), std::string("\x00\xff\x10\x7f\x80", 5));
}

TEST(Base64Test, IgnoresLineBreaks) {
  std::string text =
      "dXNlcixhcm4KYWxpY2UsYXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjp1c2VyL2FsaWNlCmJvYixh\n"
      "cm46YXdzOmlhbTo6MTIzNDU2Nzg5MDEyOnVzZXIvYm9iCg==";
  EXPECT_EQ(base64_decode(text),
            "user,arn\nalice,arn:aws:iam::123456789012:user/alice\n"
            "bob,arn:aws:iam::123456789012:user/bob\n");
  std::string crlf = "aGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n";
  EXPECT_EQ(base64_decode(crlf), "hello world");
}

TEST(Base64Test, RejectsInvalidInput) {
  EXPECT_EQ(base64_decode("not base64!"), std::nullopt);
  EXPECT_EQ(base64_decode("aGVsbG8*d29ybGQ="), std::nullopt);
  EXPECT_EQ(base64_decode("YWJ"), std::nullopt);  // truncated
  EXPECT_EQ(base64_decode("<Content/>"), std::nullopt);
}

}  // namespace
}  // namespace canopy::aws
