// gen_inventory: writes a deterministic, synthetic AWS inventory in the ndjson merge format
// that Canopy imports (one node or edge per line, nodes first, then edges).
//
//   gen_inventory --nodes N [--seed S] [--accounts A] [--regions R]
//
// Defaults: seed 42, accounts = min(20, max(1, N / 100000) + 1), regions 4.
// The same arguments always produce byte-identical output: all randomness comes from a
// splitmix64 stream and all formatting is done by hand (no locale, no std distributions).
// The output is tuned to about 1.8 KB per node (total bytes / node count, edges included).
//
// Built by CMake (bench/); it uses core/time.h for datetimes and nothing else of Canopy.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace {

// ------------------------------------------------------------------------------------------
// Randomness and hashing

constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    state_ += kGolden;
    return mix64(state_);
  }
  // Uniform-enough value in [0, n); n > 0.
  uint64_t below(uint64_t n) { return next() % n; }
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // true with probability permille / 1000
  bool chance(unsigned permille) { return below(1000) < permille; }
  template <typename T, size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }

 private:
  uint64_t state_;
};

// ------------------------------------------------------------------------------------------
// Output buffer + a tiny JSON writer (Python-style separators: ", " and ": ")

class Out {
 public:
  Out() { buf_.reserve(kFlushAt + (1 << 16)); }
  ~Out() { flush(); }
  std::string& buf() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    if (!buf_.empty()) {
      if (std::fwrite(buf_.data(), 1, buf_.size(), stdout) != buf_.size()) {
        std::fprintf(stderr, "gen_inventory: write error\n");
        std::exit(1);
      }
      total_ += buf_.size();
      buf_.clear();
    }
  }
  uint64_t total() const { return total_ + buf_.size(); }

 private:
  static constexpr size_t kFlushAt = 1 << 21;
  std::string buf_;
  uint64_t total_ = 0;
};

// 2024-06-01T12:00:00Z: the (fixed) collection time of the synthetic inventory.
constexpr int64_t kNow = 1717243200;
constexpr int64_t kDay = 86400;

void append_time(std::string& s, int64_t t) {
  s += canopy::format_datetime(t);
}

void append_int(std::string& s, int64_t v) {
  char b[24];
  auto r = std::to_chars(b, b + sizeof b, v);
  s.append(b, r.ptr);
}

void append_hex(std::string& s, uint64_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) s.push_back(kHex[(v >> (4 * (i % 16))) & 0xf]);
}

class Json {
 public:
  explicit Json(std::string& s) : s_(s) {}

  void begin_obj() {
    pre();
    s_.push_back('{');
    push();
  }
  void end_obj() {
    s_.push_back('}');
    --depth_;
  }
  void begin_arr() {
    pre();
    s_.push_back('[');
    push();
  }
  void end_arr() {
    s_.push_back(']');
    --depth_;
  }
  Json& key(std::string_view k) {
    if (need_comma_[depth_]) s_.append(", ");
    need_comma_[depth_] = true;
    s_.push_back('"');
    s_.append(k);
    s_.append("\": ");
    after_key_ = true;
    return *this;
  }
  void str(std::string_view v) {
    pre();
    s_.push_back('"');
    escape(v);
    s_.push_back('"');
  }
  // Starts a string value whose content the caller appends to buf(); finish with close_str().
  std::string& open_str() {
    pre();
    s_.push_back('"');
    return s_;
  }
  void close_str() { s_.push_back('"'); }
  void num(int64_t v) {
    pre();
    append_int(s_, v);
  }
  void raw(std::string_view v) {
    pre();
    s_.append(v);
  }
  void boolean(bool v) {
    pre();
    s_.append(v ? "true" : "false");
  }
  void time(int64_t t) {
    pre();
    s_.push_back('"');
    append_time(s_, t);
    s_.push_back('"');
  }
  // key/value shorthands
  void kv(std::string_view k, std::string_view v) { key(k).str(v); }
  void kn(std::string_view k, int64_t v) { key(k).num(v); }
  void kb(std::string_view k, bool v) { key(k).boolean(v); }
  void kt(std::string_view k, int64_t t) { key(k).time(t); }
  void kraw(std::string_view k, std::string_view v) { key(k).raw(v); }
  void obj(std::string_view k) {
    key(k);
    begin_obj();
  }
  void arr(std::string_view k) {
    key(k);
    begin_arr();
  }
  void empty_arr(std::string_view k) { key(k).raw("[]"); }
  void end_line() {
    s_.push_back('\n');
    depth_ = 0;
    need_comma_[0] = false;
    after_key_ = false;
  }

 private:
  void pre() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (need_comma_[depth_]) s_.append(", ");
    need_comma_[depth_] = true;
  }
  void push() {
    ++depth_;
    need_comma_[depth_] = false;
  }
  void escape(std::string_view v) {
    bool plain = true;
    for (char c : v) plain &= c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20;
    if (plain) {
      s_.append(v);
      return;
    }
    for (char c : v) {
      unsigned char u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        s_.push_back('\\');
        s_.push_back(c);
      } else if (u < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        s_.append("\\u00");
        s_.push_back(kHex[u >> 4]);
        s_.push_back(kHex[u & 0xf]);
      } else {
        s_.push_back(c);
      }
    }
  }

  std::string& s_;
  std::array<bool, 32> need_comma_{};
  int depth_ = 0;
  bool after_key_ = false;
};

// ------------------------------------------------------------------------------------------
// Static vocabularies

struct RegionInfo {
  std::string_view code;
  std::string_view az_prefix;  // availability zone id prefix, e.g. "euc1"
};

constexpr std::array<RegionInfo, 16> kRegions{{
    {"us-east-1", "use1"},
    {"eu-central-1", "euc1"},
    {"us-west-2", "usw2"},
    {"eu-west-1", "euw1"},
    {"ap-southeast-1", "apse1"},
    {"us-east-2", "use2"},
    {"ap-northeast-1", "apne1"},
    {"eu-west-2", "euw2"},
    {"ap-southeast-2", "apse2"},
    {"ca-central-1", "cac1"},
    {"eu-north-1", "eun1"},
    {"ap-south-1", "aps1"},
    {"sa-east-1", "sae1"},
    {"us-west-1", "usw1"},
    {"eu-west-3", "euw3"},
    {"ap-northeast-2", "apne2"},
}};

struct InstanceType {
  std::string_view name;
  std::string_view cores;   // instance_cores (double)
  std::string_view memory;  // instance_memory in GiB (double)
  int core_count;
  int threads;
  bool arm;
};

constexpr std::array<InstanceType, 20> kInstanceTypes{{
    {"t3.micro", "2.0", "1.0", 1, 2, false},     {"t3.small", "2.0", "2.0", 1, 2, false},
    {"t3.medium", "2.0", "4.0", 1, 2, false},    {"t3.medium", "2.0", "4.0", 1, 2, false},
    {"t3.large", "2.0", "8.0", 1, 2, false},     {"t3a.medium", "2.0", "4.0", 1, 2, false},
    {"m5.large", "2.0", "8.0", 1, 2, false},     {"m5.large", "2.0", "8.0", 1, 2, false},
    {"m5.xlarge", "4.0", "16.0", 2, 2, false},   {"m5.2xlarge", "8.0", "32.0", 4, 2, false},
    {"m6i.large", "2.0", "8.0", 1, 2, false},    {"m6i.4xlarge", "16.0", "64.0", 8, 2, false},
    {"c5.xlarge", "4.0", "8.0", 2, 2, false},    {"c5.4xlarge", "16.0", "32.0", 8, 2, false},
    {"c6g.2xlarge", "8.0", "16.0", 8, 1, true},  {"r5.large", "2.0", "16.0", 1, 2, false},
    {"r6g.xlarge", "4.0", "32.0", 4, 1, true},   {"m6g.medium", "1.0", "4.0", 1, 1, true},
    {"g4dn.xlarge", "4.0", "16.0", 2, 2, false}, {"i3.2xlarge", "8.0", "61.0", 4, 2, false},
}};

constexpr std::array<std::string_view, 6> kEnvs{"prod", "prod", "staging",
                                                "dev",  "test", "sandbox"};
constexpr std::array<std::string_view, 10> kTeams{
    "platform", "data", "payments", "search", "ml", "web", "security", "infra", "mobile", "growth"};
constexpr std::array<std::string_view, 14> kApps{
    "web",  "api",     "worker", "batch",  "etl",   "cache", "db-proxy",
    "auth", "billing", "search", "ingest", "admin", "kafka", "jenkins"};
constexpr std::array<std::string_view, 10> kProjects{"atlas", "borealis", "cygnus",  "delta-lake",
                                                     "ember", "falcon",   "granite", "helios",
                                                     "ion",   "juniper"};
constexpr std::array<std::string_view, 12> kPeople{
    "jane.doe",  "john.smith",  "maria.garcia", "li.wei",     "omar.haddad",  "anna.kowalski",
    "raj.patel", "sofia.rossi", "kenji.sato",   "emma.jones", "lucas.martin", "nina.berg"};
constexpr std::array<std::string_view, 5> kCreators{"terraform", "cloudformation", "console",
                                                    "pulumi", "eksctl"};
constexpr std::array<std::string_view, 4> kBackup{"daily", "weekly", "none", "hourly"};

constexpr std::array<std::string_view, 8> kAccountNames{
    "prod", "staging", "dev", "data", "security", "sandbox", "shared-services", "logging"};

struct Port {
  int from;
  int to;
  std::string_view proto;
  std::string_view what;
};
constexpr std::array<Port, 16> kPorts{{{22, 22, "tcp", "ssh"},
                                       {443, 443, "tcp", "https"},
                                       {443, 443, "tcp", "https"},
                                       {80, 80, "tcp", "http"},
                                       {3306, 3306, "tcp", "mysql"},
                                       {5432, 5432, "tcp", "postgres"},
                                       {6379, 6379, "tcp", "redis"},
                                       {8080, 8080, "tcp", "app"},
                                       {9200, 9200, "tcp", "elasticsearch"},
                                       {27017, 27017, "tcp", "mongodb"},
                                       {3389, 3389, "tcp", "rdp"},
                                       {1024, 65535, "tcp", "ephemeral"},
                                       {53, 53, "udp", "dns"},
                                       {123, 123, "udp", "ntp"},
                                       {-1, -1, "icmp", "ping"},
                                       {0, 0, "-1", "all traffic"}}};

constexpr std::array<std::string_view, 4> kVolumeTypes{"gp3", "gp3", "gp2", "io1"};

// ------------------------------------------------------------------------------------------
// Graph bookkeeping

enum Kind : uint32_t {
  kRoot,
  kCloud,
  kAccount,
  kRegion,
  kVpc,
  kSubnet,
  kSecurityGroup,
  kInstance,
  kVolume,
  kSnapshot,
  kNetworkInterface,
  kRouteTable,
  kInternetGateway,
  kKeypair,
  kBucket,
  kUser,
  kRootUser,
  kAccessKey,
  kRole,
  kPolicy,
  kGroup,
  kKindCount
};

constexpr std::array<std::string_view, kKindCount> kKindNames{"graph_root",
                                                              "cloud",
                                                              "aws_account",
                                                              "aws_region",
                                                              "aws_vpc",
                                                              "aws_ec2_subnet",
                                                              "aws_ec2_security_group",
                                                              "aws_ec2_instance",
                                                              "aws_ec2_volume",
                                                              "aws_ec2_snapshot",
                                                              "aws_ec2_network_interface",
                                                              "aws_ec2_route_table",
                                                              "aws_ec2_internet_gateway",
                                                              "aws_ec2_keypair",
                                                              "aws_s3_bucket",
                                                              "aws_iam_user",
                                                              "aws_root_user",
                                                              "aws_iam_access_key",
                                                              "aws_iam_role",
                                                              "aws_iam_policy",
                                                              "aws_iam_group"};

