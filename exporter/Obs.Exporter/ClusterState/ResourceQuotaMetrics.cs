using System.Text.Json;
using Obs.Api.Quantities;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// <c>kube_resourcequota_created</c> and <c>kube_resourcequota</c> as kube-state-metrics writes them: one
/// sample per resource of <c>status.hard</c> (<c>type="hard"</c>) then of <c>status.used</c> (<c>type="used"</c>),
/// the resource named as in the quota (<c>requests.cpu</c>) and every amount in units (cores for cpu, bytes for
/// memory: the milli-value over 1000). A dashboard divides used by hard to show how full a namespace is.
/// </summary>
internal static class ResourceQuotaMetrics
{
    public const string Resource = "resourcequotas";

    public static ObjectKind Kind { get; } = new(Resource, ObjectFamilies.Named("resourcequota"),
    [
        ObjectFamilies.PerObject("kube_resourcequota_created", "Unix creation timestamp", q => q.Get("metadata"u8, "creationTimestamp"u8).UnixSeconds()),
        new("kube_resourcequota", "Information about resource quota.", Amounts),
    ]);

    private static void Amounts(JsonElement quota, ObjectLines lines)
    {
        var status = quota.Get("status"u8);
        foreach (var type in (string[])["hard", "used"])
        {
            var amounts = status.ValueKind == JsonValueKind.Object && status.TryGetProperty(type, out var found) ? found : default;
            if (amounts.ValueKind != JsonValueKind.Object) continue;
            foreach (var entry in amounts.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.Value.ValueKind != JsonValueKind.String || !Quantity.TryParse(entry.Value.GetString(), out var amount, out _)) continue;
                lines.Add().Label("resource", entry.Name).Label("type", type).Value(amount.MilliValue / 1000.0);
            }
        }
    }
}
