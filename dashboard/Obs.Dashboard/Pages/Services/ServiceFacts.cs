using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Services;

/// <summary>A Service's facts in the words <c>kubectl get/describe service</c> uses, and its endpoints from the EndpointSlices that name it.</summary>
public static class ServiceFacts
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string AvailabilityAnnotation = "obs.dev/slo-availability";
    public const string LatencyAnnotation = "obs.dev/slo-latency";

    /// <summary>"80/TCP,443:30443/TCP" as kubectl's PORT(S) column prints them.</summary>
    public static string Ports(JsonObject service) =>
        (service.At("spec", "ports") as JsonArray)?.OfType<JsonObject>().Select(p =>
            (p.LongAt("nodePort") is { } nodePort ? $"{p.LongAt("port")}:{nodePort}" : $"{p.LongAt("port")}") + "/" + (p.StringAt("protocol") ?? "TCP"))
            .ToList() is { Count: > 0 } ports ? string.Join(",", ports) : "<none>";

    public static string ClusterIp(JsonObject service) => service.StringAt("spec", "clusterIP") ?? "<none>";

    public static string Type(JsonObject service) => service.StringAt("spec", "type") ?? "ClusterIP";

    /// <summary>The endpoints of the service: every address of every slice labelled with its name.</summary>
    public static IReadOnlyList<ServiceEndpoint> Endpoints(JsonObject service, IEnumerable<JsonObject> slices)
    {
        var name = ObjectMeta.Name(service);
        var ns = ObjectMeta.Namespace(service);
        var endpoints = new List<ServiceEndpoint>();
        foreach (var slice in slices.Where(s => ObjectMeta.Namespace(s) == ns && ObjectMeta.Labels(s).Any(l => l.Key == ServiceNameLabel && l.Value == name)))
        {
            var ports = (slice["ports"] as JsonArray)?.OfType<JsonObject>().Select(SlicePort).ToList() ?? [];
            foreach (var endpoint in (slice["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var addresses = (endpoint["addresses"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").ToList() ?? [];
                // A missing ready condition means ready, as EndpointSlice consumers read it.
                var ready = endpoint.BoolAt("conditions", "ready") ?? true;
                var target = endpoint["targetRef"] as JsonObject;
                endpoints.Add(new ServiceEndpoint(string.Join(",", addresses), string.Join(", ", ports), ready,
                    target?.StringAt("kind"), target?.StringAt("namespace") ?? ns, target?.StringAt("name"), endpoint.StringAt("nodeName")));
            }
        }
        return endpoints;
    }

    /// <summary>"http 8080/TCP": a slice port, named when the service port is.</summary>
    private static string SlicePort(JsonObject port)
    {
        var name = port.StringAt("name") is { Length: > 0 } n ? n + " " : "";
        return $"{name}{port.LongAt("port")}/{port.StringAt("protocol") ?? "TCP"}";
    }

    /// <summary>"2/3": ready endpoints of all.</summary>
    public static string ReadyText(IReadOnlyList<ServiceEndpoint> endpoints) => $"{endpoints.Count(e => e.Ready)}/{endpoints.Count}";

    /// <summary>The declared availability objective as a ratio (99.9 → 0.999), or null when none or unreadable.</summary>
    public static double? Availability(JsonObject service) =>
        service.StringAt("metadata", "annotations", AvailabilityAnnotation) is { } text
        && double.TryParse(text.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is > 0 and < 100
            ? percent / 100
            : null;

    public static string? Latency(JsonObject service) => service.StringAt("metadata", "annotations", LatencyAnnotation);

    /// <summary>The Ingress rules that send traffic to this service: "host/path".</summary>
    public static IReadOnlyList<string> IngressRoutes(JsonObject service, IEnumerable<JsonObject> ingresses)
    {
        var name = ObjectMeta.Name(service);
        var routes = new List<string>();
        foreach (var ingress in ingresses.Where(i => ObjectMeta.Namespace(i) == ObjectMeta.Namespace(service)))
        {
            foreach (var rule in (ingress.At("spec", "rules") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                foreach (var path in (rule.At("http", "paths") as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    if (path.StringAt("backend", "service", "name") == name)
                        routes.Add($"{ObjectMeta.Name(ingress)}: {rule.StringAt("host") ?? "*"}{path.StringAt("path") ?? "/"}");
                }
            }
            if (ingress.StringAt("spec", "defaultBackend", "service", "name") == name) routes.Add($"{ObjectMeta.Name(ingress)}: default backend");
        }
        return routes;
    }
}
