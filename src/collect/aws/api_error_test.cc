#include "collect/aws/api_error.h"

#include <gtest/gtest.h>

#include <string>

namespace canopy::aws {
namespace {

http::Response make(long status, std::string body, http::Headers headers = {}) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);  // lower-case names, as the transport gives them
  return r;
}

ApiError error_with(std::string code, long status) {
  ApiError e;
  e.code = std::move(code);
  e.status = status;
  return e;
}

// --- parsing, per protocol ---------------------------------------------------------------------

TEST(ApiErrorParseTest, QueryErrorResponse) {
  auto e = parse_error(Protocol::Query,
                       make(403,
                            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n"
                            "  <Error>\n"
                            "    <Type>Sender</Type>\n"
                            "    <Code>AccessDenied</Code>\n"
                            "    <Message>User: arn:aws:iam::123456789012:user/audit is not "
                            "authorized to perform: iam:ListRoles</Message>\n"
                            "  </Error>\n"
                            "  <RequestId>4a1f0b3e-0000-4000-8000-000000000001</RequestId>\n"
                            "</ErrorResponse>\n"));
  EXPECT_EQ(e.code, "AccessDenied");
  EXPECT_EQ(e.status, 403);
  EXPECT_EQ(e.message,
            "User: arn:aws:iam::123456789012:user/audit is not authorized to perform: "
            "iam:ListRoles");
  EXPECT_EQ(e.describe(),
            "AccessDenied (403): User: arn:aws:iam::123456789012:user/audit is not authorized "
            "to perform: iam:ListRoles");
}

TEST(ApiErrorParseTest, QueryErrorResponseWithErrorsList) {
  // Some emulators wrap the error in <Errors>.
  auto e = parse_error(Protocol::Query, make(400,
                                             "<ErrorResponse><Errors><Error>"
                                             "<Code>Throttling</Code><Message>Rate exceeded"
                                             "</Message></Error></Errors>"
                                             "<RequestId>r</RequestId></ErrorResponse>"));
  EXPECT_EQ(e.code, "Throttling");
  EXPECT_EQ(e.message, "Rate exceeded");
  EXPECT_TRUE(e.is_throttling());
}

TEST(ApiErrorParseTest, Ec2ErrorResponse) {
  auto e = parse_error(Protocol::Ec2,
                       make(403,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
                            "<Message>You are not authorized to perform this operation.</Message>"
                            "</Error></Errors><RequestID>5f0e6a2c-1111-4222-8333-444455556666"
                            "</RequestID></Response>"));
  EXPECT_EQ(e.code, "UnauthorizedOperation");
  EXPECT_EQ(e.message, "You are not authorized to perform this operation.");
  EXPECT_TRUE(e.is_access_denied());
}

TEST(ApiErrorParseTest, Ec2RequestLimitExceeded) {
  auto e = parse_error(Protocol::Ec2, make(503,
                                           "<Response><Errors><Error><Code>RequestLimitExceeded"
                                           "</Code><Message>Request limit exceeded.</Message>"
                                           "</Error></Errors><RequestID>x</RequestID></Response>"));
  EXPECT_EQ(e.code, "RequestLimitExceeded");
  EXPECT_TRUE(e.is_throttling());
  EXPECT_TRUE(e.is_retryable());
}

TEST(ApiErrorParseTest, S3Error) {
  auto e = parse_error(Protocol::RestXml,
                       make(404,
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<Error><Code>NoSuchBucketPolicy</Code>"
                            "<Message>The bucket policy does not exist</Message>"
                            "<BucketName>logs-bucket</BucketName><RequestId>1</RequestId>"
                            "<HostId>h</HostId></Error>"));
  EXPECT_EQ(e.code, "NoSuchBucketPolicy");
  EXPECT_EQ(e.message, "The bucket policy does not exist");
  EXPECT_EQ(e.status, 404);
  EXPECT_FALSE(e.is_retryable());
  EXPECT_FALSE(e.is_fatal());
}

TEST(ApiErrorParseTest, S3SlowDownIsThrottling) {
  auto e =
      parse_error(Protocol::RestXml, make(503,
                                          "<Error><Code>SlowDown</Code><Message>Please reduce your "
                                          "request rate.</Message></Error>"));
  EXPECT_EQ(e.code, "SlowDown");
  EXPECT_TRUE(e.is_throttling());
}

TEST(ApiErrorParseTest, JsonTypeWithNamespacePrefix) {
  auto e = parse_error(Protocol::Json,
                       make(400,
                            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                            "ResourceNotFoundException\",\"message\":\"Requested resource not "
                            "found\"}"));
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Requested resource not found");
}

