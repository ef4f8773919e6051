using System.Net.Security;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ServiceProxy.Balancing;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Builds the <see cref="IngressTable"/> from the informer caches: the Ingresses of Obs's class
/// (<see cref="ObsIngressClass.Selector"/>), oldest first (by creation, then namespace/name), so that where two
/// Ingresses claim the same host and path, or the same TLS host, the older one keeps it. Pure but for the
/// pickers and parsed certificates it keeps across builds, so a test can feed it objects and read the table.
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
        SslStreamCertificateContext fallback)
    {
        var ours = ObsIngressClass.Selector(classes);
        var served = ingresses.Where(ours)
            .OrderBy(i => i.StringAt("metadata", "creationTimestamp") ?? "", StringComparer.Ordinal)
            .ThenBy(i => ObjectMeta.Namespace(i) ?? "", StringComparer.Ordinal)
            .ThenBy(i => ObjectMeta.Name(i) ?? "", StringComparer.Ordinal)
            .ToList();
        var backends = new IngressBackends(serviceOf, slicesOf, pickers);
        var groups = new Dictionary<string, HostGroup>(StringComparer.Ordinal);
        IngressBackend? globalDefault = null;
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

            var hosts = new List<string>();
            foreach (var rule in (ingress.At("spec", "rules") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var host = (rule.StringAt("host") ?? "").ToLowerInvariant();
                if (!hosts.Contains(host)) hosts.Add(host);
                if (!groups.TryGetValue(host, out var group)) groups[host] = group = new HostGroup();
                foreach (var path in (rule.At("http", "paths") as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    if (IngressPaths.ParseType(path.StringAt("pathType")) is not { } type) continue;
                    if (backends.Resolve(ns, name, path["backend"] as JsonObject) is not { } backend) continue;
                    var route = new IngressRoute(type, IngressPaths.Normalize(path.StringAt("path"), type), backend);
                    group.Routes.Add(route);
                    routes.Add($"{ns}/{name}: {(host.Length > 0 ? host : "*")}{route.Path} ({type}) → {Describe(backend)}");
                }
            }
            if (backends.Resolve(ns, name, ingress.At("spec", "defaultBackend") as JsonObject) is { } defaultBackend)
            {
                foreach (var host in hosts) groups[host].Default ??= defaultBackend;
                globalDefault ??= defaultBackend;
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
                // Without hosts, the certificate is for the hosts of the Ingress's own rules.
                var tlsHosts = tls["hosts"] is JsonArray { Count: > 0 } listed
                    ? listed.OfType<JsonValue>().Select(h => h.TryGetValue<string>(out var text) ? text.ToLowerInvariant() : "")
                    : hosts;
                foreach (var host in tlsHosts.Where(h => h.Length > 0)) certificates.TryAdd(host, certificate);
            }
        }
        pickers.DropUnused();
        secrets.DropUnused();

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

    private sealed class HostGroup
    {
        public List<IngressRoute> Routes { get; } = [];

        public IngressBackend? Default { get; set; }
    }
}