struct Graph {
  uint64_t seed_salt = 0;
  std::array<uint64_t, kKindCount> counter{};
  std::array<uint64_t, kKindCount> emitted{};
  std::vector<uint64_t> node_key;  // (kind << 40) | per-kind counter, indexed by node index
  std::vector<uint64_t> edges;     // (from << 33) | (to << 1) | is_delete
  uint64_t default_edges = 0;
  uint64_t delete_edges = 0;

  // Allocates the next node of a kind; returns its node index. Its key is unique.
  uint32_t add(Kind k) {
    uint64_t key = (static_cast<uint64_t>(k) << 40) | counter[k]++;
    node_key.push_back(key);
    return static_cast<uint32_t>(node_key.size() - 1);
  }
  // Stable 64-bit value per node key (bijective for a fixed seed).
  uint64_t hash_of(uint32_t node) const { return mix64(node_key[node] ^ seed_salt); }
  void edge(uint32_t from, uint32_t to) {
    edges.push_back((static_cast<uint64_t>(from) << 33) | (static_cast<uint64_t>(to) << 1));
    ++default_edges;
  }
  void del_edge(uint32_t from, uint32_t to) {
    edges.push_back((static_cast<uint64_t>(from) << 33) | (static_cast<uint64_t>(to) << 1) | 1);
    ++delete_edges;
  }
  // default edge plus a delete edge in the opposite direction (child -> owner)
  void dependant(uint32_t owner, uint32_t child) {
    edge(owner, child);
    del_edge(child, owner);
  }
  // default edge plus a delete edge in the same direction
  void dependant_same(uint32_t from, uint32_t to) {
    edge(from, to);
    del_edge(from, to);
  }
};

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Graph node id: "root", "aws", or 22 url-safe base64 characters derived from the node key.
void append_node_id(std::string& s, const Graph& g, uint32_t node) {
  const uint64_t kind = g.node_key[node] >> 40;
  if (kind == kRoot) {
    s.append("root");
    return;
  }
  if (kind == kCloud) {
    s.append("aws");
    return;
  }
  const uint64_t h = g.hash_of(node);
  const uint64_t h2 = mix64(h ^ kGolden);
  for (int i = 0; i < 11; ++i) s.push_back(kB64[(h >> (6 * i)) & 63]);
  for (int i = 0; i < 11; ++i) s.push_back(kB64[(h2 >> (6 * i)) & 63]);
}

// Small fixed-capacity string used for identifiers and links (no heap allocation).
struct Tok {
  std::array<char, 192> b{};
  size_t n = 0;
  void need(size_t c) const {
    if (c > b.size() - n) {
      std::fprintf(stderr, "gen_inventory: internal error: token too long\n");
      std::abort();
    }
  }
  Tok& add(std::string_view v) {
    need(v.size());
    std::memcpy(b.data() + n, v.data(), v.size());
    n += v.size();
    return *this;
  }
  Tok& add(int64_t v) {
    need(20);
    auto r = std::to_chars(b.data() + n, b.data() + b.size(), v);
    n = static_cast<size_t>(r.ptr - b.data());
    return *this;
  }
  Tok& hex(uint64_t v, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    need(static_cast<size_t>(digits));
    for (int i = digits - 1; i >= 0; --i) b[n++] = kHex[(v >> (4 * (i % 16))) & 0xf];
    return *this;
  }
  Tok& ch(char c) {
    need(1);
    b[n++] = c;
    return *this;
  }
  std::string_view sv() const { return {b.data(), n}; }
};

// AWS style resource id: prefix + 17 hex digits, unique per 64-bit hash.
Tok aws_id(std::string_view prefix, uint64_t h) {
  Tok t;
  t.add(prefix).hex(mix64(h) & 0xf, 1).hex(h, 16);
  return t;
}

Tok ipv4(unsigned a, unsigned b, unsigned c, unsigned d) {
  Tok t;
  t.add(static_cast<int64_t>(a))
      .ch('.')
      .add(static_cast<int64_t>(b))
      .ch('.')
      .add(static_cast<int64_t>(c))
      .ch('.')
      .add(static_cast<int64_t>(d));
  return t;
}

// IAM style identifier: prefix + `len` characters of [A-Z2-7] (AIDA..., AKIA..., AROA...).
Tok iam_id(std::string_view prefix, uint64_t h, int len) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  Tok t;
  t.add(prefix);
  uint64_t bits = h;
  for (int i = 0; i < len; ++i) {
    if (i == 12) bits = mix64(h ^ kGolden);  // 12 * 5 = 60 bits of h used so far
    t.ch(kChars[bits & 31]);
    bits >>= 5;
  }
  return t;
}

uint64_t share(uint64_t total, uint64_t parts, uint64_t i) {
  return total * (i + 1) / parts - total * i / parts;
}

// ------------------------------------------------------------------------------------------
// The generator

struct Config {
  uint64_t nodes = 0;
  uint64_t seed = 42;
  uint64_t accounts = 0;  // 0 = derive from nodes
  uint64_t regions = 4;
};

// Share of resource nodes per kind, in units of 1/100000 (volumes take the remainder).
struct MixEntry {
  Kind kind;
  uint64_t per100k;
  bool global;  // collected in the "global" pseudo region (IAM, S3)
};
constexpr std::array<MixEntry, 16> kMix{{
    {kInstance, 25000, false},
    {kVolume, 30000, false},
    {kSecurityGroup, 15000, false},
    {kSubnet, 10000, false},
    {kVpc, 2000, false},
    {kNetworkInterface, 7000, false},
    {kSnapshot, 5000, false},
    {kRouteTable, 1000, false},
    {kInternetGateway, 500, false},
    {kKeypair, 500, false},
    {kBucket, 1000, true},
    {kUser, 900, true},
    {kAccessKey, 1200, true},
    {kRole, 500, true},
    {kPolicy, 300, true},
    {kGroup, 100, true},
}};

struct Account {
  uint32_t node = 0;
  uint64_t index = 0;
  Tok id;    // 12 digits
  Tok name;  // display name
  uint32_t global_region = 0;
  std::vector<uint32_t> regions;
};

class Generator {
 public:
  Generator(const Config& cfg, Out& out) : cfg_(cfg), out_(out), j_(out.buf()) {
    g_.seed_salt = mix64(cfg.seed * 0xd1b54a32d192ed03ULL + 0x632be59bd9b4e019ULL);
  }

  int run();

 private:
  // ---- shared emit helpers
  void begin_node(uint32_t node, Kind k, std::string_view cloud_id, std::string_view name) {
    j_.begin_obj();
    j_.key("id");
    append_node_id(j_.open_str(), g_, node);
    j_.close_str();
    j_.obj("reported");
    j_.kv("kind", kKindNames[k]);
    j_.kv("id", cloud_id);
    j_.kv("name", name);
    ++g_.emitted[k];
  }
  // Closes "reported", writes "metadata" and ends the line.
  void end_node(std::string_view link_prefix = {}, std::string_view link_id = {},
                std::string_view link_suffix = {}) {
    j_.end_obj();
    j_.obj("metadata");
    j_.kb("cleaned", false);
    j_.kb("phantom", false);
    j_.kb("protected", false);
    if (!link_prefix.empty()) {
      std::string& s = j_.key("provider_link").open_str();
      s.append(link_prefix);
      s.append(link_id);
      s.append(link_suffix);
      j_.close_str();
    }
    j_.end_obj();
    j_.end_obj();
    j_.end_line();
    out_.maybe_flush();
  }
  // "arn": "arn:aws:<service>:<region>:<account>:<resource>" where resource = type + "/" + id (or
  // just type when id is empty)
  void arn(std::string_view service, std::string_view region, std::string_view account,
           std::string_view type, std::string_view id = {}) {
    std::string& s = j_.key("arn").open_str();
    s.append("arn:aws:");
    s.append(service);
    s.push_back(':');
    s.append(region);
    s.push_back(':');
    s.append(account);
    s.push_back(':');
    s.append(type);
    if (!id.empty()) {
      s.push_back('/');
      s.append(id);
    }
    j_.close_str();
  }
  int64_t rand_ctime(Rng& r, int64_t max_age_days = 3 * 365) {
    return kNow - r.range(3600, max_age_days * kDay);
  }

  // Writes "tags": the Name tag (when given) plus 0..max_tags other tags with distinct keys.
  void tags(Rng& r, unsigned max_tags, std::string_view name_tag = {}) {
    j_.obj("tags");
    if (!name_tag.empty()) j_.kv("Name", name_tag);
    const unsigned n = static_cast<unsigned>(r.below(max_tags + 1));
    // fixed order of candidate keys, rotated by a random offset; keeps keys unique
    const unsigned start = static_cast<unsigned>(r.below(9));
    for (unsigned i = 0; i < n; ++i) {
      switch ((start + i) % 9) {
        case 0:
          j_.kv("environment", r.pick(kEnvs));
          break;
        case 1:
          j_.kv("team", r.pick(kTeams));
          break;
        case 2: {
          std::string& s = j_.key("owner").open_str();
          s.append(r.pick(kPeople));
          s.append("@example.com");
          j_.close_str();
          break;
        }
        case 3:
          j_.kv("project", r.pick(kProjects));
          break;
        case 4: {
          std::string& s = j_.key("cost-center").open_str();
          s.append("cc-");
          append_int(s, r.range(1000, 1099));
          j_.close_str();
          break;
        }
        case 5:
          j_.kv("created-by", r.pick(kCreators));
          break;
        case 6:
          j_.kv("app", r.pick(kApps));
          break;
        case 7:
          j_.kv("backup", r.pick(kBackup));
          break;
        default:
          j_.kv("compliance", r.chance(500) ? "pci" : "none");
          break;
      }
    }
    j_.end_obj();
  }

  void emit_account(const Account& acc, const std::array<uint64_t, kKindCount>& n, Rng& r);
  void emit_region(uint32_t node, std::string_view id, std::string_view name);
  void emit_global(const Account& acc, std::array<uint64_t, kKindCount> n, Rng& r);
  void emit_regional(const Account& acc, size_t region_idx, std::array<uint64_t, kKindCount> n,
                     Rng& r);
  void emit_policy_document(Rng& r, bool admin);
  void emit_edges();

  const Config& cfg_;
  Out& out_;
  Json j_;
  Graph g_;
};

