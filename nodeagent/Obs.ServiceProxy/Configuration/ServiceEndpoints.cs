using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ServiceProxy.Configuration;

/// <summary>
/// The ready endpoints of one service port, read from the service's EndpointSlices as kube-proxy reads
/// them: the slice port whose name (and protocol) is the service port's carries the resolved number, so a
/// named <c>targetPort</c> works per pod; an endpoint counts unless <c>conditions.ready</c> is false.
/// When none is ready, endpoints still serving while they terminate take the traffic (kube-proxy's
/// fallback), so a rolling update that briefly has only terminating pods does not refuse connections.
/// An optional node filter keeps only endpoints on this node (<c>trafficPolicy: Local</c>).
/// </summary>
internal static class ServiceEndpoints
{
    public static IPEndPoint[] Resolve(IEnumerable<JsonObject> slices, string portName, string protocol, long? numericTargetPort, string? onlyNode = null)
    {
        var result = new List<IPEndPoint>();
        var terminating = new List<IPEndPoint>();
        foreach (var slice in slices)
        {
            var addressType = slice.StringAt("addressType") ?? "IPv4";
            if (addressType is not ("IPv4" or "IPv6")) continue;
            long? port = null;
            if (slice["ports"] is JsonArray { Count: > 0 } ports)
            {
                foreach (var p in ports.OfType<JsonObject>())
                {
                    if ((p.StringAt("name") ?? "") == portName && (p.StringAt("protocol") ?? "TCP") == protocol)
                    {
                        port = p.LongAt("port");
                        break;
                    }
                }
                if (port is null) continue;
            }
            else
            {
                // A hand-written slice without ports: only a numeric targetPort says where to go.
                port = numericTargetPort;
            }
            if (port is not (> 0 and <= 65535)) continue;
            if (slice["endpoints"] is not JsonArray endpoints) continue;
            foreach (var endpoint in endpoints.OfType<JsonObject>())
            {
                if (onlyNode is not null && endpoint.StringAt("nodeName") != onlyNode) continue;
                if (endpoint["addresses"] is not JsonArray { Count: > 0 } addresses) continue;
                if (addresses[0] is not JsonValue first || !first.TryGetValue<string>(out var text) || !IPAddress.TryParse(text, out var address)) continue;
                var ep = new IPEndPoint(address, (int)port.Value);
                if (endpoint.BoolAt("conditions", "ready") != false)
                {
                    if (!result.Contains(ep)) result.Add(ep);
                }
                else if (endpoint.BoolAt("conditions", "serving") == true && endpoint.BoolAt("conditions", "terminating") == true)
                {
                    if (!terminating.Contains(ep)) terminating.Add(ep);
                }
            }
        }
        if (result.Count == 0) result = terminating;
        result.Sort(static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return [.. result];
    }
}
