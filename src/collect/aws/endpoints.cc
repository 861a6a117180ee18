#include "collect/aws/endpoints.h"

namespace canopy::aws {

std::string_view partition_of(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string_view global_region(std::string_view partition) {
  if (partition == "aws-cn") return "cn-north-1";
  if (partition == "aws-us-gov") return "us-gov-west-1";
  return "us-east-1";
}

namespace {

std::string_view dns_suffix(std::string_view partition) {
  return partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

std::string strip_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string default_url(const Service& service, std::string_view region) {
  std::string_view partition = partition_of(region);
  std::string prefix(service.endpoint_prefix);
  if (service.global && prefix == "iam") {
    if (partition == "aws") return "https://iam.amazonaws.com";
    if (partition == "aws-us-gov") return "https://iam.us-gov.amazonaws.com";
  }
  // CloudFront and Route 53 have one name per partition, without a region.
  if (service.global && (prefix == "cloudfront" || prefix == "route53"))
    return "https://" + prefix + "." + std::string(dns_suffix(partition));
  return "https://" + prefix + "." + std::string(region) + "." + std::string(dns_suffix(partition));
}

}  // namespace

Endpoint resolve_endpoint(const Service& service, std::string_view region,
                          const EndpointConfig& config) {
  Endpoint out;
  std::string_view partition = partition_of(region);
  // Organizations in China lives in cn-northwest-1, not in the partition's global region.
  bool org_cn = service.name == "organizations" && partition == "aws-cn";
  out.signing_region = !service.global ? std::string(region)
                       : org_cn        ? std::string("cn-northwest-1")
                                       : std::string(global_region(partition));
  if (!config.endpoint_url.empty()) {
    out.url = strip_slash(config.endpoint_url);
    return out;
  }
  if (config.env) {
    if (auto v = config.env("AWS_ENDPOINT_URL_" + std::string(service.env_name));
        v && !v->empty()) {
      out.url = strip_slash(*v);
      return out;
    }
    if (auto v = config.env("AWS_ENDPOINT_URL"); v && !v->empty()) {
      out.url = strip_slash(*v);
      return out;
    }
  }
  out.url = default_url(service, out.signing_region);
  return out;
}

}  // namespace canopy::aws