// n: the number of global resources per kind that emit_global() will write for this account
void Generator::emit_account(const Account& acc, const std::array<uint64_t, kKindCount>& n,
                             Rng& r) {
  begin_node(acc.node, kAccount, acc.id.sv(), acc.name.sv());
  j_.kv("account_alias", acc.name.sv());
  j_.kv("partition", "aws");
  j_.kt("ctime", kNow - r.range(3 * 365 * kDay, 9 * 365 * kDay));
  tags(r, 3);
  // IAM account summary, consistent with the IAM nodes below the global region
  const int64_t users = n[kUser] > 0 ? static_cast<int64_t>(n[kUser] - 1) : 0;
  const int64_t policies =
      static_cast<int64_t>(n[kPolicy] - (std::min<uint64_t>(n[kPolicy], 8) + 1) / 2);
  j_.kn("users", users);
  j_.kn("groups", static_cast<int64_t>(n[kGroup]));
  j_.kn("account_mfa_enabled", r.chance(850) ? 1 : 0);
  j_.kn("account_access_keys_present", 0);
  j_.kn("account_signing_certificates_present", 0);
  const int64_t mfa = r.range(0, users + 1);
  j_.kn("mfa_devices", mfa);
  j_.kn("mfa_devices_in_use", mfa);
  j_.kn("policies", policies);
  j_.kn("policy_versions_in_use", policies * 3 + static_cast<int64_t>(n[kRole]));
  j_.kn("global_endpoint_token_version", 1);
  j_.kn("server_certificates", r.range(0, 3));
  if (r.chance(700)) {  // a custom password policy exists
    j_.kn("minimum_password_length", r.pick(std::array<int64_t, 4>{8, 12, 14, 16}));
    j_.kb("require_symbols", r.chance(700));
    j_.kb("require_numbers", r.chance(800));
    j_.kb("require_uppercase_characters", r.chance(800));
    j_.kb("require_lowercase_characters", r.chance(850));
    j_.kb("allow_users_to_change_password", true);
    const bool expire = r.chance(500);
    j_.kb("expire_passwords", expire);
    j_.kn("max_password_age", expire ? r.pick(std::array<int64_t, 3>{60, 90, 180}) : 0);
    j_.kn("password_reuse_prevention", r.pick(std::array<int64_t, 4>{0, 5, 12, 24}));
    j_.kb("hard_expiry", false);
  } else {
    j_.kn("max_password_age", 0);
    j_.kn("password_reuse_prevention", 0);
  }
  const bool member = r.chance(800);
  j_.kb("is_organization_member", member);
  j_.kb("is_organization_master", member && acc.index == 0);
  if (member) {
    j_.kv("organization_id", "o-k3x9p2m7qa");
    j_.kv("organization_arn", "arn:aws:organizations::100000000001:organization/o-k3x9p2m7qa");
  }
  j_.end_obj();
  j_.obj("metadata");
  j_.kb("cleaned", false);
  j_.kb("phantom", false);
  j_.kb("protected", false);
  j_.kt("exported_at", kNow);
  j_.end_obj();
  j_.end_obj();
  j_.end_line();
  ++g_.emitted[kAccount];
}

void Generator::emit_region(uint32_t node, std::string_view id, std::string_view name) {
  begin_node(node, kRegion, id, name);
  j_.kt("ctime", 1142726400);  // 2006-03-19
  j_.obj("tags");
  j_.end_obj();
  end_node();
}

void Generator::emit_policy_document(Rng& r, bool admin) {
  static constexpr std::array<std::string_view, 16> kActions{"s3:GetObject",
                                                             "s3:PutObject",
                                                             "s3:ListBucket",
                                                             "ec2:Describe*",
                                                             "ec2:StartInstances",
                                                             "ec2:StopInstances",
                                                             "logs:CreateLogStream",
                                                             "logs:PutLogEvents",
                                                             "dynamodb:GetItem",
                                                             "dynamodb:PutItem",
                                                             "sqs:SendMessage",
                                                             "sqs:ReceiveMessage",
                                                             "kms:Decrypt",
                                                             "secretsmanager:GetSecretValue",
                                                             "cloudwatch:PutMetricData",
                                                             "sts:AssumeRole"};
  j_.begin_obj();
  j_.arr("Statement");
  const unsigned stmts = admin ? 1 : static_cast<unsigned>(r.range(1, 3));
  for (unsigned i = 0; i < stmts; ++i) {
    j_.begin_obj();
    if (admin) {
      j_.kv("Action", "*");
      j_.kv("Effect", "Allow");
      j_.kv("Resource", "*");
    } else {
      j_.arr("Action");
      const unsigned na = static_cast<unsigned>(r.range(1, 4));
      const unsigned start = static_cast<unsigned>(r.below(kActions.size()));
      for (unsigned a = 0; a < na; ++a) j_.str(kActions[(start + a) % kActions.size()]);
      j_.end_arr();
      j_.kv("Effect", r.chance(900) ? "Allow" : "Deny");
      if (r.chance(500)) {
        j_.kv("Resource", "*");
      } else {
        std::string& s = j_.key("Resource").open_str();
        s.append("arn:aws:s3:::");
        s.append(r.pick(kProjects));
        s.append("-");
        s.append(r.pick(kApps));
        s.append("/*");
        j_.close_str();
      }
    }
    j_.end_obj();
  }
  j_.end_arr();
  j_.kv("Version", "2012-10-17");
  j_.end_obj();
}

