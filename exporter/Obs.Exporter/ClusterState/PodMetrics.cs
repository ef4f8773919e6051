using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' pod families, labelled <c>namespace</c>, <c>pod</c>, <c>uid</c>.</summary>
internal static class PodMetrics
{
    private static readonly SampleStart Start = (writer, family, pod) =>
    {
        var metadata = pod.Get("metadata"u8);
        return writer.BeginSample(family)
            .Label("namespace", metadata.Get("namespace"u8))
            .Label("pod", metadata.Get("name"u8))
            .Label("uid", metadata.Get("uid"u8));
    };

    public static void Write(List<JsonElement> pods, ResourceQuantities quantities, MetricsWriter writer)
    {
        Info(pods, writer);
        ObjectFamilies.Owners(writer, pods, "kube_pod_owner", "Information about the Pod's owner.", Start, "<none>");
        Phase(pods, writer);
        Condition(pods, writer, "kube_pod_status_ready", "Describes whether the pod is ready to serve requests.", "Ready"u8);
        Condition(pods, writer, "kube_pod_status_scheduled", "Describes the status of the scheduling process for the pod.", "PodScheduled"u8);
        Unschedulable(pods, writer);
        Restarts(pods, writer);
        ContainerStateReason(pods, writer, "kube_pod_container_status_waiting_reason",
            "Describes the reason the container is currently in waiting state.", "state"u8, "waiting"u8);
        ContainerStateReason(pods, writer, "kube_pod_container_status_terminated_reason",
            "Describes the reason the container is currently in terminated state.", "state"u8, "terminated"u8);
        ContainerStateReason(pods, writer, "kube_pod_container_status_last_terminated_reason",
            "Describes the last reason the container was in terminated state.", "lastState"u8, "terminated"u8);
        Resources(pods, quantities, writer, "kube_pod_container_resource_requests",
            "The number of requested request resource by a container. It is recommended to use the kube_pod_resource_requests metric exposed by kube-scheduler instead, as it is more precise.",
            "requests"u8);
        Resources(pods, quantities, writer, "kube_pod_container_resource_limits",
            "The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits metric exposed by kube-scheduler instead, as it is more precise.",
            "limits"u8);
    }

    private static void Info(List<JsonElement> pods, MetricsWriter writer)
    {
        const string family = "kube_pod_info";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "Information about pod.");
        foreach (var pod in pods)
        {
            var spec = pod.Get("spec"u8);
            var status = pod.Get("status"u8);
            var controller = Controller(pod);
            Start(writer, family, pod)
                .Label("host_ip", status.Get("hostIP"u8))
                .Label("pod_ip", status.Get("podIP"u8))
                .Label("node", spec.Get("nodeName"u8))
                .LabelOr("created_by_kind", controller.Get("kind"u8), "<none>")
                .LabelOr("created_by_name", controller.Get("name"u8), "<none>")
                .Label("priority_class", spec.Get("priorityClassName"u8))
                .Label("host_network", spec.Get("hostNetwork"u8).IsTrue() ? "true" : "false")
                .Value(1L);
        }
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

