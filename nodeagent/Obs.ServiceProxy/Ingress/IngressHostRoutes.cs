namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The paths of every served Ingress for one host (or one wildcard, or the rules without a host), longest
/// first and, at equal length, <c>Exact</c> before the others, so the first match is the one the spec
/// says wins (a regular expression counts by its length, as ingress-nginx orders its locations).
/// <see cref="Default"/> is the <c>defaultBackend</c> of an Ingress with rules for this host.
/// </summary>
internal sealed class IngressHostRoutes(IReadOnlyList<IngressRoute> routes, IngressRoute? @default)
{
    public IReadOnlyList<IngressRoute> Routes { get; } = [.. routes
        .OrderByDescending(r => r.Path.Length)
        .ThenBy(r => r.Type == IngressPathType.Exact ? 0 : 1)];

    public IngressRoute? Default { get; } = @default;

    public IngressRoute? Match(string path)
    {
        foreach (var route in Routes)
        {
            if (route.Matches(path)) return route;
        }
        return null;
    }
}