void Generator::emit_global(const Account& acc, std::array<uint64_t, kKindCount> n, Rng& r) {
  const std::string_view account = acc.id.sv();
  const uint32_t region = acc.global_region;
  constexpr std::string_view kIamLink =
      "https://us-east-1.console.aws.amazon.com/iam/home?region=global#/";

  // ---- allocate nodes up front so that references can be resolved
  const uint64_t users_total = n[kUser];
  const bool has_root = users_total > 0;
  const uint64_t users = has_root ? users_total - 1 : 0;
  uint64_t keys = n[kAccessKey];
  if (keys > 2 * users) {
    n[kBucket] += keys - 2 * users;
    keys = 2 * users;
  }
  // keys per user: 0..2, summing up to exactly `keys`
  std::vector<uint8_t> key_count(users, 0);
  uint64_t assigned = 0;
  for (uint64_t u = 0; u < users; ++u) {
    const uint64_t roll = r.below(100);
    key_count[u] = roll < 25 ? 0 : (roll < 70 ? 1 : 2);
    assigned += key_count[u];
  }
  for (uint64_t u = 0; assigned < keys; u = (u + 1) % users) {
    if (key_count[u] < 2) {
      ++key_count[u];
      ++assigned;
    }
  }
  for (uint64_t u = 0; assigned > keys; u = (u + 1) % users) {
    if (key_count[u] > 0) {
      --key_count[u];
      --assigned;
    }
  }

  std::vector<uint32_t> policy_nodes, group_nodes, user_nodes;
  for (uint64_t i = 0; i < n[kPolicy]; ++i) policy_nodes.push_back(g_.add(kPolicy));
  for (uint64_t i = 0; i < n[kGroup]; ++i) group_nodes.push_back(g_.add(kGroup));

  // ---- policies
  static constexpr std::array<std::string_view, 8> kManaged{
      "AdministratorAccess",          "ReadOnlyAccess",  "AmazonS3ReadOnlyAccess",
      "AmazonEC2FullAccess",          "PowerUserAccess", "AWSCloudShellFullAccess",
      "AmazonSSMManagedInstanceCore", "SecurityAudit"};
  for (size_t i = 0; i < policy_nodes.size(); ++i) {
    const uint32_t node = policy_nodes[i];
    const uint64_t h = g_.hash_of(node);
    const bool aws_managed = i < kManaged.size() && i % 2 == 0;
    Tok name;
    if (aws_managed)
      name.add(kManaged[i]);
    else
      name.add(kTeams[h % kTeams.size()])
          .ch('-')
          .add(kApps[(h >> 8) % kApps.size()])
          .ch('-')
          .add(static_cast<int64_t>(i));
    const Tok pid = iam_id("ANPA", h, 17);
    begin_node(node, kPolicy, pid.sv(), name.sv());
    const int64_t ctime = rand_ctime(r);
    j_.kt("ctime", ctime);
    j_.kt("mtime", ctime + r.range(0, kNow - ctime));
    if (aws_managed)
      arn("iam", "", "aws", "policy", name.sv());
    else
      arn("iam", "", account, "policy", name.sv());
    tags(r, aws_managed ? 0 : 3);
    j_.kv("path", "/");
    const int64_t version = r.range(1, 9);
    Tok vid;
    vid.ch('v').add(version);
    j_.kv("policy_default_version_id", vid.sv());
    j_.kn("policy_attachment_count", r.range(0, 12));
    j_.kn("policy_permissions_boundary_usage_count", 0);
    j_.kb("policy_is_attachable", true);
    if (!aws_managed) j_.kv("policy_description", "Managed by the platform team");
    j_.obj("policy_document");
    j_.key("document");
    emit_policy_document(r, name.sv() == "AdministratorAccess" || name.sv() == "PowerUserAccess");
    j_.kv("version_id", vid.sv());
    j_.kb("is_default_version", true);
    j_.kt("create_date", ctime);
    j_.end_obj();
    Tok enc;
    enc.add(aws_managed ? "arn:aws:iam::aws:policy/" : "").add(name.sv());
    end_node(Tok().add(kIamLink).add("policies/details/").sv(), enc.sv());
    g_.edge(region, node);
  }

  // ---- groups
  for (size_t i = 0; i < group_nodes.size(); ++i) {
    const uint32_t node = group_nodes[i];
    const uint64_t h = g_.hash_of(node);
    Tok name;
    name.add(kTeams[h % kTeams.size()])
        .add(i == 0 ? "-admins" : "-members")
        .ch('-')
        .add(static_cast<int64_t>(i));
    const Tok gid = iam_id("AGPA", h, 17);
    begin_node(node, kGroup, gid.sv(), name.sv());
    j_.kt("ctime", rand_ctime(r));
    arn("iam", "", account, "group", name.sv());
    j_.kv("path", "/");
    j_.arr("group_policies");
    if (r.chance(300)) {
      j_.begin_obj();
      j_.kv("policy_name", "inline-access");
      j_.key("policy_document");
      emit_policy_document(r, false);
      j_.end_obj();
    }
    j_.end_arr();
    end_node(Tok().add(kIamLink).add("groups/details/").sv(), name.sv());
    g_.edge(region, node);
    if (!policy_nodes.empty()) {
      const uint64_t np = r.below(3);
      for (uint64_t p = 0; p < np && p < policy_nodes.size(); ++p)  // distinct policies
        g_.dependant_same(node, policy_nodes[(h + p) % policy_nodes.size()]);
    }
  }

  // ---- roles
  static constexpr std::array<std::string_view, 7> kServices{
      "ec2.amazonaws.com",  "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com",
      "glue.amazonaws.com", "states.amazonaws.com", "sagemaker.amazonaws.com"};
  for (uint64_t i = 0; i < n[kRole]; ++i) {
    const uint32_t node = g_.add(kRole);
    const uint64_t h = g_.hash_of(node);
    const bool support = i == 0;
    Tok name;
    if (support)
      name.add("AWSServiceRoleForSupport");
    else
      name.add(kApps[h % kApps.size()])
          .ch('-')
          .add(kEnvs[(h >> 8) % kEnvs.size()])
          .add("-role-")
          .add(static_cast<int64_t>(i));
    const Tok rid = iam_id("AROA", h, 17);
    begin_node(node, kRole, rid.sv(), name.sv());
    const int64_t ctime = rand_ctime(r);
    j_.kt("ctime", ctime);
    if (support)
      arn("iam", "", account, "role/aws-service-role/support.amazonaws.com", name.sv());
    else
      arn("iam", "", account, "role", name.sv());
    tags(r, support ? 0 : 4);
    j_.kv("path", support ? "/aws-service-role/support.amazonaws.com/" : "/");
    j_.kv("description", support ? "Enables resource access for AWS to provide billing, "
                                   "administrative and support services"
                                 : "Service role managed by terraform");
    j_.obj("role_assume_role_policy_document");
    j_.arr("Statement");
    j_.begin_obj();
    j_.kv("Action", "sts:AssumeRole");
    j_.kv("Effect", "Allow");
    j_.obj("Principal");
    j_.kv("Service", support ? "support.amazonaws.com" : kServices[(h >> 16) % kServices.size()]);
    j_.end_obj();
    j_.end_obj();
    j_.end_arr();
    j_.kv("Version", "2012-10-17");
    j_.end_obj();
    j_.kn("role_max_session_duration", r.chance(800) ? 3600 : 43200);
    if (r.chance(700)) {
      const int64_t used = kNow - r.range(60, 200 * kDay);
      j_.obj("role_last_used");
      j_.kt("last_used", used);
      j_.kv("region", kRegions[r.below(cfg_.regions)].code);
      j_.end_obj();
    }
    j_.arr("role_policies");
    if (!support && r.chance(400)) {
      j_.begin_obj();
      j_.kv("policy_name", "inline-permissions");
      j_.key("policy_document");
      emit_policy_document(r, false);
      j_.end_obj();
    }
    j_.end_arr();
    end_node(Tok().add(kIamLink).add("roles/details/").sv(), name.sv());
    g_.edge(region, node);
    if (!policy_nodes.empty()) {
      const uint64_t np = r.below(4);
      for (uint64_t p = 0; p < np && p < policy_nodes.size(); ++p)
        g_.dependant_same(node, policy_nodes[((h >> 8) + p) % policy_nodes.size()]);
    }
  }

  // ---- root user
  if (has_root) {
    const uint32_t node = g_.add(kRootUser);
    begin_node(node, kRootUser, "root", "root");
    j_.kt("ctime", kNow - r.range(3 * 365, 9 * 365) * kDay);
    arn("iam", "", account, "root");
    j_.kb("password_enabled", false);
    if (r.chance(600)) j_.kt("password_last_used", kNow - r.range(kDay, 400 * kDay));
    const bool mfa = r.chance(800);
    j_.kb("mfa_active", mfa);
    if (mfa && r.chance(500)) {
      j_.arr("user_virtual_mfa_devices");
      j_.begin_obj();
      std::string& s = j_.key("serial_number").open_str();
      s.append("arn:aws:iam::");
      s.append(account);
      s.append(":mfa/root-account-mfa-device");
      j_.close_str();
      j_.kt("enable_date", kNow - r.range(300, 2000) * kDay);
      j_.end_obj();
      j_.end_arr();
    }
    end_node();
    g_.edge(region, node);
  }

  // ---- users and their access keys
  for (uint64_t u = 0; u < users; ++u) {
    const uint32_t node = g_.add(kUser);
    user_nodes.push_back(node);
    const uint64_t h = g_.hash_of(node);
    const bool service = h % 10 < 3;
    Tok name;  // unique within the account
    if (service) {
      name.add("svc-").add(kApps[(h >> 8) % kApps.size()]).ch('-').add(static_cast<int64_t>(u));
    } else {
      name.add(kPeople[u % kPeople.size()]);
      if (u >= kPeople.size()) name.ch('.').add(static_cast<int64_t>(u / kPeople.size()));
    }
    const Tok uid = iam_id("AIDA", h, 17);
    begin_node(node, kUser, uid.sv(), name.sv());
    const int64_t ctime = rand_ctime(r);
    j_.kt("ctime", ctime);
    arn("iam", "", account, "user", name.sv());
    tags(r, 4);
    j_.kv("path", "/");
    j_.arr("user_policies");
    if (r.chance(150)) {
      j_.begin_obj();
      j_.kv("policy_name", "inline-user-access");
      j_.key("policy_document");
      emit_policy_document(r, r.chance(100));
      j_.end_obj();
    }
    j_.end_arr();
    const bool in_report =
        ctime < kNow - 4 * 3600;  // too new users are not in the credential report
    if (in_report) {
      const bool password = !service && r.chance(850);
      j_.kb("password_enabled", password);
      if (password) {
        const int64_t changed = ctime + r.range(0, kNow - ctime);
        j_.kt("password_last_changed", changed);
        if (r.chance(850)) {
          const int64_t used = changed + r.range(0, kNow - changed);
          j_.kt("password_last_used", used);
          j_.kt("atime", used);
        }
      }
      const bool mfa = password && r.chance(750);
      j_.kb("mfa_active", mfa);
      if (mfa && r.chance(800)) {
        j_.arr("user_virtual_mfa_devices");
        j_.begin_obj();
        std::string& s = j_.key("serial_number").open_str();
        s.append("arn:aws:iam::");
        s.append(account);
        s.append(":mfa/");
        s.append(name.sv());
        j_.close_str();
        j_.kt("enable_date", ctime + r.range(0, kNow - ctime));
        j_.end_obj();
        j_.end_arr();
      }
    }
    end_node(Tok().add(kIamLink).add("users/details/").sv(), name.sv());
    g_.edge(region, node);
    if (!policy_nodes.empty() && r.chance(300))
      g_.dependant_same(node, policy_nodes[h % policy_nodes.size()]);
    if (!group_nodes.empty() && r.chance(700))
      g_.edge(group_nodes[(h >> 4) % group_nodes.size()], node);

    for (unsigned k = 0; k < key_count[u]; ++k) {
      const uint32_t key_node = g_.add(kAccessKey);
      const uint64_t kh = g_.hash_of(key_node);
      const Tok kid = iam_id("AKIA", kh, 16);
      begin_node(key_node, kAccessKey, kid.sv(), name.sv());
      const int64_t kctime = ctime + r.range(0, kNow - ctime);
      j_.kt("ctime", kctime);
      const bool active = r.chance(850);
      j_.kv("access_key_status", active ? "Active" : "Inactive");
      if (kctime < kNow - 4 * 3600) {
        j_.obj("access_key_last_used");
        if (r.chance(active ? 750 : 200)) {
          j_.kt("last_used", kctime + r.range(0, kNow - kctime));
          j_.kv("service_name", r.pick(std::array<std::string_view, 6>{"s3", "sts", "ec2", "ecr",
                                                                       "dynamodb", "iam"}));
          j_.kv("region", kRegions[r.below(cfg_.regions)].code);
        }
        j_.kt("last_rotated", kctime);
        j_.end_obj();
      }
      Tok link;
      link.add(name.sv()).add("?section=security_credentials");
      end_node(Tok().add(kIamLink).add("users/details/").sv(), link.sv());
      g_.edge(region, key_node);
      g_.dependant(node, key_node);
    }
  }

  // ---- S3 buckets
  for (uint64_t b = 0; b < n[kBucket]; ++b) {
    const uint32_t node = g_.add(kBucket);
    const uint64_t h = g_.hash_of(node);
    Tok name;
    name.add(acc.name.sv())
        .ch('-')
        .add(kProjects[h % kProjects.size()])
        .ch('-')
        .add(kApps[(h >> 8) % kApps.size()])
        .ch('-')
        .hex(h >> 20, 6);
    begin_node(node, kBucket, name.sv(), name.sv());
    j_.kt("ctime", rand_ctime(r, 6 * 365));
    arn("s3", "", "", name.sv());
    tags(r, 6);
    j_.arr("bucket_encryption_rules");
    if (r.chance(850)) {
      j_.begin_obj();
      const bool kms = r.chance(400);
      j_.kv("sse_algorithm", kms ? "aws:kms" : "AES256");
      if (kms) {
        std::string& s = j_.key("kms_master_key_id").open_str();
        s.append("arn:aws:kms:");
        s.append(kRegions[0].code);
        s.push_back(':');
        s.append(account);
        s.append(":key/");
        append_hex(s, h, 8);
        s.push_back('-');
        append_hex(s, h >> 8, 4);
        s.push_back('-');
        append_hex(s, h >> 12, 4);
        s.push_back('-');
        append_hex(s, h >> 16, 4);
        s.push_back('-');
        append_hex(s, mix64(h), 12);
        j_.close_str();
      }
      j_.kb("bucket_key_enabled", kms);
      j_.end_obj();
    }
    j_.end_arr();
    if (r.chance(300)) {
      j_.obj("bucket_policy");
      j_.arr("Statement");
      j_.begin_obj();
      j_.kv("Action", "s3:*");
      j_.obj("Condition");
      j_.obj("Bool");
      j_.kv("aws:SecureTransport", "false");
      j_.end_obj();
      j_.end_obj();
      j_.kv("Effect", "Deny");
      j_.kv("Principal", "*");
      j_.arr("Resource");
      {
        std::string& s = j_.open_str();
        s.append("arn:aws:s3:::");
        s.append(name.sv());
        j_.close_str();
        std::string& s2 = j_.open_str();
        s2.append("arn:aws:s3:::");
        s2.append(name.sv());
        s2.append("/*");
        j_.close_str();
      }
      j_.end_arr();
      j_.end_obj();
      j_.end_arr();
      j_.kv("Version", "2012-10-17");
      j_.end_obj();
    }
    j_.kb("bucket_versioning", r.chance(450));
    j_.kb("bucket_mfa_delete", r.chance(20));
    if (r.chance(750)) {
      j_.obj("bucket_public_access_block_configuration");
      const bool all = r.chance(900);
      j_.kb("block_public_acls", all || r.chance(500));
      j_.kb("ignore_public_acls", all || r.chance(500));
      j_.kb("block_public_policy", all || r.chance(500));
      j_.kb("restrict_public_buckets", all || r.chance(500));
      j_.end_obj();
    }
    j_.obj("bucket_acl");
    j_.obj("owner");
    Tok canon;
    canon.hex(mix64(acc.index + 77), 16)
        .hex(mix64(acc.index + 78), 16)
        .hex(mix64(acc.index + 79), 16)
        .hex(mix64(acc.index + 80), 16);
    j_.kv("id", canon.sv());
    j_.kv("display_name", acc.name.sv());
    j_.end_obj();
    j_.arr("grants");
    j_.begin_obj();
    j_.obj("grantee");
    j_.kv("id", canon.sv());
    j_.kv("display_name", acc.name.sv());
    j_.kv("type", "CanonicalUser");
    j_.end_obj();
    j_.kv("permission", "FULL_CONTROL");
    j_.end_obj();
    if (r.chance(30)) {
      j_.begin_obj();
      j_.obj("grantee");
      j_.kv("type", "Group");
      j_.kv("uri", "http://acs.amazonaws.com/groups/global/AllUsers");
      j_.end_obj();
      j_.kv("permission", "READ");
      j_.end_obj();
    }
    j_.end_arr();
    j_.end_obj();
    if (r.chance(400)) {
      j_.obj("bucket_logging");
      Tok target;
      target.add(acc.name.sv()).add("-access-logs");
      j_.kv("target_bucket", target.sv());
      Tok prefix;
      prefix.add(name.sv()).ch('/');
      j_.kv("target_prefix", prefix.sv());
      j_.end_obj();
    }
    end_node("https://s3.console.aws.amazon.com/s3/buckets/", name.sv(), "?tab=objects");
    g_.edge(region, node);
  }
}

