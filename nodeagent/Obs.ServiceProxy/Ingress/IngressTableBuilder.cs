using System.Net.Security;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.Objects;
using Obs.ServiceProxy.Balancing;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Builds the <see cref="IngressTable"/> from the informer caches: the Ingresses of Obs's class
/// (<see cref="ObsIngressClass.Selector"/>), oldest first (by creation, then namespace/name), so that where two
/// Ingresses claim the same host and path, or the same TLS host, the older one keeps it. Each route carries what
/// its Ingress's annotations ask (<see cref="IngressAnnotations"/>): the redirect to HTTPS for the hosts of its
/// <c>spec.tls</c>, a rewrite, regular-expression paths. Pure but for the pickers, parsed certificates and
/// patterns it keeps across builds, so a test can feed it objects and read the table.
/// </summary>
internal static class IngressTableBuilder
{
    public static IngressTable Build(
        IEnumerable<JsonObject> ingresses,
        IEnumerable<JsonObject> classes,
        Func<string, string, JsonObject?> serviceOf,
        Func<string, string, IEnumerable<JsonObject>> slicesOf,
        Func<string, string, JsonObject?> secretOf,
        EndpointPickers pickers,
        SecretCertificates secrets,
        Lazy<SslStreamCertificateContext> fallback,
        IngressPatterns? patterns = null)
    {
        patterns ??= new IngressPatterns();
        var ours = ObsIngressClass.Selector(classes);
        var served = ingresses.Where(ours)
            .OrderBy(i => i.StringAt("metadata", "creationTimestamp") ?? "", StringComparer.Ordinal)
            .ThenBy(i => ObjectMeta.Namespace(i) ?? "", StringComparer.Ordinal)
            .ThenBy(i => ObjectMeta.Name(i) ?? "", StringComparer.Ordinal)
            .ToList();
        var backends = new IngressBackends(serviceOf, slicesOf, pickers);
        var groups = new Dictionary<string, HostGroup>(StringComparer.Ordinal);
        IngressRoute? globalDefault = null;
        var routes = new List<string>();
        var problems = new List<string>();
        var certificates = new Dictionary<string, SslStreamCertificateContext>(StringComparer.Ordinal);

        foreach (var ingress in served)
        {
            var ns = ObjectMeta.Namespace(ingress) ?? "default";
            var name = ObjectMeta.Name(ingress) ?? "";
            string Describe(IngressBackend backend)
            {
                if (backend.Problem is { } problem) problems.Add($"{ns}/{name}: {problem.TrimEnd()}");
                return backend.Target is { } target ? $"{backend} ({target.Picker.Endpoints.Count} endpoints)" : $"{backend} ({backend.Problem!.TrimEnd()})";
            }

            var annotations = IngressAnnotations.Of(ingress);
            var rules = (ingress.At("spec", "rules") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            var hosts = rules.Select(r => (r.StringAt("host") ?? "").ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            var tlsHosts = TlsHosts(ingress, hosts);
            bool Redirects(string host) => annotations.ForceSslRedirect || (annotations.SslRedirect && tlsHosts.Contains(host));
            string Annotated(IngressRoute route) =>
                (route.RewriteTarget is { } target ? $", rewrite to {target}" : "") + (route.SslRedirect ? ", redirect to https" : "");

            foreach (var rule in rules)
            {
                var host = (rule.StringAt("host") ?? "").ToLowerInvariant();
                if (!groups.TryGetValue(host, out var group)) groups[host] = group = new HostGroup();
                foreach (var path in (rule.At("http", "paths") as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    var pathType = path.StringAt("pathType");
                    if (IngressPaths.ParseType(pathType) is not { } type) continue;
                    var text = path.StringAt("path") is { Length: > 0 } given ? given : "/";
                    Regex? pattern = null;
                    if (type != IngressPathType.Exact && annotations.IsRegex(text))
                    {
                        (pattern, var problem) = patterns.Get(text);
                        if (pattern is null)
                        {
                            problems.Add($"{ns}/{name}: {problem}");
                            continue;
                        }
                        type = IngressPathType.Regex;
                    }
                    if (backends.Resolve(ns, name, path["backend"] as JsonObject) is not { } backend) continue;
                    var route = new IngressRoute(type, pattern is null ? IngressPaths.Normalize(text, type) : text, backend)
                    {
                        Pattern = pattern,
                        RewriteTarget = annotations.RewriteFor(text),
                        SslRedirect = Redirects(host),
                    };
                    group.Routes.Add(route);
                    routes.Add($"{ns}/{name}: {(host.Length > 0 ? host : "*")}{route.Path} ({type}) → {Describe(backend)}{Annotated(route)}");
                }
            }
            if (backends.Resolve(ns, name, ingress.At("spec", "defaultBackend") as JsonObject) is { } defaultBackend)
            {
                foreach (var host in hosts)
                {
                    groups[host].Default ??= new IngressRoute(IngressPathType.Prefix, "/", defaultBackend) { SslRedirect = Redirects(host) };
                }
                globalDefault ??= new IngressRoute(IngressPathType.Prefix, "/", defaultBackend);
                routes.Add($"{ns}/{name}: default → {Describe(defaultBackend)}");
            }

            foreach (var tls in (ingress.At("spec", "tls") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (tls.StringAt("secretName") is not { Length: > 0 } secretName) continue;
                var (certificate, problem) = secrets.Get(ns, secretName, secretOf(ns, secretName));
                if (certificate is null)
                {
                    problems.Add($"{ns}/{name}: {problem}");
                    continue;
                }
                foreach (var host in SectionHosts(tls, hosts)) certificates.TryAdd(host, certificate);
            }
        }
        pickers.DropUnused();
        secrets.DropUnused();
        patterns.DropUnused();

        var exact = new Dictionary<string, IngressHostRoutes>(StringComparer.Ordinal);
        var wildcards = new Dictionary<string, IngressHostRoutes>(StringComparer.Ordinal);
        IngressHostRoutes? anyHost = null;
        foreach (var (host, group) in groups)
        {
            var hostRoutes = new IngressHostRoutes(group.Routes, group.Default);
            if (host.Length == 0) anyHost = hostRoutes;
            else if (IngressHosts.IsWildcard(host)) wildcards[host[1..]] = hostRoutes;
            else exact[host] = hostRoutes;
        }
        var certificateSet = new IngressCertificates(
            certificates.Where(c => !IngressHosts.IsWildcard(c.Key)).ToDictionary(StringComparer.Ordinal),
            certificates.Where(c => IngressHosts.IsWildcard(c.Key)).ToDictionary(c => c.Key[1..], c => c.Value, StringComparer.Ordinal),
            fallback);
        return new IngressTable(exact, wildcards, anyHost, globalDefault, served.Count, certificateSet, routes, [.. problems.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The hosts of every <c>spec.tls</c> entry, whether or not its Secret serves: ingress-nginx redirects them either way.</summary>
    private static HashSet<string> TlsHosts(JsonObject ingress, IReadOnlyList<string> ruleHosts) =>
        [.. ((ingress.At("spec", "tls") as JsonArray)?.OfType<JsonObject>() ?? []).SelectMany(tls => SectionHosts(tls, ruleHosts))];

    /// <summary>The hosts of one <c>spec.tls</c> entry: those listed, or without any, the hosts of the Ingress's own rules.</summary>
    private static IEnumerable<string> SectionHosts(JsonObject tls, IReadOnlyList<string> ruleHosts) =>
        (tls["hosts"] is JsonArray { Count: > 0 } listed
            ? listed.OfType<JsonValue>().Select(h => h.TryGetValue<string>(out var text) ? text.ToLowerInvariant() : "")
            : ruleHosts).Where(h => h.Length > 0);

    private sealed class HostGroup
    {
        public List<IngressRoute> Routes { get; } = [];

        public IngressRoute? Default { get; set; }
    }
}
