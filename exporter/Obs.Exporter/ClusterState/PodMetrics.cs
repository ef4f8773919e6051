using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' pod families, labelled <c>namespace</c>, <c>pod</c>, <c>uid</c>.</summary>
internal static class PodMetrics
{
    // Field names the families read (declared before Kind: static fields are initialised in order).
    private static readonly byte[] State = "state"u8.ToArray();
    private static readonly byte[] LastState = "lastState"u8.ToArray();
    private static readonly byte[] Running = "running"u8.ToArray();
    private static readonly byte[] Waiting = "waiting"u8.ToArray();
    private static readonly byte[] Terminated = "terminated"u8.ToArray();
    private static readonly byte[] Requests = "requests"u8.ToArray();
    private static readonly byte[] Limits = "limits"u8.ToArray();

    public static ObjectKind Kind { get; } = new(ClusterStateResources.Pods, Identity,
    [
        new("kube_pod_info", "Information about pod.", Info),
        ObjectFamilies.Owners("kube_pod_owner", "Information about the Pod's owner.", "<none>"),
        new("kube_pod_status_phase", "The pods current phase.", Phase),
        Condition("kube_pod_status_ready", "Describes whether the pod is ready to serve requests.", "Ready"u8.ToArray()),
        new("kube_pod_status_reason", "The pod status reasons", Reason),
        Condition("kube_pod_status_scheduled", "Describes the status of the scheduling process for the pod.", "PodScheduled"u8.ToArray()),
        new("kube_pod_status_unschedulable", "Describes the unschedulable status for the pod.", Unschedulable),
        ContainerFamilies.Info("kube_pod_container_info", "Information about a container in a pod.", ContainerFields.App),
        ContainerFamilies.PerStatus("kube_pod_container_status_ready", "Describes whether the containers readiness check succeeded.",
            ContainerFields.App, Ready),
        ContainerFamilies.InState("kube_pod_container_status_running", "Describes whether the container is currently in running state.",
            ContainerFields.App, Running),
        ContainerFamilies.InState("kube_pod_container_status_waiting", "Describes whether the container is currently in waiting state.",
            ContainerFields.App, Waiting),
        ContainerFamilies.InState("kube_pod_container_status_terminated", "Describes whether the container is currently in terminated state.",
            ContainerFields.App, Terminated),
        ContainerFamilies.PerStatus("kube_pod_container_state_started", "Start time in unix timestamp for a pod container.",
            ContainerFields.App, Started),
        ContainerFamilies.PerStatus("kube_pod_container_status_restarts_total", "The number of container restarts per container.",
            ContainerFields.App, Restarts, MetricFamilyType.Counter),
        ContainerFamilies.StateReason("kube_pod_container_status_waiting_reason",
            "Describes the reason the container is currently in waiting state.", ContainerFields.App, State, Waiting),
        ContainerFamilies.StateReason("kube_pod_container_status_terminated_reason",
            "Describes the reason the container is currently in terminated state.", ContainerFields.App, State, Terminated),
        ContainerFamilies.StateReason("kube_pod_container_status_last_terminated_reason",
            "Describes the last reason the container was in terminated state.", ContainerFields.App, LastState, Terminated),
        ContainerFamilies.Resources("kube_pod_container_resource_requests",
            "The number of requested request resource by a container. It is recommended to use the kube_pod_resource_requests metric exposed by kube-scheduler instead, as it is more precise.",
            ContainerFields.App, Requests),
        ContainerFamilies.Resources("kube_pod_container_resource_limits",
            "The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits metric exposed by kube-scheduler instead, as it is more precise.",
            ContainerFields.App, Limits),
        ContainerFamilies.Info("kube_pod_init_container_info", "Information about an init container in a pod.", ContainerFields.Init),
        ContainerFamilies.PerStatus("kube_pod_init_container_status_ready", "Describes whether the init containers readiness check succeeded.",
            ContainerFields.Init, Ready),
        ContainerFamilies.InState("kube_pod_init_container_status_running", "Describes whether the init container is currently in running state.",
            ContainerFields.Init, Running),
        ContainerFamilies.InState("kube_pod_init_container_status_waiting", "Describes whether the init container is currently in waiting state.",
            ContainerFields.Init, Waiting),
        ContainerFamilies.InState("kube_pod_init_container_status_terminated", "Describes whether the init container is currently in terminated state.",
            ContainerFields.Init, Terminated),
        ContainerFamilies.PerStatus("kube_pod_init_container_status_restarts_total", "The number of restarts for the init container.",
            ContainerFields.Init, Restarts, MetricFamilyType.Counter),
        ContainerFamilies.StateReason("kube_pod_init_container_status_waiting_reason",
            "Describes the reason the init container is currently in waiting state.", ContainerFields.Init, State, Waiting),
        ContainerFamilies.StateReason("kube_pod_init_container_status_terminated_reason",
            "Describes the reason the init container is currently in terminated state.", ContainerFields.Init, State, Terminated),
        ContainerFamilies.StateReason("kube_pod_init_container_status_last_terminated_reason",
            "Describes the last reason the init container was in terminated state.", ContainerFields.Init, LastState, Terminated),
        ContainerFamilies.Resources("kube_pod_init_container_resource_requests",
            "The number of requested request resource by an init container.", ContainerFields.Init, Requests),
        ContainerFamilies.Resources("kube_pod_init_container_resource_limits",
            "The number of requested limit resource by an init container.", ContainerFields.Init, Limits),
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

    private static double? Ready(JsonElement status) => status.Get("ready"u8).IsTrue() ? 1 : 0;

    private static double? Restarts(JsonElement status) => status.Get("restartCount"u8).NumberOr(0);

    // kube-state-metrics takes the start of a running or terminated state; a waiting container has none.
    // (A state without startedAt would be Go's zero time there; it is left out here.)
    private static double? Started(JsonElement status)
    {
        var state = status.Get("state"u8);
        var running = state.Get("running"u8);
        return (running.ValueKind == JsonValueKind.Object ? running : state.Get("terminated"u8)).Get("startedAt"u8).UnixSeconds();
    }
}
