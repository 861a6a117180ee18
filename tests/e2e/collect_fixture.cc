#include "e2e/collect_fixture.h"

#include <fstream>

namespace canopy::testing {

std::vector<std::string> aws_env(const std::string& key, const std::string& secret) {
  return {"AWS_ACCESS_KEY_ID=" + key,
          "AWS_SECRET_ACCESS_KEY=" + secret,
          "AWS_EC2_METADATA_DISABLED=true",
          "AWS_CONFIG_FILE=/nonexistent/config",
          "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials",
          "AWS_DEFAULT_REGION=us-east-1"};
}

std::vector<std::string> lines_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (line.rfind(prefix, 0) == 0) out.push_back(line.substr(prefix.size()));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

void CollectFixture::SetUp() {
  auto started = moto_.start();
  ASSERT_TRUE(started.ok) << started.error;
  data_ = temp_path("collect-data");
}

std::string CollectFixture::seed_python(const std::string& code) {
  std::string script = temp_path("seed.py");
  std::ofstream(script) << code;
  std::string out, err;
  int rc = moto_.run_python(script, {}, &out, &err);
  EXPECT_EQ(rc, 0) << err;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

RunResult CollectFixture::collect(const std::vector<std::string>& regions,
                                  const std::vector<std::string>& services) {
  std::vector<std::string> args = {"--data-dir",     data_,      "collect", "aws",
                                   "--endpoint-url", moto_.url()};
  for (const auto& r : regions) {
    args.push_back("--region");
    args.push_back(r);
  }
  if (!services.empty()) {
    std::string list;
    for (const auto& s : services) list += (list.empty() ? "" : ",") + s;
    args.push_back("--services");
    args.push_back(list);
  }
  return run_canopy(args, "", aws_env());
}

std::string CollectFixture::exec(const std::string& line) {
  RunResult r = run_canopy({"--data-dir", data_, "exec", line});
  EXPECT_EQ(r.exit_code, 0) << line << "\n" << r.err;
  return r.out;
}

std::set<std::string> CollectFixture::failing(const std::string& check) {
  std::string out =
      exec("report check run " + check +
           " --only-check-results | jq --no-rewrite "
           "'.reported.resources_failing_by_account // {} | .[][] | .id' | format --ndjson");
  std::set<std::string> ids;
  for (const auto& line : lines_with(out, "")) {
    // one JSON value per line: "id" or ["id", …]
    size_t pos = 0;
    while ((pos = line.find('"', pos)) != std::string::npos) {
      size_t end = line.find('"', pos + 1);
      ids.insert(line.substr(pos + 1, end - pos - 1));
      pos = end + 1;
    }
  }
  return ids;
}

}  // namespace canopy::testing
