using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Dns;

/// <summary>The store indexes the zone looks names up by.</summary>
public static class ClusterDnsIndexers
{
    /// <summary>EndpointSlices by "namespace/service" from their kubernetes.io/service-name label.</summary>
    public const string SliceService = "dns.service";

    /// <summary>Pods by "namespace/podIP", so pod A records only exist for pods that exist (CoreDNS's "pods verified").</summary>
    public const string PodAddress = "dns.podAddress";

    /// <summary>Services by each of their cluster IPs, for reverse (PTR) lookups.</summary>
    public const string ServiceClusterIp = "dns.clusterIP";

    /// <summary>EndpointSlices by each endpoint address, for reverse (PTR) lookups of headless endpoints.</summary>
    public const string SliceAddress = "dns.address";

    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public static IEnumerable<string> ByServiceClusterIp(JsonObject svc)
    {
        var ips = new HashSet<string>(StringComparer.Ordinal);
        if (svc.StringAt("spec", "clusterIP") is { Length: > 0 } ip && ip != "None") ips.Add(ip);
        foreach (var entry in svc.At("spec", "clusterIPs") as JsonArray ?? [])
        {
            if (entry is JsonValue v && v.TryGetValue<string>(out var more) && more.Length > 0 && more != "None") ips.Add(more);
        }
        return ips;
    }

    public static IEnumerable<string> BySliceAddress(JsonObject slice)
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in slice["endpoints"] as JsonArray ?? [])
        {
            foreach (var address in endpoint?["addresses"] as JsonArray ?? [])
            {
                if (address is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0) addresses.Add(text);
            }
        }
        return addresses;
    }

    public static IEnumerable<string> BySliceService(JsonObject slice) =>
        ObjectMeta.Label(slice, ServiceNameLabel) is { Length: > 0 } service ? [$"{ObjectMeta.Namespace(slice)}/{service}"] : [];

    public static IEnumerable<string> ByPodAddress(JsonObject pod)
    {
        var ns = ObjectMeta.Namespace(pod);
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        if (pod.StringAt("status", "podIP") is { Length: > 0 } ip) addresses.Add(ip);
        foreach (var entry in pod.At("status", "podIPs") as JsonArray ?? [])
        {
            if (entry.StringAt("ip") is { Length: > 0 } more) addresses.Add(more);
        }
        return addresses.Select(a => $"{ns}/{a}");
    }
}
