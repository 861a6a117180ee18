// CredentialServices over the real network: STS AssumeRole through our
// client, AssumeRoleWithWebIdentity unsigned, plain HTTP for container
// credentials and instance metadata.
#pragma once

#include "collect/aws/auth/credentials.h"
#include "collect/aws/client.h"

namespace canopy::aws {

class NetworkCredentialServices final : public CredentialServices {
 public:
  NetworkCredentialServices(http::Http& http, EndpointConfig endpoints, CallStats& stats,
                            RetryOptions retry)
      : http_(http), endpoints_(std::move(endpoints)), stats_(stats), retry_(retry) {}

  Result<Credentials> assume_role(const Credentials& source, const AssumeRoleParams& p) override;
  Result<Credentials> assume_role_with_web_identity(const AssumeRoleParams& p,
                                                    const std::string& token) override;
  http::Outcome send(const http::Request& request) override { return http_.send(request); }
  int64_t now() override;

 private:
  http::Http& http_;
  EndpointConfig endpoints_;
  CallStats& stats_;
  RetryOptions retry_;
};

// A role assumed with the credentials of `source`, refreshed before expiry.
class AssumedRole final : public CredentialProvider {
 public:
  AssumedRole(CredentialProvider& source, CredentialServices& services, AssumeRoleParams params)
      : source_(source), services_(services), params_(std::move(params)) {}
  Result<Credentials> get() override;
  std::string describe() const override { return "role " + params_.role_arn; }

 private:
  CredentialProvider& source_;
  CredentialServices& services_;
  AssumeRoleParams params_;
  std::optional<Credentials> current_;
};

}  // namespace canopy::aws
