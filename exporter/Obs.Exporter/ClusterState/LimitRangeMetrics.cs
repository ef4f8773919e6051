using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// kube-state-metrics' limitrange families, labelled <c>namespace</c>, <c>limitrange</c>: <c>kube_limitrange</c> has
/// a sample per limit, resource and constraint, valued in the resource's base unit (cores, bytes) as
/// kube-state-metrics reads every quantity (thousandths, divided by 1000).
/// </summary>
internal static class LimitRangeMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.LimitRanges, ObjectFamilies.Named("limitrange"),
    [
        new("kube_limitrange", "Information about limit range.", Constraints),
        ObjectFamilies.Created("kube_limitrange_created", "Unix creation timestamp"),
    ]);

    // The constraints of one limit, in kube-state-metrics' order, with the field each is read from.
    private static readonly (string Label, byte[] Field)[] ConstraintFields =
    [
        ("min", "min"u8.ToArray()), ("max", "max"u8.ToArray()), ("default", "default"u8.ToArray()),
        ("defaultRequest", "defaultRequest"u8.ToArray()), ("maxLimitRequestRatio", "maxLimitRequestRatio"u8.ToArray()),
    ];

    private static void Constraints(JsonElement limitRange, ObjectLines lines)
    {
        foreach (var limit in limitRange.Get("spec"u8, "limits"u8).Items())
        {
            var type = limit.Get("type"u8);
            foreach (var (constraint, field) in ConstraintFields)
            {
                var amounts = limit.Get(field);
                if (amounts.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                foreach (var resource in amounts.EnumerateObject())
                {
                    if (lines.Quantities.TryReadAmount(resource.Value, out var amount))
                    {
                        lines.Add().Label("resource", resource.Name).Label("type", type).Label("constraint", constraint).Value(amount);
                    }
                }
            }
        }
    }
}
