// AWS Signature Version 4 for HTTP requests (the Authorization header form),
// computed as botocore's SigV4Auth and S3SigV4Auth compute it; the
// test vectors in tests/collect/data/sigv4_vectors.json come from botocore
// (tools/make_sigv4_vectors.py).
//
// What is signed: the method, the path (normalised and encoded once more for
// every service but S3; as-is for S3), the query string (each name and value
// decoded, re-encoded per RFC 3986 and sorted), every header the request
// carries except those proxies or clients may change (user-agent, expect,
// connection, x-amzn-trace-id, …), the host, and the SHA-256 of the body.
// Sign last, after every header and the body are final: the transport must
// send exactly the URL, headers and body that were signed. Signing again
// (a retry, refreshed credentials) replaces the headers added before.
//
// Nothing here prints or logs; the secret key enters only the HMAC chain.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "collect/aws/auth/credentials.h"
#include "collect/http/http.h"

namespace canopy::aws {

struct SignOptions {
  // S3 rules: no normalisation or second encoding of the path; always send
  // x-amz-content-sha256.
  bool s3 = false;
  // x-amz-content-sha256: UNSIGNED-PAYLOAD, and that string stands for the
  // body in the signature.
  bool unsigned_payload = false;
};

// Signs `request` in place for `region`/`service` at `unix_time` (seconds):
// sets x-amz-date, x-amz-security-token when the credentials have a session
// token (and removes a stale one when they do not), x-amz-content-sha256 for
// S3 or unsigned payloads, and Authorization, replacing earlier values.
//
// The host is signed as the request's Host header when it has one, else as
// the URL's host, lower-cased, with the port only when it is not the
// scheme's default: what libcurl sends. No Host header is added.
void sign_request(http::Request& request, const Credentials& creds, const std::string& region,
                  const std::string& service, int64_t unix_time, const SignOptions& options = {});

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// Percent-encodes every byte but the RFC 3986 unreserved characters
// (A-Z a-z 0-9 - _ . ~), with upper-case hex; '/' is kept unless
// `encode_slash`.
std::string uri_encode(std::string_view s, bool encode_slash);

}  // namespace canopy::aws
