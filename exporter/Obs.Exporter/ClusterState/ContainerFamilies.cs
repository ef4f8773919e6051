using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// The shapes of kube-state-metrics' per-container pod families, for app containers and init containers
/// alike: each walks one list of the pod once (the statuses, or the spec's containers), one line per container.
/// </summary>
internal static class ContainerFamilies
{
    /// <summary>
    /// <c>container</c>, <c>image_spec</c> (the image the spec asks for), <c>image</c>, <c>image_id</c>, <c>container_id</c>
    /// (what the runtime resolved), in the spec's order, for each spec container that has a status of the same name.
    /// </summary>
    public static ObjectFamily Info(string family, string help, ContainerFields fields) =>
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
    public static ObjectFamily PerStatus(string family, string help, ContainerFields fields, Func<JsonElement, double?> value,
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
    public static ObjectFamily InState(string family, string help, ContainerFields fields, byte[] state) =>
        PerStatus(family, help, fields, status => status.Get("state"u8).Get(state).ValueKind == JsonValueKind.Object ? 1 : 0);

    /// <summary><c>container</c> and <c>reason</c> of containers whose <paramref name="stateField"/> is <paramref name="stateName"/>; others give no line.</summary>
    public static ObjectFamily StateReason(string family, string help, ContainerFields fields, byte[] stateField, byte[] stateName) =>
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
    public static ObjectFamily Resources(string family, string help, ContainerFields fields, byte[] kind) =>
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
