using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>The shapes kube-state-metrics families share: one number per object, owner references, condition statuses.</summary>
internal static class ObjectFamilies
{
    /// <summary>One sample per object that has a value; objects without one are left out.</summary>
    public static void PerObject(MetricsWriter writer, List<JsonElement> objects, string family, string help,
        SampleStart start, Func<JsonElement, double?> value, MetricFamilyType type = MetricFamilyType.Gauge)
    {
        writer.WriteHeader(family, type, help);
        foreach (var obj in objects)
        {
            if (value(obj) is { } v)
            {
                start(writer, family, obj).Value(v);
            }
        }
    }

    /// <summary>
    /// <c>owner_kind</c>, <c>owner_name</c>, <c>owner_is_controller</c> per owner reference; an object without
    /// owners gets one sample with <paramref name="none"/> in each (<c>&lt;none&gt;</c> for pods and ReplicaSets, empty for Jobs).
    /// </summary>
    public static void Owners(MetricsWriter writer, List<JsonElement> objects, string family, string help, SampleStart start, string none)
    {
        writer.WriteHeader(family, MetricFamilyType.Gauge, help);
        foreach (var obj in objects)
        {
            var owners = obj.Get("metadata"u8, "ownerReferences"u8);
            if (owners.Length() == 0)
            {
                start(writer, family, obj).Label("owner_kind", none).Label("owner_name", none).Label("owner_is_controller", none).Value(1L);
                continue;
            }
            foreach (var owner in owners.Items())
            {
                start(writer, family, obj)
                    .Label("owner_kind", owner.Get("kind"u8))
                    .Label("owner_name", owner.Get("name"u8))
                    .Label("owner_is_controller", owner.Get("controller"u8).IsTrue() ? "true" : "false")
                    .Value(1L);
            }
        }
    }

    /// <summary>The three samples of a condition's status: <c>true</c>, <c>false</c>, <c>unknown</c>, the current one 1.</summary>
    public static void ConditionStatus(MetricsWriter writer, string family, JsonElement obj, SampleStart start, JsonElement status, string statusLabel)
    {
        start(writer, family, obj).Label(statusLabel, "true").Value(status.Is("True"u8) ? 1L : 0L);
        start(writer, family, obj).Label(statusLabel, "false").Value(status.Is("False"u8) ? 1L : 0L);
        start(writer, family, obj).Label(statusLabel, "unknown").Value(status.Is("Unknown"u8) ? 1L : 0L);
    }

    /// <summary>Samples with <c>namespace</c> and the object's name under <paramref name="nameLabel"/>.</summary>
    public static SampleWriter Named(MetricsWriter writer, string family, JsonElement obj, string nameLabel)
    {
        var metadata = obj.Get("metadata"u8);
        return writer.BeginSample(family).Label("namespace", metadata.Get("namespace"u8)).Label(nameLabel, metadata.Get("name"u8));
    }
}