    private static void Phase(List<JsonElement> pods, MetricsWriter writer)
    {
        const string family = "kube_pod_status_phase";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "The pods current phase.");
        foreach (var pod in pods)
        {
            var phase = pod.Get("status"u8, "phase"u8);
            if (phase.ValueKind != JsonValueKind.String || phase.ValueEquals(""u8))
            {
                continue;
            }
            // Five series per pod: look its identity up once.
            var id = new Identity(pod);
            id.Begin(writer, family).Label("phase", "Pending").Value(phase.Is("Pending"u8) ? 1L : 0L);
            id.Begin(writer, family).Label("phase", "Succeeded").Value(phase.Is("Succeeded"u8) ? 1L : 0L);
            id.Begin(writer, family).Label("phase", "Failed").Value(phase.Is("Failed"u8) ? 1L : 0L);
            id.Begin(writer, family).Label("phase", "Unknown").Value(phase.Is("Unknown"u8) ? 1L : 0L);
            id.Begin(writer, family).Label("phase", "Running").Value(phase.Is("Running"u8) ? 1L : 0L);
        }
    }

    private static void Condition(List<JsonElement> pods, MetricsWriter writer, string family, string help, ReadOnlySpan<byte> type)
    {
        writer.WriteHeader(family, MetricFamilyType.Gauge, help);
        foreach (var pod in pods)
        {
            var condition = pod.Get("status"u8, "conditions"u8).OfType(type);
            if (condition.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var status = condition.Get("status"u8);
            var id = new Identity(pod);
            id.Begin(writer, family).Label("condition", "true").Value(status.Is("True"u8) ? 1L : 0L);
            id.Begin(writer, family).Label("condition", "false").Value(status.Is("False"u8) ? 1L : 0L);
            id.Begin(writer, family).Label("condition", "unknown").Value(status.Is("Unknown"u8) ? 1L : 0L);
        }
    }

    // kube-state-metrics counts every pod whose PodScheduled condition is False.
    private static void Unschedulable(List<JsonElement> pods, MetricsWriter writer)
    {
        const string family = "kube_pod_status_unschedulable";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "Describes the unschedulable status for the pod.");
        foreach (var pod in pods)
        {
            if (pod.Get("status"u8, "conditions"u8).OfType("PodScheduled"u8).Get("status"u8).Is("False"u8))
            {
                Start(writer, family, pod).Value(1L);
            }
        }
    }

    private static void Restarts(List<JsonElement> pods, MetricsWriter writer)
    {
        const string family = "kube_pod_container_status_restarts_total";
        writer.WriteHeader(family, MetricFamilyType.Counter, "The number of container restarts per container.");
        foreach (var pod in pods)
        {
            foreach (var status in pod.Get("status"u8, "containerStatuses"u8).Items())
            {
                Start(writer, family, pod).Label("container", status.Get("name"u8)).Value(status.Get("restartCount"u8).NumberOr(0));
            }
        }
    }

    private static void ContainerStateReason(List<JsonElement> pods, MetricsWriter writer, string family, string help,
        ReadOnlySpan<byte> stateField, ReadOnlySpan<byte> stateName)
    {
        writer.WriteHeader(family, MetricFamilyType.Gauge, help);
        foreach (var pod in pods)
        {
            foreach (var status in pod.Get("status"u8, "containerStatuses"u8).Items())
            {
                var state = status.Get(stateField).Get(stateName);
                if (state.ValueKind == JsonValueKind.Object)
                {
                    Start(writer, family, pod).Label("container", status.Get("name"u8)).Label("reason", state.Get("reason"u8)).Value(1L);
                }
            }
        }
    }

    private static void Resources(List<JsonElement> pods, ResourceQuantities quantities, MetricsWriter writer, string family, string help,
        ReadOnlySpan<byte> kind)
    {
        writer.WriteHeader(family, MetricFamilyType.Gauge, help);
        foreach (var pod in pods)
        {
            var spec = pod.Get("spec"u8);
            var node = spec.Get("nodeName"u8);
            foreach (var container in spec.Get("containers"u8).Items())
            {
                var amounts = container.Get("resources"u8).Get(kind);
                if (amounts.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                foreach (var resource in amounts.EnumerateObject())
                {
                    if (!quantities.TryRead(resource, countPods: false, out var unit, out var value))
                    {
                        continue;
                    }
                    var sample = Start(writer, family, pod).Label("container", container.Get("name"u8)).Label("node", node);
                    quantities.ResourceLabel(sample, resource).Label("unit", unit).Value(value);
                }
            }
        }
    }

    /// <summary>The labels every pod series starts with, looked up once for a pod's several series.</summary>
    private readonly struct Identity
    {
        private readonly JsonElement ns;
        private readonly JsonElement name;
        private readonly JsonElement uid;

        public Identity(JsonElement pod)
        {
            var metadata = pod.Get("metadata"u8);
            ns = metadata.Get("namespace"u8);
            name = metadata.Get("name"u8);
            uid = metadata.Get("uid"u8);
        }

        public SampleWriter Begin(MetricsWriter writer, string family) =>
            writer.BeginSample(family).Label("namespace", ns).Label("pod", name).Label("uid", uid);
    }
}
