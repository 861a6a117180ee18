#include "collect/aws/auth/profile_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace canopy::aws {
namespace {

class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/canopy-profile-test-XXXXXX";
    path_ = ::mkdtemp(templ);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const {
    std::string p = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::string path_;
};

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ParseIni, SectionsKeysCommentsAndBlanks) {
  auto r = parse_ini(
      "# leading comment\n"
      "; another\n"
      "\n"
      "[default]\n"
      "  Region   =  eu-west-1  \n"
      "output=json\n"
      "   # indented comment\n"
      "[ profile dev ]   # trailing comment\n"
      "empty =\n",
      "config");
  ASSERT_TRUE(r) << r.message();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "default");
  ASSERT_EQ((*r)[0].entries.size(), 2u);
  EXPECT_EQ((*r)[0].entries[0].key, "region");  // keys are case-insensitive
  EXPECT_EQ((*r)[0].entries[0].value, "eu-west-1");
  EXPECT_EQ((*r)[0].entries[0].line, 5);
  EXPECT_EQ((*r)[0].entries[1].value, "json");
  EXPECT_EQ((*r)[1].name, "profile dev");
  EXPECT_EQ((*r)[1].entries[0].value, "");
}

TEST(ParseIni, ValuesKeepEqualsSignsAndCrLf) {
  auto r = parse_ini("[a]\r\nurl = https://x/?a=b&c=d\r\n", "f");
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ((*r)[0].entries[0].value, "https://x/?a=b&c=d");
}

TEST(ParseIni, SubPropertiesAndContinuationsStayWithTheirKey) {
  auto r = parse_ini(
      "[profile dev]\n"
      "s3 =\n"
      "  addressing_style = path\n"
      "  signature_version = s3v4\n"
      "region = us-east-1\n"
      "note = first\n"
      "\tsecond\n",
      "config");
  ASSERT_TRUE(r) << r.message();
  const auto& e = (*r)[0].entries;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].key, "s3");
  EXPECT_EQ(e[0].value, "\naddressing_style = path\nsignature_version = s3v4");
  EXPECT_EQ(e[1].value, "us-east-1");
  EXPECT_EQ(e[2].value, "first\nsecond");
}

TEST(ParseIni, MalformedLinesNameFileAndLineButNotTheText) {
  auto r = parse_ini("[default]\naws_access_key_id = AKIDEXAMPLE\nS3CR3T-oops\n", "/x/credentials");
  ASSERT_FALSE(r);
  EXPECT_NE(r.message().find("/x/credentials:3:"), std::string::npos) << r.message();
  EXPECT_EQ(r.message().find("S3CR3T"), std::string::npos) << r.message();

  auto before = parse_ini("key = value\n[default]\n", "cfg");
  ASSERT_FALSE(before);
  EXPECT_NE(before.message().find("cfg:1:"), std::string::npos) << before.message();

  auto open = parse_ini("[default]\nregion = x\n[profile dev\n", "cfg");
  ASSERT_FALSE(open);
  EXPECT_NE(open.message().find("cfg:3:"), std::string::npos) << open.message();

  EXPECT_FALSE(parse_ini("[default] junk\n", "cfg"));
  EXPECT_FALSE(parse_ini("[]\n", "cfg"));
  EXPECT_FALSE(parse_ini("[default]\n= value\n", "cfg"));
}

TEST(ParseIni, IndentedLineWithoutAKeyAboveIsAnOrdinaryLine) {
  auto r = parse_ini("[default]\n   region = x\n   output = json\n", "cfg");
  ASSERT_TRUE(r) << r.message();
  // The second line is indented as much as the first key, so it is a key of its own.
  ASSERT_EQ((*r)[0].entries.size(), 2u);
  EXPECT_EQ((*r)[0].entries[1].key, "output");
}

