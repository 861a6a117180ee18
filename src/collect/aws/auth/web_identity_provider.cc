// AssumeRoleWithWebIdentity with a token read from a file (EKS service
// accounts, CI systems). The file is read again at every refresh since its
// owner rotates it.
#include "collect/aws/auth/providers.h"

namespace canopy::aws::internal {

namespace {

class WebIdentityProvider : public RefreshingProvider {
 public:
  WebIdentityProvider(WebIdentityConfig config, CredentialServices& services)
      : RefreshingProvider(services), config_(std::move(config)) {
    params_.role_arn = config_.role_arn;
    params_.session_name = config_.session_name.empty() ? "canopy-" + std::to_string(services.now())
                                                        : config_.session_name;
    params_.region = config_.region;
  }

  std::string describe() const override {
    return "web identity role " + config_.role_arn + " (token file " + config_.token_file +
           ", from " + config_.origin + ")";
  }

 protected:
  Result<Credentials> fetch() override {
    Result<std::string> token = read_file(config_.token_file);
    if (!token) return Error{"web identity (" + config_.origin + "): " + token.message()};
    std::string_view t = trim(*token);
    if (t.empty())
      return Error{"web identity (" + config_.origin + "): the token file " + config_.token_file +
                   " is empty"};
    Result<Credentials> c = services_.assume_role_with_web_identity(params_, std::string(t));
    if (!c)
      return Error{"web identity (" + config_.origin + "): assuming role " + config_.role_arn +
                   ": " + c.message()};
    return c;
  }

 private:
  WebIdentityConfig config_;
  AssumeRoleParams params_;
};

}  // namespace

std::unique_ptr<CredentialProvider> web_identity_provider(WebIdentityConfig config,
                                                          CredentialServices& services) {
  return std::make_unique<WebIdentityProvider>(std::move(config), services);
}

}  // namespace canopy::aws::internal
