using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' node families, labelled <c>node</c>.</summary>
internal static class NodeMetrics
{
    private static readonly SampleStart Start = (writer, family, n) => writer.BeginSample(family).Label("node", n.Get("metadata"u8, "name"u8));

    public static void Write(List<JsonElement> nodes, ResourceQuantities quantities, MetricsWriter writer)
    {
        Info(nodes, writer);
        ObjectFamilies.PerObject(writer, nodes, "kube_node_spec_unschedulable", "Whether a node can schedule new pods.", Start,
            n => n.Get("spec"u8, "unschedulable"u8).IsTrue() ? 1 : 0);
        Taints(nodes, writer);
        Conditions(nodes, writer);
        Resources(nodes, quantities, writer, "kube_node_status_capacity", "The capacity for different resources of a node.", "capacity"u8);
        Resources(nodes, quantities, writer, "kube_node_status_allocatable",
            "The allocatable for different resources of a node that are available for scheduling.", "allocatable"u8);
    }

    private static void Info(List<JsonElement> nodes, MetricsWriter writer)
    {
        const string family = "kube_node_info";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "Information about a cluster node.");
        foreach (var node in nodes)
        {
            var info = node.Get("status"u8, "nodeInfo"u8);
            var spec = node.Get("spec"u8);
            Start(writer, family, node)
                .Label("kernel_version", info.Get("kernelVersion"u8))
                .Label("os_image", info.Get("osImage"u8))
                .Label("container_runtime_version", info.Get("containerRuntimeVersion"u8))
                .Label("kubelet_version", info.Get("kubeletVersion"u8))
                .Label("kubeproxy_version", info.Get("kubeProxyVersion"u8))
                .Label("provider_id", spec.Get("providerID"u8))
                .Label("pod_cidr", spec.Get("podCIDR"u8))
                .Label("system_uuid", info.Get("systemUUID"u8))
                .Label("internal_ip", node.Get("status"u8, "addresses"u8).OfType("InternalIP"u8).Get("address"u8))
                .Value(1L);
        }
    }

    private static void Taints(List<JsonElement> nodes, MetricsWriter writer)
    {
        const string family = "kube_node_spec_taint";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "The taint of a cluster node.");
        foreach (var node in nodes)
        {
            foreach (var taint in node.Get("spec"u8, "taints"u8).Items())
            {
                Start(writer, family, node)
                    .Label("key", taint.Get("key"u8))
                    .Label("value", taint.Get("value"u8))
                    .Label("effect", taint.Get("effect"u8))
                    .Value(1L);
            }
        }
    }

    private static void Conditions(List<JsonElement> nodes, MetricsWriter writer)
    {
        const string family = "kube_node_status_condition";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "The condition of a cluster node.");
        foreach (var node in nodes)
        {
            foreach (var condition in node.Get("status"u8, "conditions"u8).Items())
            {
                var type = condition.Get("type"u8);
                var status = condition.Get("status"u8);
                Start(writer, family, node).Label("condition", type).Label("status", "true").Value(status.Is("True"u8) ? 1L : 0L);
                Start(writer, family, node).Label("condition", type).Label("status", "false").Value(status.Is("False"u8) ? 1L : 0L);
                Start(writer, family, node).Label("condition", type).Label("status", "unknown").Value(status.Is("Unknown"u8) ? 1L : 0L);
            }
        }
    }

    private static void Resources(List<JsonElement> nodes, ResourceQuantities quantities, MetricsWriter writer, string family, string help,
        ReadOnlySpan<byte> field)
    {
        writer.WriteHeader(family, MetricFamilyType.Gauge, help);
        foreach (var node in nodes)
        {
            var amounts = node.Get("status"u8).Get(field);
            if (amounts.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var resource in amounts.EnumerateObject())
            {
                if (quantities.TryRead(resource, countPods: true, out var unit, out var value))
                {
                    quantities.ResourceLabel(Start(writer, family, node), resource).Label("unit", unit).Value(value);
                }
            }
        }
    }
}
