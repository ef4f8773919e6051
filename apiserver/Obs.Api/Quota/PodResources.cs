using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.Api.Quota;

/// <summary>
/// What a pod as a whole requests or limits, as Kubernetes' PodRequests and PodLimits add it up: its
/// containers together, or more if one init container needs more on its own (with the sidecars started
/// before it, which keep running), plus the pod's overhead (all of it on requests, on limits only where set).
/// </summary>
public static class PodResources
{
    /// <summary>
    /// The pod's total of <paramref name="list"/> (<c>requests</c> or <c>limits</c>) per resource, overhead included as
    /// Kubernetes' PodRequests and PodLimits include it: every request carries all of the overhead, even a pod that
    /// requests nothing; a limit carries the overhead of its own resource only where the containers set it to more than
    /// zero, since an unset limit means unbounded and stays unset.
    /// </summary>
    public static Dictionary<string, Quantity> Total(JsonObject? spec, string list)
    {
        var total = ContainersTotal(spec, list);
        if (spec?["overhead"] is not JsonObject overhead) return total;
        foreach (var (name, quantity) in ResourceList.Read(overhead))
        {
            var set = total.TryGetValue(name, out var have);
            if (list == "requests") total[name] = set ? have + quantity : quantity;
            else if (set && !have.IsZero) total[name] = have + quantity;
        }
        return total;
    }

    /// <summary>
    /// The same total without the pod's overhead: what its containers ask for. Kubernetes' LimitRanger checks
    /// a Pod range against this (its own podRequests and podLimits copy PodRequests' container rules but add
    /// no overhead).
    /// </summary>
    public static Dictionary<string, Quantity> ContainersTotal(JsonObject? spec, string list)
    {
        var total = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in Containers(spec, "containers")) AddTo(total, Of(container, list));
        var sidecars = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var initPeak = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in Containers(spec, "initContainers"))
        {
            var own = Of(container, list);
            if (container.StringAt("restartPolicy") == "Always")
            {
                AddTo(sidecars, own);
                // A sidecar starting needs what runs beside it already.
                MaxInto(initPeak, Sum(sidecars, []));
                continue;
            }
            MaxInto(initPeak, Sum(own, sidecars));
        }
        AddTo(total, sidecars);
        MaxInto(total, initPeak);
        return total;
    }

    /// <summary>One container's <c>resources.requests</c> or <c>resources.limits</c>.</summary>
    public static Dictionary<string, Quantity> Of(JsonObject container, string list) =>
        ResourceList.Read(container.At("resources", list));

    public static IEnumerable<JsonObject> Containers(JsonObject? spec, string list) =>
        (spec?[list] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static Dictionary<string, Quantity> Sum(Dictionary<string, Quantity> a, Dictionary<string, Quantity> b)
    {
        var result = new Dictionary<string, Quantity>(a, StringComparer.Ordinal);
        AddTo(result, b);
        return result;
    }

    private static void AddTo(Dictionary<string, Quantity> total, Dictionary<string, Quantity> more)
    {
        foreach (var (name, quantity) in more) total[name] = total.TryGetValue(name, out var have) ? have + quantity : quantity;
    }

    private static void MaxInto(Dictionary<string, Quantity> total, Dictionary<string, Quantity> candidate)
    {
        foreach (var (name, quantity) in candidate)
        {
            if (!total.TryGetValue(name, out var have) || quantity > have) total[name] = quantity;
        }
    }
}
