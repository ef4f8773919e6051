using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Routing;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Turns an Ingress backend (<c>service.name</c> and <c>service.port.number</c> or <c>.name</c>) into the
/// service port the forwarder sends to: the port's ready endpoints from its EndpointSlices, read as the
/// service proxy reads them, balanced by one picker per service port (round robin, or the service's
/// <c>sessionAffinity: ClientIP</c>) shared by every Ingress that routes there. The port's
/// <c>appProtocol</c> or name chooses HTTP/2 cleartext (<c>h2c</c>, <c>grpc</c>); anything else is HTTP/1.1,
/// as Ingress backends are HTTP. One instance per table build.
/// </summary>
internal sealed class IngressBackends(
    Func<string, string, JsonObject?> serviceOf,
    Func<string, string, IEnumerable<JsonObject>> slicesOf,
    EndpointPickers pickers)
{
    private readonly Dictionary<string, IngressBackend> _made = new(StringComparer.Ordinal);
    private readonly HashSet<string> _updated = new(StringComparer.Ordinal);

    public IngressBackend? Resolve(string ns, string ingress, JsonObject? backend)
    {
        if (backend is null) return null;
        if (backend["service"] is not JsonObject service)
        {
            var kind = backend.StringAt("resource", "kind") ?? "resource";
            return new IngressBackend(ns, ingress, "", "", null, $"ingress {ns}/{ingress}: {kind} backends are not served by the Obs ingress proxy\n");
        }
        var name = service.StringAt("name") ?? "";
        var portName = service.StringAt("port", "name") is { Length: > 0 } n ? n : null;
        var portNumber = service.LongAt("port", "number");
        var portText = portName ?? portNumber?.ToString(CultureInfo.InvariantCulture) ?? "";
        // Per namespace too: Ingresses of one name in two namespaces must not share their backends.
        var key = $"{ns}/{ingress}/{name}/{portText}";
        if (_made.TryGetValue(key, out var made)) return made;
        return _made[key] = Make(ns, ingress, name, portName, portNumber, portText);
    }

    private IngressBackend Make(string ns, string ingress, string name, string? portName, long? portNumber, string portText)
    {
        IngressBackend Problem(string message) => new(ns, ingress, name, portText, null, message + "\n");
        if (serviceOf(ns, name) is not { } svc) return Problem($"service {ns}/{name} not found");
        if (svc.StringAt("spec", "type") == "ExternalName") return Problem($"service {ns}/{name} is an ExternalName service, which the ingress proxy does not serve");
        var port = (svc.At("spec", "ports") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p =>
            (p.StringAt("protocol") ?? "TCP") == "TCP"
            && (portName is not null ? p.StringAt("name") == portName : p.LongAt("port") == portNumber));
        if (port?.LongAt("port") is not { } number || number is <= 0 or > 65535) return Problem($"service {ns}/{name} has no TCP port {portText}");

        var servicePort = (int)number;
        var servicePortName = port.StringAt("name") ?? "";
        var pickerKey = $"{ns}/{name}/{servicePortName}/TCP/{servicePort}";
        var picker = pickers.Get(pickerKey);
        if (_updated.Add(pickerKey))
        {
            var endpoints = ServiceEndpoints.Resolve(slicesOf(ns, name), servicePortName, "TCP", ProxyTableBuilder.NumericTargetPort(port, servicePort));
            picker.Update(endpoints, ProxyTableBuilder.Affinity(svc));
        }
        var protocol = ProtocolSelection.For("TCP", port.StringAt("appProtocol"), servicePortName) == ProxyProtocol.Http2 ? ProxyProtocol.Http2 : ProxyProtocol.Http1;
        var routes = RouteTable.Parse(svc.StringAt("metadata", "annotations", RouteTable.Annotation));
        var target = new ServicePortTarget(ns, name, servicePortName, servicePort, protocol, picker, routes) { Ingress = ingress };
        return new IngressBackend(ns, ingress, name, portText, target, null);
    }
}
