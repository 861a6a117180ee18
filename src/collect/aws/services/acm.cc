#include "collect/aws/services/acm.h"

#include <vector>

#include "collect/aws/protocol/protocol.h"
#include "collect/aws/services/json_fields.h"
#include "collect/aws/services/listing.h"
#include "collect/json_builder.h"
#include "core/json_out.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using simdjson::SUCCESS;
using simdjson::dom::element;
using namespace fields;

// Without a key type filter ListCertificates returns RSA_1024/RSA_2048
// certificates only.
constexpr const char* kAllKeyTypes =
    R"("Includes":{"keyTypes":["RSA_1024","RSA_2048","RSA_3072","RSA_4096",)"
    R"("EC_prime256v1","EC_secp384r1","EC_secp521r1"]},"MaxItems":1000)";

void validations(JsonBuilder& b, element n) {
  objects(b, "domain_validation_options", n, "DomainValidationOptions", [&](element v) {
    text(b, "domain_name", v, "DomainName");
    strings(b, "validation_emails", v, "ValidationEmails");
    text(b, "validation_domain", v, "ValidationDomain");
    text(b, "validation_status", v, "ValidationStatus");
    object(b, "resource_record", v, "ResourceRecord", [&](element rr) {
      text(b, "name", rr, "Name");
      text(b, "type", rr, "Type");
      text(b, "value", rr, "Value");
    });
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
  strings(b, "subject_alternative_names", c, "SubjectAlternativeNames");
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
  strings(b, "in_use_by", c, "InUseBy");
  text(b, "failure_reason", c, "FailureReason");
  text(b, "type", c, "Type");
  object(b, "renewal_summary", c, "RenewalSummary", [&](element renewal) {
    text(b, "renewal_status", renewal, "RenewalStatus");
    validations(b, renewal);
    text(b, "renewal_status_reason", renewal, "RenewalStatusReason");
    epoch_time(b, "updated_at", renewal, "UpdatedAt");
  });
  b.begin_array("key_usages");
  for (element u : list(c, "KeyUsages")) b.str_element(json_string(u, "Name"));
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
  auto st = json_pages(ctx.client, services::kAcm, region, "ListCertificates", kAllKeyTypes,
                       "NextToken", "NextToken",
                       each_listed<std::string>(
                           ctx,
                           [](const JsonReply& page, std::vector<std::string>& arns) {
                             for (element c : list(page.root, "CertificateSummaryList"))
                               arns.emplace_back(json_string(c, "CertificateArn"));
                           },
                           [&](const std::string& arn) { certificate(ctx, region, arn); }));
  if (!st.ok) ctx.warn("acm " + region + " ListCertificates", st.error);
}

}  // namespace canopy::aws