TEST(ProfileFiles, ConfigSectionsAndCredentialsPrecedence) {
  ProfileFiles files;
  ASSERT_TRUE(
      files.add_config_file("[default]\nregion = us-east-1\n"
                            "[profile dev]\nregion = eu-west-1\naws_access_key_id = CONFIGKEY\n"
                            "[sso-session corp]\nsso_region = us-east-1\n"
                            "[services local]\ns3 =\n  endpoint_url = http://localhost\n"
                            "[preview]\ncloudsearch = true\n"
                            "[dev]\nregion = not-a-profile-in-config\n",
                            "config"));
  ASSERT_TRUE(files.add_credentials_file(
      "[dev]\naws_access_key_id = CREDKEY\naws_secret_access_key = S3CR3T\n"
      "[only-creds]\naws_access_key_id = K\n",
      "credentials"));
  const Profile* dev = files.find("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->get("region"), "eu-west-1");
  EXPECT_EQ(dev->get("aws_access_key_id"), "CREDKEY");  // credentials file wins
  EXPECT_EQ(dev->config_file.at("aws_access_key_id"), "CONFIGKEY");
  EXPECT_TRUE(dev->in_config_file && dev->in_credentials_file);
  EXPECT_TRUE(dev->has("aws_secret_access_key"));
  EXPECT_FALSE(dev->has("output"));
  EXPECT_EQ(dev->get("output"), "");
  ASSERT_NE(files.find("default"), nullptr);
  ASSERT_NE(files.find("only-creds"), nullptr);
  EXPECT_EQ(files.find("corp"), nullptr);
  EXPECT_EQ(files.find("local"), nullptr);
  EXPECT_EQ(files.find("preview"), nullptr);
  EXPECT_EQ(files.find("sso-session corp"), nullptr);
}

TEST(ProfileFiles, ProfileDefaultBeatsPlainDefaultInConfig) {
  ProfileFiles files;
  ASSERT_TRUE(
      files.add_config_file("[profile default]\nregion = from-profile-default\n"
                            "[default]\nregion = from-default\noutput = json\n",
                            "config"));
  const Profile* d = files.find("default");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->get("region"), "from-profile-default");
  EXPECT_EQ(d->get("output"), "json");
}

TEST(ProfileFiles, PathsFromEnvironmentAndHome) {
  EXPECT_EQ(shared_credentials_path(env_of({{"HOME", "/home/u"}})), "/home/u/.aws/credentials");
  EXPECT_EQ(shared_config_path(env_of({{"HOME", "/home/u/"}})), "/home/u/.aws/config");
  EXPECT_EQ(shared_config_path(env_of({{"HOME", "/h"}, {"AWS_CONFIG_FILE", "/etc/aws.cfg"}})),
            "/etc/aws.cfg");
  EXPECT_EQ(
      shared_credentials_path(env_of({{"HOME", "/h"}, {"AWS_SHARED_CREDENTIALS_FILE", "~/creds"}})),
      "/h/creds");
  EXPECT_EQ(shared_config_path(env_of({})), "");
}

TEST(ProfileFiles, LoadsBothFilesAndToleratesMissingOnes) {
  TempDir dir;
  dir.write(".aws/config", "[profile dev]\nregion = eu-west-1\n");
  auto files = load_profile_files(env_of({{"HOME", dir.path()}}));
  ASSERT_TRUE(files) << files.message();
  EXPECT_EQ(files->config_path, dir.path() + "/.aws/config");
  ASSERT_NE(files->find("dev"), nullptr);
  EXPECT_EQ(files->find("dev")->get("region"), "eu-west-1");

  auto none = load_profile_files(env_of({{"HOME", dir.path() + "/nowhere"}}));
  ASSERT_TRUE(none) << none.message();
  EXPECT_TRUE(none->profiles.empty());
}

TEST(ProfileFiles, MalformedOrUnreadableFileIsAnErrorNamingIt) {
  TempDir dir;
  std::string creds = dir.write("creds", "[default]\naws_access_key_id = A\nnot a line\n");
  auto bad =
      load_profile_files(env_of({{"HOME", dir.path()}, {"AWS_SHARED_CREDENTIALS_FILE", creds}}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.message().find(creds + ":3:"), std::string::npos) << bad.message();

  // A directory where the file should be cannot be read (permissions do not
  // stop root, who may run the tests).
  std::filesystem::create_directories(dir.path() + "/dir");
  auto unreadable =
      load_profile_files(env_of({{"HOME", dir.path()}, {"AWS_CONFIG_FILE", dir.path() + "/dir"}}));
  ASSERT_FALSE(unreadable);
  EXPECT_NE(unreadable.message().find(dir.path() + "/dir"), std::string::npos)
      << unreadable.message();
}

}  // namespace
}  // namespace canopy::aws