TEST(ApiErrorParseTest, JsonTypeWithoutPrefixAndCapitalMessage) {
  auto e = parse_error(Protocol::Json,
                       make(400,
                            "{\"__type\":\"AWSOrganizationsNotInUseException\",\"Message\":\"Your "
                            "account is not a member of an organization.\"}"));
  EXPECT_EQ(e.code, "AWSOrganizationsNotInUseException");
  EXPECT_EQ(e.message, "Your account is not a member of an organization.");
}

TEST(ApiErrorParseTest, JsonThrottlingException) {
  auto e =
      parse_error(Protocol::Json,
                  make(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
  EXPECT_EQ(e.code, "ThrottlingException");
  EXPECT_TRUE(e.is_throttling());
  EXPECT_TRUE(e.is_retryable());
}

TEST(ApiErrorParseTest, ErrorTypeHeaderWithHttpSuffix) {
  auto e = parse_error(
      Protocol::RestJson,
      make(404, "{\"Type\":\"User\",\"Message\":\"Function not found: arn:aws:lambda:x\"}",
           {{"x-amzn-errortype",
             "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"},
            {"x-amzn-requestid", "r"}}));
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Function not found: arn:aws:lambda:x");
}

TEST(ApiErrorParseTest, ErrorTypeHeaderWinsOverBody) {
  auto e =
      parse_error(Protocol::Json, make(400, "{\"__type\":\"SomethingElse\",\"message\":\"m\"}",
                                       {{"x-amzn-errortype", "ThrottlingException:http://x/"}}));
  EXPECT_EQ(e.code, "ThrottlingException");
  EXPECT_EQ(e.message, "m");
}

TEST(ApiErrorParseTest, RestJsonCodeMember) {
  auto e = parse_error(Protocol::RestJson,
                       make(400, "{\"code\":\"BadRequestException\",\"message\":\"bad\"}"));
  EXPECT_EQ(e.code, "BadRequestException");
  EXPECT_EQ(e.message, "bad");
}

TEST(ApiErrorParseTest, EmptyBodiesFallBackOnTheStatus) {
  EXPECT_EQ(parse_error(Protocol::RestXml, make(403, "")).code, "AccessDenied");
  EXPECT_EQ(parse_error(Protocol::RestXml, make(404, "")).code, "NotFound");
  EXPECT_EQ(parse_error(Protocol::Json, make(429, "")).code, "TooManyRequestsException");
  EXPECT_EQ(parse_error(Protocol::Query, make(500, "")).code, "InternalFailure");
  EXPECT_EQ(parse_error(Protocol::Ec2, make(503, "")).code, "InternalFailure");
  EXPECT_EQ(parse_error(Protocol::RestJson, make(400, "")).code, "HTTP400");
  EXPECT_EQ(parse_error(Protocol::Query, make(301, "")).code, "HTTP301");

  auto throttled = parse_error(Protocol::RestXml, make(429, ""));
  EXPECT_TRUE(throttled.is_throttling());
  auto denied = parse_error(Protocol::RestXml, make(403, ""));
  EXPECT_TRUE(denied.is_access_denied());
  EXPECT_EQ(denied.status, 403);
  EXPECT_TRUE(parse_error(Protocol::Query, make(502, "")).is_retryable());
}

TEST(ApiErrorParseTest, GarbageBodiesFallBackOnTheStatus) {
  // A proxy's HTML page, a truncated document, XML without a Code.
  EXPECT_EQ(parse_error(Protocol::Json, make(502, "<html>Bad Gateway</html>")).code,
            "InternalFailure");
  EXPECT_EQ(parse_error(Protocol::Query, make(503, "<ErrorResponse><Error><Co")).code,
            "InternalFailure");
  EXPECT_EQ(parse_error(Protocol::Query, make(400, "<Error><Message>m</Message></Error>")).code,
            "HTTP400");
  EXPECT_EQ(parse_error(Protocol::Json, make(400, "{\"__type\":")).code, "HTTP400");
}

TEST(ApiErrorParseTest, TransportErrors) {
  using Kind = http::TransportError::Kind;
  EXPECT_EQ(transport_error({Kind::Connect, "refused"}).code, "ConnectionFailed");
  EXPECT_EQ(transport_error({Kind::Timeout, "slow"}).code, "Timeout");
  EXPECT_EQ(transport_error({Kind::Reset, "reset"}).code, "ConnectionReset");
  auto other = transport_error({Kind::Other, "TLS handshake failed"});
  EXPECT_EQ(other.code, "Transport");
  EXPECT_EQ(other.message, "TLS handshake failed");
  EXPECT_EQ(other.status, 0);
  EXPECT_TRUE(other.is_transport());
  EXPECT_TRUE(other.is_retryable());
  EXPECT_EQ(other.describe(), "Transport: TLS handshake failed");
}

// --- classification ----------------------------------------------------------------------------

TEST(ApiErrorClassTest, Throttling) {
  for (const char* code :
       {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException"}) {
    SCOPED_TRACE(code);
    ApiError e = error_with(code, 400);
    EXPECT_TRUE(e.is_throttling());
    EXPECT_TRUE(e.is_retryable());
    EXPECT_FALSE(e.is_access_denied());
    EXPECT_FALSE(e.is_fatal());
  }
  EXPECT_TRUE(error_with("Whatever", 429).is_throttling());
  EXPECT_FALSE(error_with("AccessDenied", 403).is_throttling());
  EXPECT_FALSE(error_with("ValidationError", 400).is_throttling());
}

TEST(ApiErrorClassTest, Retryable) {
  EXPECT_TRUE(error_with("InternalError", 500).is_retryable());
  EXPECT_TRUE(error_with("ServiceUnavailable", 503).is_retryable());
  EXPECT_TRUE(error_with("SomethingNew", 502).is_retryable());  // any 5xx
  EXPECT_TRUE(error_with("RequestTimeout", 400).is_retryable());
  EXPECT_TRUE(error_with("RequestTimeoutException", 408).is_retryable());
  EXPECT_TRUE(error_with("IDPCommunicationError", 400).is_retryable());
  EXPECT_TRUE(error_with("ConnectionReset", 0).is_retryable());
  EXPECT_TRUE(error_with("Timeout", 0).is_retryable());

  EXPECT_FALSE(error_with("AccessDenied", 403).is_retryable());
  EXPECT_FALSE(error_with("ValidationError", 400).is_retryable());
  EXPECT_FALSE(error_with("NoSuchEntity", 404).is_retryable());
  EXPECT_FALSE(error_with("InvalidParameterValue", 400).is_retryable());
  EXPECT_FALSE(error_with("MalformedResponse", -1).is_retryable());
  EXPECT_FALSE(error_with("CredentialsError", -1).is_retryable());
}

TEST(ApiErrorClassTest, AccessDenied) {
  for (const char* code :
       {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "OptInRequired"}) {
    SCOPED_TRACE(code);
    ApiError e = error_with(code, 403);
    EXPECT_TRUE(e.is_access_denied());
    EXPECT_FALSE(e.is_retryable());
    EXPECT_FALSE(e.is_fatal());  // that part is skipped, the account stays
  }
  EXPECT_FALSE(error_with("NoSuchEntity", 404).is_access_denied());
  EXPECT_FALSE(error_with("Throttling", 400).is_access_denied());
}

TEST(ApiErrorClassTest, Fatal) {
  for (const char* code :
       {"CredentialsError", "MalformedResponse", "ConnectionFailed", "ExpiredToken",
        "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
        "SignatureDoesNotMatch", "AuthFailure", "InvalidAccessKeyId"}) {
    SCOPED_TRACE(code);
    EXPECT_TRUE(error_with(code, 403).is_fatal());
  }
  for (const char* code :
       {"AccessDenied", "NoSuchEntity", "Throttling", "InternalError", "ValidationError"}) {
    SCOPED_TRACE(code);
    EXPECT_FALSE(error_with(code, 400).is_fatal());
  }
}

TEST(ApiErrorClassTest, Describe) {
  ApiError e = error_with("NoSuchEntity", 404);
  EXPECT_EQ(e.describe(), "NoSuchEntity (404)");
  e.message = "The user with name bob cannot be found.";
  EXPECT_EQ(e.describe(), "NoSuchEntity (404): The user with name bob cannot be found.");
}

}  // namespace
}  // namespace canopy::aws

namespace canopy::aws {
namespace {

TEST(ScrubTest, CanonicalRequestsAndSecretsNeverReachAMessage) {
  std::string m =
      "The request signature we calculated does not match the signature you provided. "
      "The Canonical String for this request should have been 'POST\n/\n\nhost:sts\n"
      "x-amz-security-token:IQoJb3JpZ2luX2VjEXAMPLETOKEN\n'";
  scrub(m, {"wJalrXUtnFEMI/K7MDENG", "IQoJb3JpZ2luX2VjEXAMPLETOKEN"});
  EXPECT_EQ(m, "The request signature we calculated does not match the signature you provided.");
  std::string other = "denied for key wJalrXUtnFEMI/K7MDENG and IQoJb3JpZ2luX2VjEXAMPLETOKEN";
  scrub(other, {"wJalrXUtnFEMI/K7MDENG", "IQoJb3JpZ2luX2VjEXAMPLETOKEN"});
  EXPECT_EQ(other, "denied for key *** and ***");
}

}  // namespace
}  // namespace canopy::aws