void Generator::emit_regional(const Account& acc, size_t region_idx,
                              std::array<uint64_t, kKindCount> n, Rng& r) {
  const std::string_view account = acc.id.sv();
  const std::string_view reg = kRegions[region_idx].code;
  const std::string_view azp = kRegions[region_idx].az_prefix;
  const uint32_t region = acc.regions[region_idx];

  const uint64_t nv = n[kVpc], ns = n[kSubnet], nsg = n[kSecurityGroup], ni = n[kInstance],
                 nvol = n[kVolume], nsnap = n[kSnapshot], neni = n[kNetworkInterface],
                 nrt = n[kRouteTable], nigw = n[kInternetGateway], nkp = n[kKeypair];

  // ---- allocate all nodes of this block (ids of referenced resources must be known)
  auto alloc = [&](Kind k, uint64_t count) {
    const uint32_t first = static_cast<uint32_t>(g_.node_key.size());
    for (uint64_t i = 0; i < count; ++i) g_.add(k);
    return first;
  };
  const uint32_t vpc0 = alloc(kVpc, nv), sub0 = alloc(kSubnet, ns),
                 sg0 = alloc(kSecurityGroup, nsg), kp0 = alloc(kKeypair, nkp),
                 inst0 = alloc(kInstance, ni), vol0 = alloc(kVolume, nvol),
                 snap0 = alloc(kSnapshot, nsnap), eni0 = alloc(kNetworkInterface, neni),
                 rt0 = alloc(kRouteTable, nrt), igw0 = alloc(kInternetGateway, nigw);
  auto id_of = [&](std::string_view prefix, uint32_t node) {
    return aws_id(prefix, g_.hash_of(node));
  };
  auto keypair_name = [&](uint32_t node) {
    const uint64_t h = g_.hash_of(node);
    Tok t;
    t.add(kTeams[h % kTeams.size()])
        .ch('-')
        .add(kEnvs[(h >> 8) % kEnvs.size()])
        .ch('-')
        .add(static_cast<int64_t>(2019 + (h >> 16) % 6))
        .ch('-')
        .add(static_cast<int64_t>(node - kp0));
    return t;
  };
  // second octet of a VPC's 10.x.0.0/16 range
  auto vpc_octet = [&](uint64_t v) {
    return static_cast<unsigned>((g_.hash_of(vpc0 + static_cast<uint32_t>(v)) % 250) + 1);
  };
  auto subnet_vpc = [&](uint64_t s) { return nv ? s % nv : 0; };
  auto subnet_octet = [&](uint64_t s) {
    return static_cast<unsigned>(nv ? (s / nv) % 250 : s % 250);
  };
  auto subnet_az = [&](uint64_t s) { return static_cast<char>('a' + (nv ? (s / nv) : s) % 3); };

  // ---- plan: instance placement, volumes, network interfaces, snapshots, key pairs
  struct InstPlan {
    int64_t subnet = -1;
    int64_t vpc = -1;
    std::array<int64_t, 3> sgs{-1, -1, -1};
    int64_t keypair = -1;
    unsigned host = 10;
    int64_t launch = 0;
    Tok public_ip;                  // empty: none
    std::vector<uint32_t> volumes;  // local volume indices
    std::vector<uint32_t> enis;     // local eni indices
  };
  std::vector<InstPlan> inst(ni);
  for (uint64_t i = 0; i < ni; ++i) {
    InstPlan& p = inst[i];
    if (ns) {
      p.subnet = static_cast<int64_t>(r.below(ns));
      p.vpc = nv ? static_cast<int64_t>(subnet_vpc(static_cast<uint64_t>(p.subnet))) : -1;
    } else if (nv) {
      p.vpc = static_cast<int64_t>(r.below(nv));
    }
    if (nsg) {
      const uint64_t v = p.vpc >= 0 ? static_cast<uint64_t>(p.vpc) : 0;
      const uint64_t step = nv ? nv : 1;
      const uint64_t in_vpc = nv && v < nsg ? (nsg - v + step - 1) / step : nsg;
      const uint64_t cnt = 1 + r.below(3);
      for (uint64_t k = 0; k < cnt && k < in_vpc; ++k) {
        const uint64_t local = nv && v < nsg ? v + step * r.below(in_vpc) : r.below(nsg);
        bool dup = false;
        for (uint64_t q = 0; q < k; ++q) dup |= p.sgs[q] == static_cast<int64_t>(local);
        p.sgs[k] = dup ? -1 : static_cast<int64_t>(local);
      }
    }
    if (nkp && r.chance(800)) p.keypair = static_cast<int64_t>(r.below(nkp));
    p.host = static_cast<unsigned>(r.range(4, 250));
    p.launch = rand_ctime(r);
  }
  std::vector<int64_t> vol_inst(nvol, -1);
  std::vector<int64_t> vol_ctime(nvol, 0);
  for (uint64_t v = 0; v < nvol; ++v) {
    vol_ctime[v] =
        v < ni ? inst[v].launch : rand_ctime(r);  // a root volume is created with its instance
    if (v < ni)
      vol_inst[v] = static_cast<int64_t>(v);
    else if (ni && r.chance(600))
      vol_inst[v] = static_cast<int64_t>(r.below(ni));
    if (vol_inst[v] >= 0)
      inst[static_cast<size_t>(vol_inst[v])].volumes.push_back(static_cast<uint32_t>(v));
  }
  std::vector<int64_t> eni_inst(neni, -1);
  for (uint64_t e = 0; e < neni; ++e) {
    if (ni && r.chance(850)) eni_inst[e] = static_cast<int64_t>(e * ni / neni);
    if (eni_inst[e] >= 0)
      inst[static_cast<size_t>(eni_inst[e])].enis.push_back(static_cast<uint32_t>(e));
  }

  const Tok ec2_prefix = Tok()
                             .add("https://")
                             .add(reg)
                             .add(".console.aws.amazon.com/ec2/home?region=")
                             .add(reg)
                             .ch('#');
  const Tok vpc_prefix = Tok()
                             .add("https://")
                             .add(reg)
                             .add(".console.aws.amazon.com/vpc/home?region=")
                             .add(reg)
                             .ch('#');
  auto link = [&](const Tok& base, std::string_view anchor, std::string_view id) {
    Tok p = base;
    p.add(anchor);
    end_node(p.sv(), id);
  };
  auto rand_public_ip = [&]() {
    static constexpr std::array<unsigned, 8> kFirst{3, 13, 18, 34, 35, 44, 52, 54};
    // one statement per draw: argument evaluation order is unspecified
    const unsigned a = r.pick(kFirst);
    const unsigned b = static_cast<unsigned>(r.range(0, 255));
    const unsigned c = static_cast<unsigned>(r.range(0, 255));
    const unsigned d = static_cast<unsigned>(r.range(1, 254));
    return ipv4(a, b, c, d);
  };
  auto dns_of_private = [&](std::string& s, const Tok& ip) {
    s.append("ip-");
    for (char c : ip.sv()) s.push_back(c == '.' ? '-' : c);
    s.push_back('.');
    s.append(reg);
    s.append(".compute.internal");
  };
  auto mac = [&](uint64_t h) {
    Tok t;
    t.add("02");
    for (int i = 0; i < 5; ++i) t.ch(':').hex(h >> (8 * i), 2);
    return t;
  };

  // ---- VPCs
  for (uint64_t v = 0; v < nv; ++v) {
    const uint32_t node = vpc0 + static_cast<uint32_t>(v);
    const Tok id = id_of("vpc-", node);
    const bool dflt = v == 0 && r.chance(500);
    Tok name;
    if (!dflt) name.add(r.pick(kEnvs)).add("-vpc-").add(static_cast<int64_t>(v));
    begin_node(node, kVpc, id.sv(), dflt ? id.sv() : name.sv());
    arn("ec2", reg, account, "vpc", id.sv());
    tags(r, 4, name.sv());
    Tok cidr = ipv4(10, vpc_octet(v), 0, 0);
    cidr.add("/16");
    j_.kv("vpc_cidr_block", cidr.sv());
    j_.kv("vpc_dhcp_options_id", id_of("dopt-", node).sv());
    j_.kv("vpc_state", "available");
    j_.kv("vpc_instance_tenancy", "default");
    j_.arr("vpc_cidr_block_association_set");
    j_.begin_obj();
    j_.kv("association_id", aws_id("vpc-cidr-assoc-", mix64(g_.hash_of(node))).sv());
    j_.kv("cidr_block", cidr.sv());
    j_.obj("cidr_block_state");
    j_.kv("state", "associated");
    j_.end_obj();
    j_.end_obj();
    j_.end_arr();
    j_.kb("vpc_is_default", dflt);
    link(vpc_prefix, "VpcDetails:VpcId=", id.sv());
    g_.edge(region, node);
  }

  // ---- subnets
  for (uint64_t s = 0; s < ns; ++s) {
    const uint32_t node = sub0 + static_cast<uint32_t>(s);
    const Tok id = id_of("subnet-", node);
    const bool pub = r.chance(400);
    const char az = subnet_az(s);
    Tok name;
    name.add(r.pick(kEnvs))
        .add(pub ? "-public-" : "-private-")
        .ch(az)
        .ch('-')
        .add(static_cast<int64_t>(s));
    begin_node(node, kSubnet, id.sv(), name.sv());
    arn("ec2", reg, account, "subnet", id.sv());
    tags(r, 4, name.sv());
    Tok zone;
    zone.add(reg).ch(az);
    j_.kv("subnet_availability_zone", zone.sv());
    Tok zone_id;
    zone_id.add(azp).add("-az").add(static_cast<int64_t>(az - 'a' + 1));
    j_.kv("subnet_availability_zone_id", zone_id.sv());
    j_.kn("subnet_available_ip_address_count", r.range(0, 251));
    Tok cidr = ipv4(10, nv ? vpc_octet(subnet_vpc(s)) : 0, subnet_octet(s), 0);
    cidr.add("/24");
    j_.kv("subnet_cidr_block", cidr.sv());
    j_.kb("subnet_default_for_az", false);
    j_.kb("subnet_map_public_ip_on_launch", pub);
    j_.kv("subnet_state", "available");
    j_.kb("subnet_assign_ipv6_address_on_creation", false);
    j_.empty_arr("subnet_ipv6_cidr_block_association_set");
    j_.obj("subnet_private_dns_name_options_on_launch");
    j_.kv("hostname_type", "ip-name");
    j_.kb("enable_resource_name_dns_a_record", false);
    j_.kb("enable_resource_name_dns_aaaa_record", false);
    j_.end_obj();
    end_node();
    g_.edge(region, node);
    if (nv) g_.dependant_same(vpc0 + static_cast<uint32_t>(subnet_vpc(s)), node);
  }

  // ---- security groups
  auto write_rule = [&](const Port& p, bool open, unsigned vpc_oct, int64_t peer_sg) {
    j_.begin_obj();
    if (p.from >= 0 && p.proto != "-1") {
      j_.kn("from_port", p.from);
      j_.kn("to_port", p.to);
    } else if (p.proto == "icmp") {
      j_.kn("from_port", -1);
      j_.kn("to_port", -1);
    }
    j_.kv("ip_protocol", p.proto);
    j_.arr("ip_ranges");
    if (open) {
      j_.begin_obj();
      j_.kv("cidr_ip", "0.0.0.0/0");
      if (p.proto != "-1" && r.chance(500)) {
        std::string& s = j_.key("description").open_str();
        s.append(p.what);
        s.append(" from anywhere");
        j_.close_str();
      }
      j_.end_obj();
    } else if (peer_sg < 0) {
      const unsigned cnt = static_cast<unsigned>(r.range(1, 3));
      for (unsigned c = 0; c < cnt; ++c) {
        j_.begin_obj();
        Tok cidr;
        switch (r.below(4)) {
          case 0:
            cidr = ipv4(10, vpc_oct, 0, 0);
            cidr.add("/16");
            break;
          case 1: {
            const unsigned second = static_cast<unsigned>(r.range(16, 31));
            const unsigned third = static_cast<unsigned>(r.range(0, 255));
            cidr = ipv4(172, second, third, 0);
            cidr.add("/24");
            break;
          }
          case 2:
            cidr = ipv4(192, 168, static_cast<unsigned>(r.range(0, 255)), 0);
            cidr.add("/24");
            break;
          default:
            cidr = rand_public_ip();
            cidr.add("/32");
            break;
        }
        j_.kv("cidr_ip", cidr.sv());
        if (r.chance(400)) {
          std::string& s = j_.key("description").open_str();
          s.append(p.what);
          s.append(r.chance(500) ? " from office vpn" : " from internal network");
          j_.close_str();
        }
        j_.end_obj();
      }
    }
    j_.end_arr();
    j_.arr("ipv6_ranges");
    if (open && r.chance(300)) {
      j_.begin_obj();
      j_.kv("cidr_ipv6", "::/0");
      j_.end_obj();
    }
    j_.end_arr();
    j_.empty_arr("prefix_list_ids");
    j_.arr("user_id_group_pairs");
    if (peer_sg >= 0) {
      j_.begin_obj();
      j_.kv("group_id", id_of("sg-", sg0 + static_cast<uint32_t>(peer_sg)).sv());
      j_.kv("user_id", account);
      j_.end_obj();
    }
    j_.end_arr();
    j_.end_obj();
  };
  for (uint64_t s = 0; s < nsg; ++s) {
    const uint32_t node = sg0 + static_cast<uint32_t>(s);
    const Tok id = id_of("sg-", node);
    const uint64_t v = nv ? s % nv : 0;
    const bool dflt = nv && s < nv;  // the first group of every VPC is its default group
    Tok name;
    if (dflt) {
      name.add("default");
    } else {
      const std::string_view app = r.pick(kApps);
      const std::string_view env = r.pick(kEnvs);
      name.add(app).ch('-').add(env).add("-sg-").add(static_cast<int64_t>(s));
    }
    begin_node(node, kSecurityGroup, id.sv(), name.sv());
    arn("ec2", reg, account, "security-group", id.sv());
    tags(r, dflt ? 1 : 5);
    j_.kv("description", dflt ? "default VPC security group" : "Managed by terraform");
    const unsigned oct = nv ? vpc_octet(v) : 0;
    j_.arr("group_ip_permissions");
    if (dflt) {
      write_rule(kPorts[15], false, oct, static_cast<int64_t>(s));
      if (r.chance(150)) write_rule(kPorts[0], true, oct, -1);
    } else {
      const unsigned rules = static_cast<unsigned>(r.range(1, 5));
      const unsigned start = static_cast<unsigned>(r.below(kPorts.size() - 1));
      for (unsigned k = 0; k < rules; ++k) {
        const Port& p = kPorts[(start + k) % (kPorts.size() - 1)];
        const bool open = r.chance(p.from == 443 || p.from == 80 ? 600 : 120);
        const int64_t peer = !open && r.chance(200) ? static_cast<int64_t>(r.below(nsg)) : -1;
        write_rule(p, open, oct, peer);
      }
    }
    j_.end_arr();
    j_.arr("group_ip_permissions_egress");
    write_rule(kPorts[15], true, oct, -1);
    j_.end_arr();
    end_node();
    g_.edge(region, node);
    if (nv) g_.dependant_same(vpc0 + static_cast<uint32_t>(v), node);
  }

  // ---- key pairs
  for (uint64_t k = 0; k < nkp; ++k) {
    const uint32_t node = kp0 + static_cast<uint32_t>(k);
    const Tok id = id_of("key-", node);
    const uint64_t h = g_.hash_of(node);
    const Tok name = keypair_name(node);
    begin_node(node, kKeypair, id.sv(), name.sv());
    j_.kt("ctime", rand_ctime(r));
    arn("ec2", reg, account, "key-pair", id.sv());
    tags(r, 2);
    const bool ed = h % 3 == 0;
    Tok fp;
    for (int i = 0; i < 20; ++i) {
      if (i) fp.ch(':');
      fp.hex(mix64(h + static_cast<uint64_t>(i)), 2);
    }
    j_.kv("key_fingerprint", fp.sv());
    j_.kv("key_type", ed ? "ed25519" : "rsa");
    {
      std::string& s = j_.key("public_key").open_str();
      s.append(ed ? "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"
                  : "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ");
      uint64_t x = h;
      for (int i = 0; i < (ed ? 43 : 120); ++i) {
        x = mix64(x + kGolden);
        s.push_back(kB64[x & 63] == '-' ? '+' : (kB64[x & 63] == '_' ? '/' : kB64[x & 63]));
      }
      s.push_back(' ');
      s.append(name.sv());
      j_.close_str();
    }
    end_node();
    g_.edge(region, node);
  }

  // ---- instances
  static constexpr std::array<std::string_view, 6> kDataDevices{"/dev/sdf", "/dev/sdg", "/dev/sdh",
                                                                "/dev/sdi", "/dev/sdj", "/dev/sdk"};
  for (uint64_t i = 0; i < ni; ++i) {
    const uint32_t node = inst0 + static_cast<uint32_t>(i);
    InstPlan& p = inst[i];
    const Tok id = id_of("i-", node);
    const uint64_t h = g_.hash_of(node);
    const InstanceType& type = r.pick(kInstanceTypes);
    const uint64_t roll = r.below(100);
    const std::string_view status = roll < 78 ? "running" : (roll < 98 ? "stopped" : "busy");
    const std::string_view state = roll < 78 ? "running" : (roll < 98 ? "stopped" : "pending");
    const int64_t state_code = roll < 78 ? 16 : (roll < 98 ? 80 : 0);
    const int64_t launch = p.launch;
    const uint64_t app_idx = r.below(kApps.size());
    const std::string_view app = kApps[app_idx];
    const std::string_view env = r.pick(kEnvs);
    Tok name;
    const bool named = r.chance(900);
    if (named) name.add(app).ch('-').add(env).ch('-').add(static_cast<int64_t>(i));
    begin_node(node, kInstance, id.sv(), named ? name.sv() : id.sv());
    j_.kt("ctime", launch);
    if (status != "running") j_.kt("mtime", launch + r.range(0, kNow - launch));
    arn("ec2", reg, account, "instance", id.sv());
    tags(r, 5, name.sv());
    j_.kraw("instance_cores", type.cores);
    j_.kraw("instance_memory", type.memory);
    j_.kv("instance_type", type.name);
    j_.kv("instance_status", status);
    Tok ami;
    ami.add("ami-0").hex(mix64(h % 23 + region_idx * 31 + (type.arm ? 1000 : 0)), 16);
    j_.kv("instance_image_id", ami.sv());
    if (p.keypair >= 0)
      j_.kv("instance_key_name", keypair_name(kp0 + static_cast<uint32_t>(p.keypair)).sv());
    j_.kt("instance_launch_time", launch);
    j_.kv("instance_monitoring", r.chance(200) ? "enabled" : "disabled");
    const char az = p.subnet >= 0 ? subnet_az(static_cast<uint64_t>(p.subnet)) : 'a';
    Tok zone;
    zone.add(reg).ch(az);
    j_.obj("instance_placement");
    j_.kv("availability_zone", zone.sv());
    j_.kv("group_name", "");
    j_.kv("tenancy", "default");
    j_.end_obj();
    const Tok priv =
        ipv4(10, p.vpc >= 0 ? vpc_octet(static_cast<uint64_t>(p.vpc)) : 0,
             p.subnet >= 0 ? subnet_octet(static_cast<uint64_t>(p.subnet)) : 0, p.host);
    {
      std::string& s = j_.key("instance_private_dns_name").open_str();
      dns_of_private(s, priv);
      j_.close_str();
    }
    j_.kv("instance_private_ip_address", priv.sv());
    const bool has_public = status == "running" && r.chance(350);
    Tok& pub = p.public_ip;
    if (has_public) {
      pub = rand_public_ip();
      std::string& s = j_.key("instance_public_dns_name").open_str();
      s.append("ec2-");
      for (char c : pub.sv()) s.push_back(c == '.' ? '-' : c);
      s.push_back('.');
      s.append(reg);
      s.append(".compute.amazonaws.com");
      j_.close_str();
      j_.kv("instance_public_ip_address", pub.sv());
    } else {
      j_.kv("instance_public_dns_name", "");
    }
    j_.obj("instance_state");
    j_.kn("code", state_code);
    j_.kv("name", state);
    j_.end_obj();
    if (status == "stopped")
      j_.kv("instance_state_transition_reason", "User initiated");
    else
      j_.kv("instance_state_transition_reason", "");
    const Tok subnet_id =
        p.subnet >= 0 ? id_of("subnet-", sub0 + static_cast<uint32_t>(p.subnet)) : Tok();
    if (p.subnet >= 0) j_.kv("instance_subnet_id", subnet_id.sv());
    j_.kv("instance_architecture", type.arm ? "arm64" : "x86_64");
    j_.arr("instance_block_device_mappings");
    for (size_t k = 0; k < p.volumes.size(); ++k) {
      j_.begin_obj();
      j_.kv("device_name", k == 0 ? "/dev/xvda" : kDataDevices[(k - 1) % kDataDevices.size()]);
      j_.obj("ebs");
      j_.kt("attach_time", std::max(vol_ctime[p.volumes[k]], launch) + 5);
      j_.kb("delete_on_termination", k == 0);
      j_.kv("status", "attached");
      j_.kv("volume_id", id_of("vol-", vol0 + p.volumes[k]).sv());
      j_.end_obj();
      j_.end_obj();
    }
    j_.end_arr();
    j_.kb("instance_ebs_optimized", true);
    j_.kb("instance_ena_support", true);
    j_.kv("instance_hypervisor", "xen");
    if (r.chance(600)) {
      j_.obj("instance_iam_instance_profile");
      std::string& s = j_.key("arn").open_str();
      s.append("arn:aws:iam::");
      s.append(account);
      s.append(":instance-profile/");
      s.append(app);
      s.append("-instance-profile");
      j_.close_str();
      j_.kv("id", iam_id("AIPA", mix64(acc.index * 1000 + app_idx), 17).sv());
      j_.end_obj();
    }
    // network interfaces as reported by DescribeInstances
    j_.arr("instance_network_interfaces");
    const size_t nifs = p.enis.empty() ? 1 : p.enis.size();
    for (size_t k = 0; k < nifs; ++k) {
      const Tok eni_id =
          p.enis.empty() ? aws_id("eni-", mix64(h ^ 0xe41)) : id_of("eni-", eni0 + p.enis[k]);
      j_.begin_obj();
      if (has_public && k == 0) {
        j_.obj("association");
        j_.kv("owner_id", "amazon");
        j_.kv("public_ip", pub.sv());
        j_.end_obj();
      }
      j_.obj("attachment");
      j_.kt("attach_time", launch);
      j_.kv("attachment_id", aws_id("eni-attach-", mix64(h + k)).sv());
      j_.kb("delete_on_termination", k == 0);
      j_.kn("device_index", static_cast<int64_t>(k));
      j_.kv("status", "attached");
      j_.kn("network_card_index", 0);
      j_.end_obj();
      if (k > 0) j_.kv("description", "secondary interface");
      j_.arr("groups");
      for (int64_t sgi : p.sgs) {
        if (sgi < 0) continue;
        j_.begin_obj();
        j_.kv("group_id", id_of("sg-", sg0 + static_cast<uint32_t>(sgi)).sv());
        j_.end_obj();
      }
      j_.end_arr();
      j_.kv("mac_address", mac(mix64(h + 31 * k)).sv());
      j_.kv("network_interface_id", eni_id.sv());
      {
        std::string& s = j_.key("private_dns_name").open_str();
        dns_of_private(s, priv);
        j_.close_str();
      }
      j_.kv("private_ip_address", priv.sv());
      j_.arr("private_ip_addresses");
      j_.begin_obj();
      j_.kb("primary", true);
      j_.kv("private_ip_address", priv.sv());
      j_.end_obj();
      j_.end_arr();
      j_.kb("source_dest_check", true);
      j_.kv("status", "in-use");
      j_.kv("interface_type", "interface");
      j_.end_obj();
    }
    j_.end_arr();
    j_.kv("instance_root_device_name", "/dev/xvda");
    j_.kv("instance_root_device_type", "ebs");
    j_.arr("instance_security_groups");
    for (int64_t sgi : p.sgs) {
      if (sgi < 0) continue;
      j_.begin_obj();
      j_.kv("group_id", id_of("sg-", sg0 + static_cast<uint32_t>(sgi)).sv());
      j_.end_obj();
    }
    j_.end_arr();
    j_.kb("instance_source_dest_check", true);
    j_.kv("instance_virtualization_type", "hvm");
    j_.obj("instance_cpu_options");
    j_.kn("core_count", type.core_count);
    j_.kn("threads_per_core", type.threads);
    j_.end_obj();
    j_.kb("instance_hibernation_options", false);
    j_.obj("instance_metadata_options");
    j_.kv("state", "applied");
    j_.kv("http_tokens", r.chance(550) ? "required" : "optional");
    j_.kn("http_put_response_hop_limit", r.chance(800) ? 1 : 2);
    j_.kv("http_endpoint", r.chance(950) ? "enabled" : "disabled");
    j_.kv("http_protocol_ipv6", "disabled");
    j_.kv("instance_metadata_tags", "disabled");
    j_.end_obj();
    j_.kb("instance_enclave_options", false);
    j_.kv("instance_platform_details", r.chance(900) ? "Linux/UNIX" : "Windows");
    j_.kv("instance_usage_operation", "RunInstances");
    link(ec2_prefix, "InstanceDetails:instanceId=", id.sv());

    g_.edge(region, node);
    if (p.vpc >= 0) g_.dependant_same(vpc0 + static_cast<uint32_t>(p.vpc), node);
    if (p.subnet >= 0) g_.dependant_same(sub0 + static_cast<uint32_t>(p.subnet), node);
    if (p.keypair >= 0) g_.dependant(node, kp0 + static_cast<uint32_t>(p.keypair));
    for (uint32_t v : p.volumes) g_.dependant(node, vol0 + v);
    for (uint32_t e : p.enis) g_.dependant(node, eni0 + e);
  }

  // ---- volumes
  for (uint64_t v = 0; v < nvol; ++v) {
    const uint32_t node = vol0 + static_cast<uint32_t>(v);
    const Tok id = id_of("vol-", node);
    const uint64_t h = g_.hash_of(node);
    const int64_t owner = vol_inst[v];
    const bool root = owner >= 0 && v < ni;
    const std::string_view vtype = r.pick(kVolumeTypes);
    const int64_t size =
        root ? r.pick(std::array<int64_t, 5>{8, 20, 30, 50, 100})
             : r.pick(std::array<int64_t, 8>{10, 50, 100, 200, 500, 1000, 2000, 4000});
    const bool encrypted = r.chance(650);
    const InstPlan* ip = owner >= 0 ? &inst[static_cast<size_t>(owner)] : nullptr;
    const int64_t ctime = vol_ctime[v];
    const bool named = r.chance(300);
    Tok name;
    if (named) name.add(r.pick(kApps)).add("-data-").add(static_cast<int64_t>(v));
    begin_node(node, kVolume, id.sv(), named ? name.sv() : id.sv());
    j_.kt("ctime", ctime);
    if (owner >= 0) {
      j_.kt("atime", kNow);
      j_.kt("mtime", kNow);
    } else {
      const int64_t last = std::max(ctime, kNow - 60 * kDay);
      j_.kt("atime", last + r.range(0, kNow - last));
      j_.kt("mtime", last + r.range(0, kNow - last));
    }
    arn("ec2", reg, account, "volume", id.sv());
    tags(r, 5, name.sv());
    j_.kn("volume_size", size);
    j_.kv("volume_type", vtype);
    j_.kv("volume_status", owner >= 0 ? "in-use" : "available");
    j_.kn("volume_iops",
          vtype == "gp2" ? std::max<int64_t>(100, 3 * size) : (vtype == "gp3" ? 3000 : 6400));
    if (vtype == "gp3") j_.kn("volume_throughput", 125);
    j_.kb("volume_encrypted", encrypted);
    j_.arr("volume_attachments");
    if (ip) {
      const InstPlan& p = *ip;
      size_t pos = 0;
      while (pos < p.volumes.size() && p.volumes[pos] != v) ++pos;
      j_.begin_obj();
      j_.kt("attach_time", std::max(ctime, p.launch) + 5);
      j_.kv("device", pos == 0 ? "/dev/xvda" : kDataDevices[(pos - 1) % kDataDevices.size()]);
      j_.kv("instance_id", id_of("i-", inst0 + static_cast<uint32_t>(owner)).sv());
      j_.kv("state", "attached");
      j_.kv("volume_id", id.sv());
      j_.kb("delete_on_termination", pos == 0);
      j_.end_obj();
    }
    j_.end_arr();
    Tok zone;
    zone.add(reg).ch(static_cast<char>('a' + h % 3));
    j_.kv("availability_zone", zone.sv());
    if (encrypted) {
      std::string& s = j_.key("volume_kms_key_id").open_str();
      s.append("arn:aws:kms:");
      s.append(reg);
      s.push_back(':');
      s.append(account);
      s.append(":key/");
      const uint64_t kh = mix64(acc.index * 131 + region_idx);
      append_hex(s, kh, 8);
      s.push_back('-');
      append_hex(s, kh >> 32, 4);
      s.push_back('-');
      append_hex(s, kh >> 16, 4);
      s.push_back('-');
      append_hex(s, kh >> 48, 4);
      s.push_back('-');
      append_hex(s, mix64(kh), 12);
      j_.close_str();
    }
    if (root) j_.kv("volume_snapshot_id", aws_id("snap-", mix64(h % 29 + region_idx)).sv());
    end_node();
    g_.edge(region, node);
  }

  // ---- snapshots
  for (uint64_t s = 0; s < nsnap; ++s) {
    const uint32_t node = snap0 + static_cast<uint32_t>(s);
    const Tok id = id_of("snap-", node);
    const int64_t vol = nvol ? static_cast<int64_t>(r.below(nvol)) : -1;
    begin_node(node, kSnapshot, id.sv(), id.sv());
    j_.kt("ctime", rand_ctime(r));
    arn("ec2", reg, "", "snapshot", id.sv());
    tags(r, 4);
    j_.kv("snapshot_status", r.chance(980) ? "completed" : "pending");
    j_.kv("description", r.chance(500) ? "Created by AWS Backup" : "nightly snapshot");
    const Tok vol_id =
        vol >= 0 ? id_of("vol-", vol0 + static_cast<uint32_t>(vol)) : aws_id("vol-", mix64(node));
    j_.kv("volume_id", vol_id.sv());
    j_.kn("volume_size", r.pick(std::array<int64_t, 6>{8, 30, 100, 200, 500, 1000}));
    const bool enc = r.chance(700);
    j_.kb("encrypted", enc);
    j_.kv("owner_id", account);
    j_.kv("snapshot_progress", "100%");
    j_.kv("snapshot_storage_tier", r.chance(900) ? "standard" : "archive");
    end_node();
    g_.edge(region, node);
    if (vol >= 0) g_.edge(vol0 + static_cast<uint32_t>(vol), node);
  }

  // ---- network interfaces
  for (uint64_t e = 0; e < neni; ++e) {
    const uint32_t node = eni0 + static_cast<uint32_t>(e);
    const Tok id = id_of("eni-", node);
    const uint64_t h = g_.hash_of(node);
    const int64_t owner = eni_inst[e];
    const InstPlan* p = owner >= 0 ? &inst[static_cast<size_t>(owner)] : nullptr;
    const int64_t subnet = p ? p->subnet : (ns ? static_cast<int64_t>(r.below(ns)) : -1);
    const int64_t vpc =
        p ? p->vpc
          : (subnet >= 0 && nv ? static_cast<int64_t>(subnet_vpc(static_cast<uint64_t>(subnet)))
                               : -1);
    const Tok ip = ipv4(10, vpc >= 0 ? vpc_octet(static_cast<uint64_t>(vpc)) : 0,
                        subnet >= 0 ? subnet_octet(static_cast<uint64_t>(subnet)) : 0,
                        p ? p->host : static_cast<unsigned>(r.range(4, 250)));
    begin_node(node, kNetworkInterface, id.sv(), id.sv());
    arn("ec2", reg, account, "network-interface", id.sv());
    tags(r, 2);
    j_.kv("network_interface_status", p ? "in-use" : "available");
    j_.kv("network_interface_type",
          p ? "interface"
            : r.pick(std::array<std::string_view, 3>{"interface", "lambda", "nat_gateway"}));
    j_.kv("mac", mac(h).sv());
    j_.arr("private_ips");
    j_.str(ip.sv());
    j_.end_arr();
    // the primary interface of an instance carries the instance's public address
    const bool primary = p && !p->enis.empty() && p->enis.front() == e;
    const std::string_view public_ip = primary ? p->public_ip.sv() : std::string_view{};
    j_.arr("public_ips");
    if (!public_ip.empty()) j_.str(public_ip);
    j_.end_arr();
    j_.empty_arr("v6_ips");
    j_.kv("description", primary ? "Primary network interface" : (p ? "" : "ENI managed by AWS"));
    if (!public_ip.empty()) {
      j_.obj("nic_association");
      j_.kv("public_ip", public_ip);
      std::string& s = j_.key("public_dns_name").open_str();
      s.append("ec2-");
      for (char c : public_ip) s.push_back(c == '.' ? '-' : c);
      s.push_back('.');
      s.append(reg);
      s.append(".compute.amazonaws.com");
      j_.close_str();
      j_.end_obj();
    }
    if (p) {
      j_.obj("nic_attachment");
      j_.kt("attach_time", p->launch);
      j_.kv("attachment_id", aws_id("eni-attach-", mix64(h)).sv());
      j_.kb("delete_on_termination", true);
      const auto pos = std::find(p->enis.begin(), p->enis.end(), static_cast<uint32_t>(e));
      j_.kn("device_index", static_cast<int64_t>(pos - p->enis.begin()));
      j_.kn("network_card_index", 0);
      j_.kv("instance_id", id_of("i-", inst0 + static_cast<uint32_t>(owner)).sv());
      j_.kv("status", "attached");
      j_.end_obj();
    }
    Tok zone;
    zone.add(reg).ch(subnet >= 0 ? subnet_az(static_cast<uint64_t>(subnet)) : 'a');
    j_.kv("nic_availability_zone", zone.sv());
    j_.arr("nic_groups");
    std::array<int64_t, 3> groups{-1, -1, -1};
    if (p)
      groups = p->sgs;
    else if (nsg)
      groups[0] = static_cast<int64_t>(r.below(nsg));
    for (int64_t sgi : groups) {
      if (sgi < 0) continue;
      j_.begin_obj();
      j_.kv("group_id", id_of("sg-", sg0 + static_cast<uint32_t>(sgi)).sv());
      j_.end_obj();
    }
    j_.end_arr();
    {
      std::string& s = j_.key("nic_private_dns_name").open_str();
      dns_of_private(s, ip);
      j_.close_str();
    }
    j_.kv("nic_private_ip_address", ip.sv());
    j_.arr("nic_private_ip_addresses");
    j_.begin_obj();
    j_.kb("primary", true);
    {
      std::string& s = j_.key("private_dns_name").open_str();
      dns_of_private(s, ip);
      j_.close_str();
    }
    j_.kv("private_ip_address", ip.sv());
    j_.end_obj();
    j_.end_arr();
    j_.kb("nic_requester_managed", !p);
    j_.kb("nic_source_dest_check", true);
    if (subnet >= 0)
      j_.kv("nic_subnet_id", id_of("subnet-", sub0 + static_cast<uint32_t>(subnet)).sv());
    j_.empty_arr("nic_tag_set");
    end_node();
    g_.edge(region, node);
    if (vpc >= 0) g_.dependant_same(vpc0 + static_cast<uint32_t>(vpc), node);
    if (subnet >= 0) g_.edge(sub0 + static_cast<uint32_t>(subnet), node);
    for (int64_t sgi : groups)
      if (sgi >= 0) g_.edge(sg0 + static_cast<uint32_t>(sgi), node);
  }

  // ---- route tables
  for (uint64_t t = 0; t < nrt; ++t) {
    const uint32_t node = rt0 + static_cast<uint32_t>(t);
    const Tok id = id_of("rtb-", node);
    const uint64_t v = nv ? t % nv : 0;
    const bool main_table = nv && t < nv;
    begin_node(node, kRouteTable, id.sv(), id.sv());
    arn("ec2", reg, account, "route-table", id.sv());
    tags(r, 3);
    j_.arr("route_table_associations");
    if (main_table) {
      j_.begin_obj();
      j_.kb("main", true);
      j_.kv("route_table_association_id", aws_id("rtbassoc-", mix64(node)).sv());
      j_.kv("route_table_id", id.sv());
      j_.obj("association_state");
      j_.kv("state", "associated");
      j_.end_obj();
      j_.end_obj();
    }
    const uint64_t subnets_in_vpc = nv && v < ns ? (ns - v + nv - 1) / nv : 0;
    const uint64_t assoc = subnets_in_vpc ? r.below(std::min<uint64_t>(subnets_in_vpc, 4) + 1) : 0;
    for (uint64_t a = 0; a < assoc; ++a) {
      const uint64_t s = v + nv * r.below(subnets_in_vpc);
      j_.begin_obj();
      j_.kb("main", false);
      j_.kv("route_table_association_id", aws_id("rtbassoc-", mix64(node * 7 + a)).sv());
      j_.kv("route_table_id", id.sv());
      j_.kv("subnet_id", id_of("subnet-", sub0 + static_cast<uint32_t>(s)).sv());
      j_.obj("association_state");
      j_.kv("state", "associated");
      j_.end_obj();
      j_.end_obj();
    }
    j_.end_arr();
    j_.empty_arr("route_table_propagating_vgws");
    j_.arr("route_table_routes");
    j_.begin_obj();
    Tok cidr = ipv4(10, nv ? vpc_octet(v) : 0, 0, 0);
    cidr.add("/16");
    j_.kv("destination_cidr_block", cidr.sv());
    j_.kv("gateway_id", "local");
    j_.kv("origin", "CreateRouteTable");
    j_.kv("state", "active");
    j_.end_obj();
    if (nigw && r.chance(700)) {
      j_.begin_obj();
      j_.kv("destination_cidr_block", "0.0.0.0/0");
      j_.kv("gateway_id", id_of("igw-", igw0 + static_cast<uint32_t>(v % nigw)).sv());
      j_.kv("origin", "CreateRoute");
      j_.kv("state", "active");
      j_.end_obj();
    }
    j_.end_arr();
    j_.kv("owner_id", account);
    end_node();
    g_.edge(region, node);
    if (nv) g_.dependant_same(vpc0 + static_cast<uint32_t>(v), node);
  }

  // ---- internet gateways
  for (uint64_t k = 0; k < nigw; ++k) {
    const uint32_t node = igw0 + static_cast<uint32_t>(k);
    const Tok id = id_of("igw-", node);
    begin_node(node, kInternetGateway, id.sv(), id.sv());
    arn("ec2", reg, account, "internet-gateway", id.sv());
    tags(r, 3);
    j_.arr("gateway_attachments");
    if (nv) {
      j_.begin_obj();
      j_.kv("state", "available");
      j_.kv("vpc_id", id_of("vpc-", vpc0 + static_cast<uint32_t>(k % nv)).sv());
      j_.end_obj();
    }
    j_.end_arr();
    end_node();
    g_.edge(region, node);
    if (nv) g_.edge(vpc0 + static_cast<uint32_t>(k % nv), node);
  }
}

