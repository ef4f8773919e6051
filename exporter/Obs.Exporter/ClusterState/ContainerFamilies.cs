using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// The shapes of kube-state-metrics' per-container pod families, for app containers and init containers
/// alike: each walks one list of the pod once (the statuses, or the spec's containers), one line per container.
/// </summary>
internal static class ContainerFamilies
{
    // Field names the families read (declared first: static fields are initialised in order).
    private static readonly byte[] State = "state"u8.ToArray();
    private static readonly byte[] LastState = "lastState"u8.ToArray();
    private static readonly byte[] Running = "running"u8.ToArray();
    private static readonly byte[] Waiting = "waiting"u8.ToArray();
    private static readonly byte[] Terminated = "terminated"u8.ToArray();
    private static readonly byte[] Requests = "requests"u8.ToArray();
    private static readonly byte[] Limits = "limits"u8.ToArray();

    /// <summary>Every family of one kind of container, in kube-state-metrics' names and words.</summary>
    public static ObjectFamily[] Of(ContainerFields fields)
    {
        var (prefix, noun) = (fields.Prefix, fields.Noun);
        var article = "aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an" : "a";
        ObjectFamily[] start = fields.HasStartTime
            ? [PerStatus($"{prefix}_state_started", $"Start time in unix timestamp for a pod {noun}.", fields, Started)]
            : [];
        return
        [
            Info($"{prefix}_info", $"Information about {article} {noun} in a pod.", fields),
            PerStatus($"{prefix}_status_ready", $"Describes whether the {noun}s readiness check succeeded.", fields, Ready),
            InState($"{prefix}_status_running", $"Describes whether the {noun} is currently in running state.", fields, Running),
            InState($"{prefix}_status_waiting", $"Describes whether the {noun} is currently in waiting state.", fields, Waiting),
            InState($"{prefix}_status_terminated", $"Describes whether the {noun} is currently in terminated state.", fields, Terminated),
            .. start,
            PerStatus($"{prefix}_status_restarts_total", fields.RestartsHelp, fields, Restarts, MetricFamilyType.Counter),
            StateReason($"{prefix}_status_waiting_reason", $"Describes the reason the {noun} is currently in waiting state.", fields, State, Waiting),
            StateReason($"{prefix}_status_terminated_reason", $"Describes the reason the {noun} is currently in terminated state.", fields, State, Terminated),
            StateReason($"{prefix}_status_last_terminated_reason", $"Describes the last reason the {noun} was in terminated state.", fields, LastState, Terminated),
            Resources($"{prefix}_resource_requests", fields.RequestsHelp, fields, Requests),
            Resources($"{prefix}_resource_limits", fields.LimitsHelp, fields, Limits),
        ];
    }

    /// <summary>
    /// <c>container</c>, <c>image_spec</c> (the image the spec asks for), <c>image</c>, <c>image_id</c>, <c>container_id</c>
    /// (what the runtime resolved), in the spec's order, for each spec container that has a status of the same name.
    /// </summary>
    private static ObjectFamily Info(string family, string help, ContainerFields fields) =>
        new(family, help, (pod, lines) =>
        {
            var statuses = pod.Get("status"u8).Get(fields.Statuses);
            foreach (var container in pod.Get("spec"u8).Get(fields.Spec).Items())
            {
                var name = container.Get("name"u8);
                var status = StatusOf(statuses, name);
                if (status.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                lines.Add()
                    .Label("container", name)
                    .Label("image_spec", container.Get("image"u8))
                    .Label("image", status.Get("image"u8))
                    .Label("image_id", status.Get("imageID"u8))
                    .Label("container_id", status.Get("containerID"u8))
                    .Value(1L);
            }
        });

    /// <summary>One line per container status that has a value, labelled <c>container</c>.</summary>
    private static ObjectFamily PerStatus(string family, string help, ContainerFields fields, Func<JsonElement, double?> value,
        MetricFamilyType type = MetricFamilyType.Gauge) =>
        new(family, type, help, (pod, lines) =>
        {
            foreach (var status in pod.Get("status"u8).Get(fields.Statuses).Items())
            {
                if (value(status) is { } v)
                {
                    lines.Add().Label("container", status.Get("name"u8)).Value(v);
                }
            }
        });

    /// <summary>1 when the container's current state is <paramref name="state"/> (<c>running</c>, <c>waiting</c>, <c>terminated</c>), else 0.</summary>
    private static ObjectFamily InState(string family, string help, ContainerFields fields, byte[] state) =>
        PerStatus(family, help, fields, status => status.Get("state"u8).Get(state).ValueKind == JsonValueKind.Object ? 1 : 0);

    /// <summary><c>container</c> and <c>reason</c> of containers whose <paramref name="stateField"/> is <paramref name="stateName"/>; others give no line.</summary>
    private static ObjectFamily StateReason(string family, string help, ContainerFields fields, byte[] stateField, byte[] stateName) =>
        new(family, help, (pod, lines) =>
        {
            foreach (var status in pod.Get("status"u8).Get(fields.Statuses).Items())
            {
                var state = status.Get(stateField).Get(stateName);
                if (state.ValueKind == JsonValueKind.Object)
                {
                    lines.Add().Label("container", status.Get("name"u8)).Label("reason", state.Get("reason"u8)).Value(1L);
                }
            }
        });

    /// <summary>
    /// <c>container</c>, <c>node</c>, <c>resource</c>, <c>unit</c> per quantity of the spec's
    /// <c>resources.&lt;kind&gt;</c> (<c>requests</c> or <c>limits</c>); unparsable or unknown resources are left out.
    /// </summary>
    private static ObjectFamily Resources(string family, string help, ContainerFields fields, byte[] kind) =>
        new(family, help, (pod, lines) =>
        {
            var spec = pod.Get("spec"u8);
            var node = spec.Get("nodeName"u8);
            foreach (var container in spec.Get(fields.Spec).Items())
            {
                var amounts = container.Get("resources"u8).Get(kind);
                if (amounts.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                foreach (var resource in amounts.EnumerateObject())
                {
                    if (!lines.Quantities.TryRead(resource, countPods: false, out var unit, out var value))
                    {
                        continue;
                    }
                    var line = lines.Add().Label("container", container.Get("name"u8)).Label("node", node);
                    lines.Quantities.ResourceLabel(line, resource).Label("unit", unit).Value(value);
                }
            }
        });

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

    private static JsonElement StatusOf(JsonElement statuses, JsonElement name)
    {
        if (name.ValueKind != JsonValueKind.String)
        {
            return default;
        }
        var raw = name.TryGetRawString(out var utf8) ? utf8 : System.Text.Encoding.UTF8.GetBytes(name.GetString()!);
        foreach (var status in statuses.Items())
        {
            if (status.Get("name"u8).Is(raw))
            {
                return status;
            }
        }
        return default;
    }
}
