#include "collect/aws/services/acm.h"

#include <cmath>
#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/json_builder.h"
#include "core/json_out.h"
#include "core/time.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;

// Without a key type filter ListCertificates returns RSA_1024/RSA_2048
// certificates only.
constexpr const char* kAllKeyTypes =
    R"("Includes":{"keyTypes":["RSA_1024","RSA_2048","RSA_3072","RSA_4096",)"
    R"("EC_prime256v1","EC_secp384r1","EC_secp521r1"]},"MaxItems":1000)";

// JSON protocols send timestamps as epoch seconds (with fractions).
void epoch_time(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  double seconds;
  if (n[field].get(seconds) == SUCCESS)
    b.str(key, format_datetime(int64_t(std::floor(seconds))));
  else
    b.time(key, json_string(n, field));
}

void text(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  b.str_if(key, json_string(n, field));
}

// A list of strings, [] when absent.
void texts(JsonBuilder& b, std::string_view key, element n, std::string_view field) {
  b.begin_array(key);
  simdjson::dom::array list;
  if (n[field].get(list) == SUCCESS)
    for (element e : list) {
      std::string_view s;
      if (e.get(s) == SUCCESS) b.str_element(s);
    }
  b.end_array();
}

// An array of objects, [] when absent.
template <typename Fn>
void objects(JsonBuilder& b, std::string_view key, element n, std::string_view field, Fn fn) {
  b.begin_array(key);
  simdjson::dom::array list;
  if (n[field].get(list) == SUCCESS)
    for (element e : list) {
      b.begin_object();
      fn(e);
      b.end_object();
    }
  b.end_array();
}

void validations(JsonBuilder& b, element n) {
  objects(b, "domain_validation_options", n, "DomainValidationOptions", [&](element v) {
    text(b, "domain_name", v, "DomainName");
    texts(b, "validation_emails", v, "ValidationEmails");
    text(b, "validation_domain", v, "ValidationDomain");
    text(b, "validation_status", v, "ValidationStatus");
    element rr;
    if (v["ResourceRecord"].get(rr) == SUCCESS && rr.is_object())
      b.begin_object("resource_record")
          .str_if("name", json_string(rr, "Name"))
          .str_if("type", json_string(rr, "Type"))
          .str_if("value", json_string(rr, "Value"))
          .end_object();
    text(b, "validation_method", v, "ValidationMethod");
  });
}

void certificate(AccountContext& ctx, const std::string& region, const std::string& arn) {
  JsonReply r = json_call(ctx.client, services::kAcm, region, "DescribeCertificate",
                          "\"CertificateArn\":" + json::quote(arn));
  if (!r.ok) {
    if (r.error.code != "ResourceNotFoundException")
      ctx.warn("acm " + region + " DescribeCertificate " + arn, r.error);
    return;
  }
  element c;
  if (r.root["Certificate"].get(c) != SUCCESS) return;
  std::string id = arn.substr(arn.rfind('/') + 1);
  std::string_view domain = json_string(c, "DomainName");
  JsonBuilder b;
  b.str("kind", "aws_acm_certificate").str("id", id);
  b.str("name", domain.empty() ? std::string_view(id) : domain).str("arn", arn);
  epoch_time(b, "ctime", c, c["CreatedAt"].error() == SUCCESS ? "CreatedAt" : "ImportedAt");
  texts(b, "subject_alternative_names", c, "SubjectAlternativeNames");
  validations(b, c);
  text(b, "serial", c, "Serial");
  text(b, "subject", c, "Subject");
  text(b, "issuer", c, "Issuer");
  epoch_time(b, "issued_at", c, "IssuedAt");
  epoch_time(b, "imported_at", c, "ImportedAt");
  text(b, "status", c, "Status");
  epoch_time(b, "revoked_at", c, "RevokedAt");
  text(b, "revocation_reason", c, "RevocationReason");
  epoch_time(b, "not_before", c, "NotBefore");
  epoch_time(b, "not_after", c, "NotAfter");
  text(b, "key_algorithm", c, "KeyAlgorithm");
  text(b, "signature_algorithm", c, "SignatureAlgorithm");
  texts(b, "in_use_by", c, "InUseBy");
  text(b, "failure_reason", c, "FailureReason");
  text(b, "type", c, "Type");
  element renewal;
  if (c["RenewalSummary"].get(renewal) == SUCCESS && renewal.is_object()) {
    b.begin_object("renewal_summary");
    text(b, "renewal_status", renewal, "RenewalStatus");
    validations(b, renewal);
    text(b, "renewal_status_reason", renewal, "RenewalStatusReason");
    epoch_time(b, "updated_at", renewal, "UpdatedAt");
    b.end_object();
  }
  b.begin_array("key_usages");
  simdjson::dom::array usages;
  if (c["KeyUsages"].get(usages) == SUCCESS)
    for (element u : usages) b.str_element(json_string(u, "Name"));
  b.end_array();
  objects(b, "extended_key_usages", c, "ExtendedKeyUsages", [&](element u) {
    text(b, "name", u, "Name");
    text(b, "oid", u, "OID");
  });
  text(b, "certificate_authority_arn", c, "CertificateAuthorityArn");
  text(b, "renewal_eligibility", c, "RenewalEligibility");
  element options;
  if (c["Options"].get(options) == SUCCESS)
    text(b, "certificate_transparency_logging", options,
         "CertificateTransparencyLoggingPreference");

  std::string node = ctx.id("acm_certificate", arn);
  ctx.out.node(node, "aws_acm_certificate", b.take());
  ctx.out.alias(arn, node);
  ctx.out.edge(ctx.region_node(region), node);
}

}  // namespace

void collect_acm(AccountContext& ctx, const std::string& region) {
  std::vector<std::string> arns;
  auto st = json_pages(ctx.client, services::kAcm, region, "ListCertificates", kAllKeyTypes,
                       "NextToken", "NextToken", [&](const JsonReply& page) {
                         simdjson::dom::array list;
                         if (page.root["CertificateSummaryList"].get(list) != SUCCESS) return;
                         for (element c : list) arns.emplace_back(json_string(c, "CertificateArn"));
                       });
  if (!st.ok) ctx.warn("acm " + region + " ListCertificates", st.error);
  run_parallel(arns.size(), ctx.threads, [&](size_t i) { certificate(ctx, region, arns[i]); });
}

}  // namespace canopy::aws
