using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' pod families, labelled <c>namespace</c>, <c>pod</c>, <c>uid</c>.</summary>
internal static class PodMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.Pods, Identity,
    [
        new("kube_pod_info", "Information about pod.", Info),
        ObjectFamilies.Owners("kube_pod_owner", "Information about the Pod's owner.", "<none>"),
        new("kube_pod_status_phase", "The pods current phase.", Phase),
        Condition("kube_pod_status_ready", "Describes whether the pod is ready to serve requests.", "Ready"u8.ToArray()),
        new("kube_pod_status_reason", "The pod status reasons", Reason),
        Condition("kube_pod_status_scheduled", "Describes the status of the scheduling process for the pod.", "PodScheduled"u8.ToArray()),
        new("kube_pod_status_unschedulable", "Describes the unschedulable status for the pod.", Unschedulable),
        .. ContainerFamilies.Of(ContainerFields.App),
        .. ContainerFamilies.Of(ContainerFields.Init),
    ]);

    private static SampleWriter Identity(SampleWriter line, JsonElement pod)
    {
        var metadata = pod.Get("metadata"u8);
        return line.Label("namespace", metadata.Get("namespace"u8)).Label("pod", metadata.Get("name"u8)).Label("uid", metadata.Get("uid"u8));
    }

    private static void Info(JsonElement pod, ObjectLines lines)
    {
        var spec = pod.Get("spec"u8);
        var status = pod.Get("status"u8);
        var controller = Controller(pod);
        lines.Add()
            .Label("host_ip", status.Get("hostIP"u8))
            .Label("pod_ip", status.Get("podIP"u8))
            .Label("node", spec.Get("nodeName"u8))
            .LabelOr("created_by_kind", controller.Get("kind"u8), "<none>")
            .LabelOr("created_by_name", controller.Get("name"u8), "<none>")
            .Label("priority_class", spec.Get("priorityClassName"u8))
            .Label("host_network", spec.Get("hostNetwork"u8).IsTrue() ? "true" : "false")
            .Value(1L);
    }

    private static JsonElement Controller(JsonElement pod)
    {
        foreach (var owner in pod.Get("metadata"u8, "ownerReferences"u8).Items())
        {
            if (owner.Get("controller"u8).IsTrue())
            {
                return owner;
            }
        }
        return default;
    }

    private static void Phase(JsonElement pod, ObjectLines lines)
    {
        var phase = pod.Get("status"u8, "phase"u8);
        if (phase.ValueKind != JsonValueKind.String || phase.ValueEquals(""u8))
        {
            return;
        }
        lines.Add().Label("phase", "Pending").Value(phase.Is("Pending"u8) ? 1L : 0L);
        lines.Add().Label("phase", "Succeeded").Value(phase.Is("Succeeded"u8) ? 1L : 0L);
        lines.Add().Label("phase", "Failed").Value(phase.Is("Failed"u8) ? 1L : 0L);
        lines.Add().Label("phase", "Unknown").Value(phase.Is("Unknown"u8) ? 1L : 0L);
        lines.Add().Label("phase", "Running").Value(phase.Is("Running"u8) ? 1L : 0L);
    }

    private static ObjectFamily Condition(string family, string help, byte[] type) =>
        new(family, help, (pod, lines) =>
        {
            var condition = pod.Get("status"u8, "conditions"u8).OfType(type);
            if (condition.ValueKind == JsonValueKind.Object)
            {
                ObjectFamilies.ConditionStatus(lines, condition.Get("status"u8), "condition");
            }
        });

    // kube-state-metrics' fixed set: a 0/1 series each, for every pod. SchedulingGated is the reason of
    // the PodScheduled condition, not of the pod, and is what lets KubePodNotReady skip pods held on purpose.
    // (Declared first: static fields are initialised in order.)
    private static readonly byte[] SchedulingGated = "SchedulingGated"u8.ToArray();

    private static readonly byte[][] Reasons =
        ["Evicted"u8.ToArray(), "NodeAffinity"u8.ToArray(), "NodeLost"u8.ToArray(), "Shutdown"u8.ToArray(), "UnexpectedAdmissionError"u8.ToArray(), SchedulingGated];

    private static void Reason(JsonElement pod, ObjectLines lines)
    {
        var status = pod.Get("status"u8);
        var reason = status.Get("reason"u8);
        var scheduled = status.Get("conditions"u8).OfType("PodScheduled"u8).Get("reason"u8);
        foreach (var name in Reasons)
        {
            var holds = reason.Is(name) || (name == SchedulingGated && scheduled.Is(name));
            lines.Add().Label("reason", name).Value(holds ? 1L : 0L);
        }
    }

    // kube-state-metrics counts every pod whose PodScheduled condition is False.
    private static void Unschedulable(JsonElement pod, ObjectLines lines)
    {
        if (pod.Get("status"u8, "conditions"u8).OfType("PodScheduled"u8).Get("status"u8).Is("False"u8))
        {
            lines.Add().Value(1L);
        }
    }
}