void Generator::emit_edges() {
  std::string& s = out_.buf();
  for (uint64_t e : g_.edges) {
    const uint32_t from = static_cast<uint32_t>(e >> 33);
    const uint32_t to = static_cast<uint32_t>((e >> 1) & 0xffffffffULL);
    s.append("{\"from\": \"");
    append_node_id(s, g_, from);
    s.append("\", \"to\": \"");
    append_node_id(s, g_, to);
    s.append((e & 1) ? "\", \"edge_type\": \"delete\"}\n" : "\"}\n");
    out_.maybe_flush();
  }
}

int Generator::run() {
  const uint64_t A = cfg_.accounts;
  const uint64_t R = cfg_.regions;
  const uint64_t structural = 2 + A + A * (R + 1);
  if (cfg_.nodes < structural + 1) {
    std::fprintf(stderr,
                 "gen_inventory: --nodes %llu is too small for %llu accounts and %llu regions "
                 "(need > %llu)\n",
                 static_cast<unsigned long long>(cfg_.nodes), static_cast<unsigned long long>(A),
                 static_cast<unsigned long long>(R), static_cast<unsigned long long>(structural));
    return 2;
  }
  const uint64_t resources = cfg_.nodes - structural;
  std::array<uint64_t, kKindCount> total{};
  uint64_t assigned = 0;
  for (const MixEntry& m : kMix) {
    if (m.kind == kVolume) continue;
    total[m.kind] = resources * m.per100k / 100000;
    assigned += total[m.kind];
  }
  total[kVolume] = resources - assigned;
  g_.node_key.reserve(cfg_.nodes);
  g_.edges.reserve(cfg_.nodes * 3);

  const uint32_t root = g_.add(kRoot);
  begin_node(root, kRoot, "root", "root");
  j_.end_obj();
  j_.obj("metadata");
  j_.end_obj();
  j_.end_obj();
  j_.end_line();
  const uint32_t cloud = g_.add(kCloud);
  begin_node(cloud, kCloud, "aws", "aws");
  j_.end_obj();
  j_.obj("metadata");
  j_.kb("replace", true);
  j_.end_obj();
  j_.end_obj();
  j_.end_line();
  g_.edge(root, cloud);

  for (uint64_t a = 0; a < A; ++a) {
    Rng r(mix64(g_.seed_salt ^ (a << 24)));
    Account acc;
    acc.index = a;
    acc.node = g_.add(kAccount);
    acc.id.add(static_cast<int64_t>(100000000000ULL + mix64(g_.seed_salt + a) % 899999999999ULL));
    acc.name.add(kAccountNames[a % kAccountNames.size()]);
    if (a >= kAccountNames.size())
      acc.name.ch('-').add(static_cast<int64_t>(a / kAccountNames.size() + 1));
    std::array<uint64_t, kKindCount> n{};
    for (const MixEntry& m : kMix)
      if (m.global) n[m.kind] = share(total[m.kind], A, a);
    emit_account(acc, n, r);
    g_.edge(cloud, acc.node);
    acc.global_region = g_.add(kRegion);
    emit_region(acc.global_region, "us-east-1", "global");
    g_.edge(acc.node, acc.global_region);
    for (uint64_t i = 0; i < R; ++i) {
      const uint32_t node = g_.add(kRegion);
      acc.regions.push_back(node);
      emit_region(node, kRegions[i].code, kRegions[i].code);
      g_.edge(acc.node, node);
    }
    emit_global(acc, n, r);
    for (uint64_t i = 0; i < R; ++i) {
      Rng rr(mix64(g_.seed_salt ^ (a << 24) ^ ((i + 1) << 8)));
      std::array<uint64_t, kKindCount> m{};
      for (const MixEntry& e : kMix)
        if (!e.global) m[e.kind] = share(total[e.kind], A * R, a * R + i);
      emit_regional(acc, static_cast<size_t>(i), m, rr);
    }
  }
  const uint64_t node_bytes = out_.total();
  emit_edges();
  out_.flush();
  if (std::fflush(stdout) != 0) return 1;

  const uint64_t nodes = g_.node_key.size();
  std::fprintf(
      stderr,
      "gen_inventory: %llu nodes, %llu default + %llu delete edges, %llu bytes (nodes %llu), "
      "%.1f bytes/node, seed %llu, %llu accounts x %llu regions\n",
      static_cast<unsigned long long>(nodes), static_cast<unsigned long long>(g_.default_edges),
      static_cast<unsigned long long>(g_.delete_edges),
      static_cast<unsigned long long>(out_.total()), static_cast<unsigned long long>(node_bytes),
      static_cast<double>(out_.total()) / static_cast<double>(nodes ? nodes : 1),
      static_cast<unsigned long long>(cfg_.seed), static_cast<unsigned long long>(A),
      static_cast<unsigned long long>(R));
  return 0;
}

