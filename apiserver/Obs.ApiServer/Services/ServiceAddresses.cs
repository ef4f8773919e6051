using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Services;

/// <summary>What a Service object holds of the allocated ranges, read from its spec.</summary>
public static class ServiceAddresses
{
    public static string Type(JsonNode? service) => service.StringAt("spec", "type") ?? "ClusterIP";

    /// <summary>The cluster IP the Service holds: none for ExternalName and headless Services.</summary>
    public static string? ClusterIp(JsonNode? service)
    {
        if (Type(service) == "ExternalName") return null;
        var ip = service.StringAt("spec", "clusterIP");
        return string.IsNullOrEmpty(ip) || ip == "None" ? null : ip;
    }

    /// <summary>Whether the Service's ports get node ports (NodePort, and LoadBalancer unless it opts out).</summary>
    public static bool WantsNodePorts(JsonNode? service) => Type(service) switch
    {
        "NodePort" => true,
        "LoadBalancer" => service.BoolAt("spec", "allocateLoadBalancerNodePorts") != false,
        _ => false,
    };

    public static IEnumerable<JsonObject> Ports(JsonNode? service) =>
        (service.At("spec", "ports") as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>Every reservation the stored Service holds, as (kind, value) pairs.</summary>
    public static IEnumerable<(string Kind, string Value)> Held(JsonNode? service)
    {
        if (service is null) yield break;
        if (ClusterIp(service) is { } ip) yield return (ServiceAllocation.ClusterIp, ip);
        if (Type(service) is "ExternalName" or "ClusterIP") yield break;
        foreach (var port in Ports(service))
        {
            if (port.LongAt("nodePort") is { } nodePort and > 0) yield return (ServiceAllocation.NodePort, NodePortValue(nodePort));
        }
    }

    public static string NodePortValue(long port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// What an update that leaves allocated values out keeps from the stored Service, as
    /// Kubernetes does for <c>kubectl apply</c> and PUTs of manifests: the cluster IP (unless the
    /// Service becomes ExternalName) and each port's node port, matched by port and protocol.
    /// </summary>
    public static void CarryOver(JsonObject service, JsonObject old)
    {
        var spec = service.Ensure("spec");
        if (Type(service) != "ExternalName" && string.IsNullOrEmpty(spec.StringAt("clusterIP")) && spec["clusterIPs"] is not JsonArray { Count: > 0 })
        {
            var oldIp = old.StringAt("spec", "clusterIP");
            if (!string.IsNullOrEmpty(oldIp) && Type(old) != "ExternalName")
            {
                spec["clusterIP"] = oldIp;
                spec["clusterIPs"] = old.At("spec", "clusterIPs")?.DeepClone() ?? new JsonArray(oldIp);
            }
        }
        if (!WantsNodePorts(service)) return;
        var oldPorts = Ports(old).Where(p => p.LongAt("nodePort") is > 0)
            .ToLookup(p => (p.LongAt("port") ?? 0, p.StringAt("protocol") ?? "TCP"));
        foreach (var port in Ports(service))
        {
            if (port.LongAt("nodePort") is > 0) continue;
            var match = oldPorts[(port.LongAt("port") ?? 0, port.StringAt("protocol") ?? "TCP")].FirstOrDefault();
            if (match is not null) port["nodePort"] = match["nodePort"]!.DeepClone();
        }
    }
}
