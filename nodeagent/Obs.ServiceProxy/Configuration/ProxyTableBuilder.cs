using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Routing;

namespace Obs.ServiceProxy.Configuration;

/// <summary>
/// Turns Services and their EndpointSlices into a <see cref="ProxyTable"/>: for every TCP or UDP service
/// port a listener on each cluster IP, on each node address at the node port (NodePort, LoadBalancer), on
/// each external IP and load-balancer ingress IP; headless and ExternalName services get none.
/// With <c>internalTrafficPolicy: Local</c> (cluster IPs) or <c>externalTrafficPolicy: Local</c> (the
/// rest), those listeners forward only to endpoints whose <c>nodeName</c> is this node.
/// Pure but for the pickers it updates, so a test can feed it objects and read the table.
/// </summary>
internal static class ProxyTableBuilder
{
    /// <summary>kube-proxy's default for <c>sessionAffinityConfig.clientIP.timeoutSeconds</c>: three hours.</summary>
    public const int DefaultAffinitySeconds = 10800;

    public static ProxyTable Build(
        IEnumerable<JsonObject> services,
        Func<string, string, IEnumerable<JsonObject>> slicesOf,
        IReadOnlyList<IPAddress> nodeAddresses,
        EndpointPickers pickers,
        string? nodeName = null)
    {
        var listeners = new Dictionary<ListenerKey, ServicePortTarget>();
        var conflicts = new List<string>();
        var ordered = services.OrderBy(s => ObjectMeta.Namespace(s), StringComparer.Ordinal).ThenBy(s => ObjectMeta.Name(s), StringComparer.Ordinal);
        foreach (var svc in ordered)
        {
            var ns = ObjectMeta.Namespace(svc) ?? "default";
            var name = ObjectMeta.Name(svc);
            if (name is null) continue;
            var type = svc.StringAt("spec", "type") ?? "ClusterIP";
            if (type == "ExternalName") continue;
            if (svc.At("spec", "ports") is not JsonArray ports) continue;

            var clusterIps = ClusterIps(svc);
            var externalIps = Addresses(svc.At("spec", "externalIPs"));
            var ingressIps = type == "LoadBalancer" ? IngressIps(svc) : [];
            var affinity = Affinity(svc);
            var routes = RouteTable.Parse(svc.StringAt("metadata", "annotations", RouteTable.Annotation));
            // Local traffic policies keep traffic on this node's endpoints; without a node name there is nothing to compare.
            var internalLocal = nodeName is not null && svc.StringAt("spec", "internalTrafficPolicy") == "Local";
            var externalLocal = nodeName is not null && svc.StringAt("spec", "externalTrafficPolicy") == "Local";
            List<JsonObject>? slices = null;

            foreach (var port in ports.OfType<JsonObject>())
            {
                var protocolName = port.StringAt("protocol") ?? "TCP";
                var portName = port.StringAt("name") ?? "";
                if (ProtocolSelection.For(protocolName, port.StringAt("appProtocol"), portName) is not { } protocol) continue;
                if (port.LongAt("port") is not { } number || number is <= 0 or > 65535) continue;
                var servicePort = (int)number;

                slices ??= [.. slicesOf(ns, name)];
                var targets = new ServicePortTarget?[2];
                ServicePortTarget TargetFor(bool local)
                {
                    if (targets[local ? 1 : 0] is { } made) return made;
                    var picker = pickers.Get($"{ns}/{name}/{portName}/{protocolName}/{servicePort}{(local ? "/local" : "")}");
                    picker.Update(ServiceEndpoints.Resolve(slices, portName, protocolName, NumericTargetPort(port, servicePort), local ? nodeName : null), affinity);
                    return targets[local ? 1 : 0] = new ServicePortTarget(ns, name, portName, servicePort, protocol, picker,
                        protocol is ProxyProtocol.Http1 or ProxyProtocol.Http2 ? routes : null);
                }
                var udp = protocol == ProxyProtocol.Udp;

                var keys = new List<(ListenerKey Key, bool Local)>();
                keys.AddRange(clusterIps.Select(ip => (new ListenerKey(ip, servicePort, udp), internalLocal)));
                if (type is "NodePort" or "LoadBalancer" && port.LongAt("nodePort") is { } nodePort and > 0 and <= 65535)
                {
                    keys.AddRange(nodeAddresses.Select(ip => (new ListenerKey(ip, (int)nodePort, udp), externalLocal)));
                }
                keys.AddRange(externalIps.Select(ip => (new ListenerKey(ip, servicePort, udp), externalLocal)));
                keys.AddRange(ingressIps.Select(ip => (new ListenerKey(ip, servicePort, udp), externalLocal)));

                foreach (var (key, local) in keys.DistinctBy(k => k.Key))
                {
                    var target = TargetFor(local);
                    if (listeners.TryGetValue(key, out var holder))
                    {
                        if (holder != target) conflicts.Add($"{key} is wanted by {target} and {holder}; {holder} keeps it");
                        continue;
                    }
                    listeners[key] = target;
                }
            }
        }
        pickers.DropUnused();
        return new ProxyTable(listeners, conflicts);
    }

    /// <summary>The service's <c>sessionAffinity: ClientIP</c> timeout, or null for round robin.</summary>
    internal static TimeSpan? Affinity(JsonObject svc) => svc.StringAt("spec", "sessionAffinity") == "ClientIP"
        ? TimeSpan.FromSeconds(svc.LongAt("spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds") is { } t and > 0 ? t : DefaultAffinitySeconds)
        : null;

    internal static long? NumericTargetPort(JsonObject port, int servicePort) => port["targetPort"] switch
    {
        null => servicePort,
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, out var n) => n,
        _ => null,
    };

    private static List<IPAddress> ClusterIps(JsonObject svc)
    {
        var ips = Addresses(svc.At("spec", "clusterIPs"));
        if (ips.Count == 0 && svc.StringAt("spec", "clusterIP") is { } single && IPAddress.TryParse(single, out var ip)) ips.Add(ip);
        // "None" (headless) parses as no address: DNS answers for those, not the proxy.
        return ips;
    }

    private static List<IPAddress> IngressIps(JsonObject svc)
    {
        var ips = new List<IPAddress>();
        if (svc.At("status", "loadBalancer", "ingress") is not JsonArray ingress) return ips;
        foreach (var entry in ingress.OfType<JsonObject>())
        {
            if (entry.StringAt("ip") is { } text && IPAddress.TryParse(text, out var ip)) ips.Add(ip);
        }
        return ips;
    }

    private static List<IPAddress> Addresses(JsonNode? array)
    {
        var ips = new List<IPAddress>();
        if (array is not JsonArray items) return ips;
        foreach (var item in items)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var text) && IPAddress.TryParse(text, out var ip) && !ips.Contains(ip)) ips.Add(ip);
        }
        return ips;
    }
}