bool parse_u64(const char* s, uint64_t& out) {
  const char* end = s + std::strlen(s);
  auto r = std::from_chars(s, end, out);
  return r.ec == std::errc() && r.ptr == end;
}

void usage() {
  std::fprintf(stderr,
               "usage: gen_inventory --nodes N [--seed S] [--accounts A] [--regions R]\n"
               "  writes a synthetic AWS inventory (ndjson merge format) to stdout\n"
               "  defaults: seed 42, accounts min(20, max(1, N/100000) + 1), regions 4 (max 16)\n");
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  bool have_nodes = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage();
      return 0;
    }
    if (i + 1 >= argc) {
      usage();
      return 2;
    }
    uint64_t v = 0;
    if (!parse_u64(argv[i + 1], v)) {
      std::fprintf(stderr, "gen_inventory: invalid number for %s: %s\n", argv[i], argv[i + 1]);
      return 2;
    }
    ++i;
    if (arg == "--nodes") {
      cfg.nodes = v;
      have_nodes = true;
    } else if (arg == "--seed") {
      cfg.seed = v;
    } else if (arg == "--accounts") {
      cfg.accounts = v;
    } else if (arg == "--regions") {
      cfg.regions = v;
    } else {
      usage();
      return 2;
    }
  }
  if (!have_nodes) {
    usage();
    return 2;
  }
  if (cfg.nodes > (1ULL << 31)) {
    std::fprintf(stderr, "gen_inventory: --nodes must be at most %llu\n", 1ULL << 31);
    return 2;
  }
  if (cfg.accounts == 0)
    cfg.accounts = std::min<uint64_t>(20, std::max<uint64_t>(1, cfg.nodes / 100000) + 1);
  if (cfg.regions < 1 || cfg.regions > kRegions.size()) {
    std::fprintf(stderr, "gen_inventory: --regions must be between 1 and %zu\n", kRegions.size());
    return 2;
  }
  Out out;
  Generator gen(cfg, out);
  return gen.run();
}
