#include "collect/aws/services/autoscaling.h"

#include "collect/aws/services/query_fields.h"

namespace canopy::aws {

namespace {

using collect::JsonBuilder;
using qfields::bool_of;
using qfields::int_of;
using qfields::object;
using qfields::objects;
using qfields::strings;
using qfields::text;

void launch_template(JsonBuilder& b, std::string_view key, pugi::xml_node t) {
  object(b, key, t,
         {{"launch_template_id", "LaunchTemplateId"},
          {"launch_template_name", "LaunchTemplateName"},
          {"version", "Version"}});
}

void mixed_instances_policy(JsonBuilder& b, pugi::xml_node p) {
  if (!p) return;
  b.begin_object("autoscaling_mixed_instances_policy");
  if (pugi::xml_node t = p.child("LaunchTemplate"); t) {
    b.begin_object("launch_template");
    launch_template(b, "launch_template_specification", t.child("LaunchTemplateSpecification"));
    b.begin_array("overrides");
    for (auto o : t.child("Overrides").children()) {
      if (o.type() != pugi::node_element) continue;
      b.begin_object()
          .str_if("instance_type", text(o, "InstanceType"))
          .str_if("weighted_capacity", text(o, "WeightedCapacity"));
      launch_template(b, "launch_template_specification", o.child("LaunchTemplateSpecification"));
      b.end_object();
    }
    b.end_array().end_object();
  }
  if (pugi::xml_node d = p.child("InstancesDistribution"); d)
    b.begin_object("instances_distribution")
        .str_if("on_demand_allocation_strategy", text(d, "OnDemandAllocationStrategy"))
        .num("on_demand_base_capacity", int_of(d, "OnDemandBaseCapacity"))
        .num("on_demand_percentage_above_base_capacity",
             int_of(d, "OnDemandPercentageAboveBaseCapacity"))
        .str_if("spot_allocation_strategy", text(d, "SpotAllocationStrategy"))
        .num("spot_instance_pools", int_of(d, "SpotInstancePools"))
        .str_if("spot_max_price", text(d, "SpotMaxPrice"))
        .end_object();
  b.end_object();
}

void instances(JsonBuilder& b, pugi::xml_node list) {
  b.begin_array("autoscaling_instances");
  for (auto i : list.children()) {
    if (i.type() != pugi::node_element) continue;
    b.begin_object()
        .str_if("instance_id", text(i, "InstanceId"))
        .str_if("instance_type", text(i, "InstanceType"))
        .str_if("availability_zone", text(i, "AvailabilityZone"))
        .str_if("lifecycle_state", text(i, "LifecycleState"))
        .str_if("health_status", text(i, "HealthStatus"))
        .str_if("launch_configuration_name", text(i, "LaunchConfigurationName"));
    launch_template(b, "launch_template", i.child("LaunchTemplate"));
    b.boolean("protected_from_scale_in", bool_of(i, "ProtectedFromScaleIn"))
        .str_if("weighted_capacity", text(i, "WeightedCapacity"))
        .end_object();
  }
  b.end_array();
}

void warm_pool(JsonBuilder& b, pugi::xml_node w) {
  if (!w) return;
  b.begin_object("autoscaling_warm_pool_configuration")
      .num("max_group_prepared_capacity", int_of(w, "MaxGroupPreparedCapacity"))
      .num("min_size", int_of(w, "MinSize"))
      .str_if("pool_state", text(w, "PoolState"))
      .str_if("status", text(w, "Status"))
      .boolean("instance_reuse_policy", bool_of(w.child("InstanceReusePolicy"), "ReuseOnScaleIn"))
      .end_object();
}

void group(AccountContext& ctx, const std::string& region, pugi::xml_node n) {
  JsonBuilder b;
  std::string name = text(n, "AutoScalingGroupName"), arn = text(n, "AutoScalingGroupARN");
  b.str("kind", "aws_autoscaling_group").str("id", name).str("name", name).str_if("arn", arn);
  qfields::tags(b, n.child("Tags"));
  b.time("ctime", text(n, "CreatedTime"))
      .num("min_size", int_of(n, "MinSize"))
      .num("max_size", int_of(n, "MaxSize"))
      .str_if("autoscaling_launch_configuration_name", text(n, "LaunchConfigurationName"));
  launch_template(b, "autoscaling_launch_template", n.child("LaunchTemplate"));
  mixed_instances_policy(b, n.child("MixedInstancesPolicy"));
  b.num("autoscaling_predicted_capacity", int_of(n, "PredictedCapacity"))
      .num("autoscaling_default_cooldown", int_of(n, "DefaultCooldown"));
  strings(b, "autoscaling_availability_zones", n.child("AvailabilityZones"));
  strings(b, "autoscaling_load_balancer_names", n.child("LoadBalancerNames"));
  strings(b, "autoscaling_target_group_ar_ns", n.child("TargetGroupARNs"));
  b.str_if("autoscaling_health_check_type", text(n, "HealthCheckType"))
      .num("autoscaling_health_check_grace_period", int_of(n, "HealthCheckGracePeriod"));
  instances(b, n.child("Instances"));
  objects(b, "autoscaling_suspended_processes", n.child("SuspendedProcesses"),
          {{"process_name", "ProcessName"}, {"suspension_reason", "SuspensionReason"}});
  b.str_if("autoscaling_placement_group", text(n, "PlacementGroup"))
      .str_if("autoscaling_vpc_zone_identifier", text(n, "VPCZoneIdentifier"));
  objects(b, "autoscaling_enabled_metrics", n.child("EnabledMetrics"),
          {{"metric", "Metric"}, {"granularity", "Granularity"}});
  b.str_if("autoscaling_status", text(n, "Status"));
  strings(b, "autoscaling_termination_policies", n.child("TerminationPolicies"));
  b.boolean("autoscaling_new_instances_protected_from_scale_in",
            bool_of(n, "NewInstancesProtectedFromScaleIn"))
      .str_if("autoscaling_service_linked_role_arn", text(n, "ServiceLinkedRoleARN"))
      .num("autoscaling_max_instance_lifetime", int_of(n, "MaxInstanceLifetime"))
      .boolean("autoscaling_capacity_rebalance", bool_of(n, "CapacityRebalance"));
  warm_pool(b, n.child("WarmPoolConfiguration"));
  b.num("autoscaling_warm_pool_size", int_of(n, "WarmPoolSize"))
      .str_if("autoscaling_context", text(n, "Context"))
      .str_if("autoscaling_desired_capacity_type", text(n, "DesiredCapacityType"))
      .num("autoscaling_default_instance_warmup", int_of(n, "DefaultInstanceWarmup"));

  std::string node = ctx.id("autoscaling_group", arn);
  ctx.out.node(node, "aws_autoscaling_group", b.take());
  ctx.out.edge(ctx.region_node(region), node);
  ctx.out.alias(arn, node);
  // CloudFormation names groups by name (a stack's PhysicalResourceId).
  ctx.out.alias(ctx.id("autoscaling_group", region + "/" + name), node);
  auto uses_template = [&](pugi::xml_node spec) {
    if (*text(spec, "LaunchTemplateId"))
      ctx.out.edge(node, ctx.id("launch_template", text(spec, "LaunchTemplateId")));
  };
  uses_template(n.child("LaunchTemplate"));
  // Resoto followed only the group's own template; a mixed-instances group's
  // template is just as much in use.
  uses_template(
      n.child("MixedInstancesPolicy").child("LaunchTemplate").child("LaunchTemplateSpecification"));
  for (auto i : n.child("Instances").children()) {
    if (!*text(i, "InstanceId")) continue;
    std::string instance = ctx.id("instance", text(i, "InstanceId"));
    ctx.out.edge(node, instance);
    ctx.out.edge(instance, node, true);
  }
}

}  // namespace

void collect_autoscaling(AccountContext& ctx, const std::string& region) {
  auto st = query_pages(ctx.client, services::kAutoScaling, region, "DescribeAutoScalingGroups",
                        {{"MaxRecords", "100"}}, [&](const XmlReply& page) {
                          for (auto g : page.result.child("AutoScalingGroups").children())
                            if (g.type() == pugi::node_element) group(ctx, region, g);
                        });
  if (!st.ok) ctx.warn("autoscaling " + region + " DescribeAutoScalingGroups", st.error);
}

}  // namespace canopy::aws
