using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Deployments;

/// <summary>Replica arithmetic of Deployments and ReplicaSets (deploymentutil).</summary>
internal static class Replicas
{
    public static long Of(JsonNode? obj) => obj.LongAt("spec", "replicas") ?? 1;

    public static long Status(JsonNode? obj, string field) => obj.LongAt("status", field) ?? 0;

    public static bool IsRollingUpdate(JsonNode d) => (d.StringAt("spec", "strategy", "type") ?? "RollingUpdate") == "RollingUpdate";

    /// <summary>maxSurge and maxUnavailable as numbers: surge rounded up, unavailable down, never both zero.</summary>
    public static (long Surge, long Unavailable) Fenceposts(JsonNode d)
    {
        var desired = Of(d);
        var surge = Scaled(d.At("spec", "strategy", "rollingUpdate", "maxSurge"), desired, true);
        var unavailable = Scaled(d.At("spec", "strategy", "rollingUpdate", "maxUnavailable"), desired, false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    private static long Scaled(JsonNode? node, long total, bool roundUp)
    {
        var value = IntOrString.FromJson(node) ?? IntOrString.FromString("25%");
        return value.TryGetScaledValue(total, roundUp, out var v, out _) ? v : 0;
    }

    public static long MaxSurge(JsonNode d) => IsRollingUpdate(d) ? Fenceposts(d).Surge : 0;

    public static long MaxUnavailable(JsonNode d)
    {
        if (!IsRollingUpdate(d) || Of(d) == 0) return 0;
        return Math.Min(Fenceposts(d).Unavailable, Of(d));
    }

    public static long SpecSum(IEnumerable<JsonObject> sets) => sets.Sum(Of);

    public static long StatusSum(IEnumerable<JsonObject> sets, string field) => sets.Sum(rs => Status(rs, field));

    public static List<JsonObject> Active(IEnumerable<JsonObject?> sets) => [.. sets.OfType<JsonObject>().Where(rs => Of(rs) > 0)];

    public static DateTimeOffset Created(JsonNode obj) => PodState.Time(obj.StringAt("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;

    /// <summary>Oldest first; equal times by name (controller.ReplicaSetsByCreationTimestamp).</summary>
    public static List<JsonObject> OldestFirst(IEnumerable<JsonObject> sets) =>
        [.. sets.OrderBy(Created).ThenBy(rs => ObjectMeta.Name(rs), StringComparer.Ordinal)];

    /// <summary>How many replicas the new ReplicaSet should have now (NewRSNewReplicas).</summary>
    public static long NewReplicaSetReplicas(JsonObject d, IEnumerable<JsonObject> allSets, JsonObject newRs)
    {
        if (!IsRollingUpdate(d)) return Of(d);
        var surge = Fenceposts(d).Surge;
        var current = SpecSum(allSets);
        var maxTotal = Of(d) + surge;
        if (current >= maxTotal) return Of(newRs);
        var scaleUp = Math.Min(maxTotal - current, Of(d) - Of(newRs));
        return Of(newRs) + scaleUp;
    }

    /// <summary>The ReplicaSet's share of a scaling (GetProportion), by its size relative to the last size the Deployment had.</summary>
    public static long Proportion(JsonObject rs, JsonObject d, long toAdd, long added)
    {
        if (Of(rs) == 0 || toAdd == 0 || toAdd == added) return 0;
        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private static long Fraction(JsonObject rs, JsonObject d)
    {
        if (Of(d) == 0) return -Of(rs);
        var deploymentReplicas = Of(d) + MaxSurge(d);
        var annotated = DeploymentAnnotations.LongAnnotation(rs, DeploymentAnnotations.MaxReplicas) ?? Status(d, "replicas");
        if (annotated == 0) return 0;
        var size = (double)(Of(rs) * deploymentReplicas) / annotated;
        return (long)Math.Round(size, MidpointRounding.AwayFromZero) - Of(rs);
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
