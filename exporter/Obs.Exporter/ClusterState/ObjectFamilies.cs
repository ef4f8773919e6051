using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>The shapes kube-state-metrics families share: one number per object, owner references, condition statuses.</summary>
internal static class ObjectFamilies
{
    /// <summary>One sample per object that has a value; objects without one are left out.</summary>
    public static ObjectFamily PerObject(string family, string help, Func<JsonElement, double?> value, MetricFamilyType type = MetricFamilyType.Gauge) =>
        new(family, type, help, (obj, lines) =>
        {
            if (value(obj) is { } v)
            {
                lines.Add().Value(v);
            }
        });

    /// <summary>The object's <c>metadata.creationTimestamp</c> in Unix seconds, as kube-state-metrics' <c>kube_*_created</c> families give it.</summary>
    public static ObjectFamily Created(string family, string help) =>
        PerObject(family, help, obj => obj.Get("metadata"u8, "creationTimestamp"u8).UnixSeconds());

    /// <summary>
    /// <c>owner_kind</c>, <c>owner_name</c>, <c>owner_is_controller</c> per owner reference; an object without
    /// owners gets one sample with <paramref name="none"/> in each (<c>&lt;none&gt;</c> for pods and ReplicaSets, empty for Jobs).
    /// </summary>
    public static ObjectFamily Owners(string family, string help, string none) =>
        new(family, help, (obj, lines) =>
        {
            var owners = obj.Get("metadata"u8, "ownerReferences"u8);
            if (owners.Length() == 0)
            {
                lines.Add().Label("owner_kind", none).Label("owner_name", none).Label("owner_is_controller", none).Value(1L);
                return;
            }
            foreach (var owner in owners.Items())
            {
                lines.Add()
                    .Label("owner_kind", owner.Get("kind"u8))
                    .Label("owner_name", owner.Get("name"u8))
                    .Label("owner_is_controller", owner.Get("controller"u8).IsTrue() ? "true" : "false")
                    .Value(1L);
            }
        });

    /// <summary>The three samples of a condition's status: <c>true</c>, <c>false</c>, <c>unknown</c>, the current one 1.</summary>
    public static void ConditionStatus(ObjectLines lines, JsonElement status, string statusLabel)
    {
        lines.Add().Label(statusLabel, "true").Value(status.Is("True"u8) ? 1L : 0L);
        lines.Add().Label(statusLabel, "false").Value(status.Is("False"u8) ? 1L : 0L);
        lines.Add().Label(statusLabel, "unknown").Value(status.Is("Unknown"u8) ? 1L : 0L);
    }

    /// <summary>The identity of namespaced workloads: <c>namespace</c> and the object's name under <paramref name="nameLabel"/>.</summary>
    public static ObjectIdentity Named(string nameLabel) => (line, obj) =>
    {
        var metadata = obj.Get("metadata"u8);
        return line.Label("namespace", metadata.Get("namespace"u8)).Label(nameLabel, metadata.Get("name"u8));
    };
}
