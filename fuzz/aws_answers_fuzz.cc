// Fuzzes the parsers of what the collector reads from outside: the shared
// config files, the credential report and its base64, AWS error answers of
// every protocol, and URL-encoded policy documents. The first byte picks
// the parser; none may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "collect/aws/api_error.h"
#include "collect/aws/auth/profile_file.h"
#include "collect/aws/services/credential_report.h"
#include "collect/json_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using namespace canopy;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      auto sections = aws::parse_ini(text, "fuzz");
      (void)sections;
      break;
    }
    case 1: {
      auto report = aws::parse_credential_report(text);
      (void)report;
      break;
    }
    case 2: {
      auto decoded = aws::base64_decode(text);
      if (decoded) (void)aws::parse_credential_report(*decoded);
      break;
    }
    case 3: {
      http::Response r;
      r.status = 400;
      r.body = std::string(text);
      for (auto p : {aws::Protocol::Query, aws::Protocol::Ec2, aws::Protocol::Json,
                     aws::Protocol::RestJson, aws::Protocol::RestXml}) {
        aws::ApiError e = aws::parse_error(p, r);
        (void)e.is_retryable();
        (void)e.describe();
      }
      break;
    }
    default: {
      std::string decoded = collect::url_decode(text);
      (void)decoded;
      break;
    }
  }
  return 0;
}
