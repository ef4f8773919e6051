namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The paths of every served Ingress for one host (or one wildcard, or the rules without a host), longest
/// first and, at equal length, <c>Exact</c> before <c>Prefix</c>, so the first match is the one the spec
/// says wins. <see cref="Default"/> is the <c>defaultBackend</c> of an Ingress with rules for this host.
/// </summary>
internal sealed class IngressHostRoutes(IReadOnlyList<IngressRoute> routes, IngressBackend? @default)
{
    public IReadOnlyList<IngressRoute> Routes { get; } = [.. routes
        .OrderByDescending(r => r.Path.Length)
        .ThenBy(r => r.Type == IngressPathType.Exact ? 0 : 1)];

    public IngressBackend? Default { get; } = @default;

    public IngressBackend? Match(string path)
    {
        foreach (var route in Routes)
        {
            if (route.Matches(path)) return route.Backend;
        }
        return null;
    }
}
