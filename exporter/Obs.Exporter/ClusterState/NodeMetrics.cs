using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' node families, labelled <c>node</c>.</summary>
internal static class NodeMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.Nodes, Identity,
    [
        new("kube_node_info", "Information about a cluster node.", Info),
        ObjectFamilies.PerObject("kube_node_spec_unschedulable", "Whether a node can schedule new pods.",
            n => n.Get("spec"u8, "unschedulable"u8).IsTrue() ? 1 : 0),
        new("kube_node_spec_taint", "The taint of a cluster node.", Taints),
        new("kube_node_status_condition", "The condition of a cluster node.", Conditions),
        Resources("kube_node_status_capacity", "The capacity for different resources of a node.", "capacity"u8.ToArray()),
        Resources("kube_node_status_allocatable",
            "The allocatable for different resources of a node that are available for scheduling.", "allocatable"u8.ToArray()),
    ]);

    private static SampleWriter Identity(SampleWriter line, JsonElement node) => line.Label("node", node.Get("metadata"u8, "name"u8));

    private static void Info(JsonElement node, ObjectLines lines)
    {
        var info = node.Get("status"u8, "nodeInfo"u8);
        var spec = node.Get("spec"u8);
        lines.Add()
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

    private static void Taints(JsonElement node, ObjectLines lines)
    {
        foreach (var taint in node.Get("spec"u8, "taints"u8).Items())
        {
            lines.Add()
                .Label("key", taint.Get("key"u8))
                .Label("value", taint.Get("value"u8))
                .Label("effect", taint.Get("effect"u8))
                .Value(1L);
        }
    }

    private static void Conditions(JsonElement node, ObjectLines lines)
    {
        foreach (var condition in node.Get("status"u8, "conditions"u8).Items())
        {
            var type = condition.Get("type"u8);
            var status = condition.Get("status"u8);
            lines.Add().Label("condition", type).Label("status", "true").Value(status.Is("True"u8) ? 1L : 0L);
            lines.Add().Label("condition", type).Label("status", "false").Value(status.Is("False"u8) ? 1L : 0L);
            lines.Add().Label("condition", type).Label("status", "unknown").Value(status.Is("Unknown"u8) ? 1L : 0L);
        }
    }

    private static ObjectFamily Resources(string family, string help, byte[] field) =>
        new(family, help, (node, lines) =>
        {
            var amounts = node.Get("status"u8).Get(field);
            if (amounts.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            foreach (var resource in amounts.EnumerateObject())
            {
                if (lines.Quantities.TryRead(resource, countPods: true, out var unit, out var value))
                {
                    lines.Quantities.ResourceLabel(lines.Add(), resource).Label("unit", unit).Value(value);
                }
            }
        });
}
