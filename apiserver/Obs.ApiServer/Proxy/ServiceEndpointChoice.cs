using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// One ready endpoint behind a Service, and the port where it serves the Service's port (the EndpointSlice's, so a
/// moved port is followed). <see cref="Pod"/> is null for an endpoint that is no pod (the <c>kubernetes</c>
/// Service's, or one of a hand-made slice), which then has an <see cref="Address"/>. <see cref="Https"/> when the
/// Service port says it speaks TLS (<see cref="ServiceEndpointChoice"/>).
/// </summary>
public sealed record ServiceEndpoint(string Namespace, string? Pod, string? Node, string? Address, int Port, bool Https = false);

/// <summary>
/// Which endpoint <c>services/NAME[:PORT]/proxy</c> reaches, as kube-apiserver chooses it: a port number is
/// the Service port with that number and stands for its name; a name is the Service port's name; then one
/// ready endpoint, at random, of the EndpointSlices that carry a port of that name. Kubernetes answers a
/// Service of one named port asked without a port with 503; here that one port is taken. An endpoint that
/// is a pod is reached through its node's agent; any other is dialed at its address, so it needs one. Unlike
/// Kubernetes, which speaks plain HTTP unless the name says <c>https:</c>, a Service port named <c>https</c> (or
/// <c>https-…</c>) or with <c>appProtocol: https</c> is spoken to over TLS when no scheme is named, so
/// <c>services/kubernetes:https/proxy</c> reaches the apiserver rather than a TLS port that drops plain HTTP.
/// </summary>
public static class ServiceEndpointChoice
{
    public static ServiceEndpoint Choose(JsonObject service, IEnumerable<JsonObject> slices, string port, Random random)
    {
        var name = service.StringAt("metadata", "name") ?? "";
        var ns = service.StringAt("metadata", "namespace") ?? "";
        var ports = (service.At("spec", "ports") as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => (Name: p.StringAt("name") ?? "", Port: p.LongAt("port") ?? 0, AppProtocol: p.StringAt("appProtocol"))).ToList();
        var portName = port;
        if (long.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (!ports.Any(p => p.Port == number))
                throw ApiErrors.ServiceUnavailable($"no service port {number} found for service \"{name}\"");
            portName = ports.First(p => p.Port == number).Name;
        }
        else if (port.Length == 0 && ports.Count == 1)
        {
            portName = ports[0].Name;
        }
        else if (!ports.Any(p => p.Name == portName))
        {
            var has = ports.Count == 0 ? "it has none" : "it has " + string.Join(", ", ports.Select(p => p.Name.Length == 0 ? $"{p.Port}" : $"{p.Name} ({p.Port})"));
            throw ApiErrors.ServiceUnavailable(port.Length == 0
                ? $"no endpoints available for service \"{name}\": name one of its ports, as services/{name}:PORT/proxy ({has})"
                : $"no service port named \"{port}\" found for service \"{name}\" ({has})");
        }

        var https = ports.First(p => p.Name == portName) is var chosen
            && (chosen.AppProtocol == "https" || chosen.Name == "https" || chosen.Name.StartsWith("https-", StringComparison.Ordinal));
        var candidates = new List<ServiceEndpoint>();
        var notReady = 0;
        foreach (var slice in slices)
        {
            var slicePort = (slice["ports"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(p => (p.StringAt("name") ?? "") == portName && (p.StringAt("protocol") ?? "TCP") == "TCP")?.LongAt("port");
            if (slicePort is not (> 0 and <= 65535)) continue;
            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                // A missing ready condition means ready (discovery.k8s.io/v1).
                if (endpoint.BoolAt("conditions", "ready") == false) { notReady++; continue; }
                var address = (endpoint["addresses"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
                var pod = endpoint.StringAt("targetRef", "kind") == "Pod" && endpoint.StringAt("targetRef", "name") is { Length: > 0 } podName ? podName : null;
                if (pod is null && string.IsNullOrEmpty(address)) continue;
                candidates.Add(new ServiceEndpoint(endpoint.StringAt("targetRef", "namespace") ?? ns, pod, endpoint.StringAt("nodeName"), address, (int)slicePort.Value, https));
            }
        }
        if (candidates.Count > 0) return candidates[random.Next(candidates.Count)];
        throw ApiErrors.ServiceUnavailable($"no endpoints available for service \"{name}\": " + (notReady > 0
            ? $"{notReady} of its endpoints {(notReady == 1 ? "is" : "are")} not ready"
            : "no ready endpoint serves that port"));
    }
}
