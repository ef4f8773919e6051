namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Every served Ingress merged into one routing snapshot, rebuilt whole on each change and swapped into the
/// listeners. A request's host picks one group of paths: the exact host if any Ingress has rules for it,
/// else its wildcard (<c>*.foo.com</c>), else the rules without a host. The longest matching path of that
/// group wins. A request that matches none goes to the <c>defaultBackend</c> of an Ingress with rules for
/// that host, else to the oldest Ingress's <c>defaultBackend</c>; without either it gets 404.
/// </summary>
internal sealed class IngressTable(
    IReadOnlyDictionary<string, IngressHostRoutes> exact,
    IReadOnlyDictionary<string, IngressHostRoutes> wildcards,
    IngressHostRoutes? anyHost,
    IngressRoute? @default,
    int ingresses,
    IngressCertificates certificates,
    IReadOnlyList<string> routes,
    IReadOnlyList<string> problems)
{
    public static IngressTable Empty(IngressCertificates certificates) =>
        new(new Dictionary<string, IngressHostRoutes>(), new Dictionary<string, IngressHostRoutes>(), null, null, 0, certificates, [], []);

    /// <summary>How many Ingresses this snapshot serves: none means the ingress ports are not listened on.</summary>
    public int Ingresses { get; } = ingresses;

    public IngressCertificates Certificates { get; } = certificates;

    /// <summary>One line per path and default backend: <c>ns/web: a.example.com/api (Prefix) → ns/api:80 (2 endpoints)</c>.</summary>
    public IReadOnlyList<string> Routes { get; } = routes;

    /// <summary>What could not be served as asked (a missing service, secret or port), one line each.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>The route a request takes, with its backend and what its Ingress asks for it (redirect, rewrite); null: no rule matches.</summary>
    /// <param name="host">Lower case, without port (<see cref="IngressHosts.FromHeader"/>).</param>
    public IngressRoute? Match(string host, string path)
    {
        var group = exact.GetValueOrDefault(host)
            ?? (IngressHosts.WildcardSuffix(host) is { } suffix ? wildcards.GetValueOrDefault(suffix) : null)
            ?? anyHost;
        return group?.Match(path) ?? group?.Default ?? @default;
    }

    /// <inheritdoc cref="Match"/>
    public IngressBackend? Route(string host, string path) => Match(host, path)?.Backend;
}
