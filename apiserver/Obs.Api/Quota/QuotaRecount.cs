using System.Text.Json.Nodes;
using Obs.Api.Quantities;

namespace Obs.Api.Quota;

/// <summary>
/// A quota's usage counted afresh from the objects of its namespace (the quota controller's recount): for
/// each resource of <c>status.hard</c>, the sum of what the objects the quota selects use, zero when none do.
/// </summary>
public static class QuotaRecount
{
    private static readonly string[] LegacyNamed = ["configmaps", "secrets", "replicationcontrollers", "resourcequotas"];

    /// <summary>The resource whose objects use <paramref name="name"/> (<c>pods</c> for <c>requests.cpu</c>), or null for a name nothing uses.</summary>
    public static string? ResourceOf(string name)
    {
        if (name.StartsWith(QuotaResourceNames.CountPrefix, StringComparison.Ordinal)) return name[QuotaResourceNames.CountPrefix.Length..];
        foreach (var resource in (string[])["pods", "services", "persistentvolumeclaims", .. LegacyNamed])
        {
            if (ObjectUsage.Covers(resource, name)) return resource;
        }
        return null;
    }

    /// <summary>
    /// The <c>status.used</c> of <paramref name="quota"/> with <paramref name="hard"/> as its limits, from the namespace's objects of
    /// each resource (<paramref name="objectsOf"/> gives none for a resource it does not hold).
    /// </summary>
    public static JsonObject Used(JsonObject quota, IEnumerable<string> hard, Func<string, IEnumerable<JsonObject>> objectsOf, DateTimeOffset now)
    {
        var totals = new SortedDictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var name in hard) totals[name] = Quantity.Zero;
        foreach (var resource in totals.Keys.Select(ResourceOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList())
        {
            foreach (var obj in objectsOf(resource))
            {
                if (!QuotaScopes.Select(quota, resource, obj)) continue;
                foreach (var (name, amount) in ObjectUsage.Of(resource, obj, now))
                {
                    if (totals.TryGetValue(name, out var have)) totals[name] = have + amount;
                }
            }
        }
        var used = new JsonObject();
        foreach (var (name, amount) in totals) used[name] = amount.ToJson();
        return used;
    }
}
