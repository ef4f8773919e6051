using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// Which port of a pod <c>pods/NAME[:PORT]/proxy</c> reaches. As in Kubernetes, no port means the first
/// port the pod declares, and a number is that port. Unlike Kubernetes, where a pod has an address of its
/// own, pods here share their node's network: any port would reach anything on the node (its agent, the
/// database), so only the TCP ports the pod declares are proxied, as only they are port-forwarded. A
/// declared port's name is accepted too, and so is the port the agent moved a declared one to
/// (<see cref="AssignedPorts"/>), since both name the same socket.
/// </summary>
public static class PodProxyPort
{
    /// <summary>
    /// The port to ask the pod's agent for (<see cref="Asked"/>) and where the container really listens
    /// (<see cref="Listening"/>); a Status with the pod's declared ports when <paramref name="port"/> is not one.
    /// </summary>
    public static (int Asked, int Listening) Resolve(JsonObject pod, string podName, string port)
    {
        var declared = (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
            .Select(p => (Port: (int)(p.LongAt("containerPort") ?? 0), Name: p.StringAt("name"), Protocol: p.StringAt("protocol") ?? "TCP"))
            .Where(p => p.Port is > 0 and <= 65535)
            .ToList();
        var why = "pods share their node's network, so only a pod's declared ports are proxied";
        var listed = declared.Count == 0 ? "it declares none" : "it declares " + string.Join(", ", declared.Select(p => p.Name is { Length: > 0 } n ? $"{p.Port}/{p.Protocol} ({n})" : $"{p.Port}/{p.Protocol}"));

        (int Port, string? Name, string Protocol) chosen;
        if (port.Length == 0)
        {
            if (declared.Count == 0) throw ApiErrors.BadRequest($"pod \"{podName}\" declares no containerPort to proxy to: {why}");
            chosen = declared[0];
        }
        else if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number is < 1 or > 65535) throw ApiErrors.BadRequest($"invalid port \"{port}\" for pod \"{podName}\": a port is a number from 1 to 65535 or a port's name");
            var match = declared.FirstOrDefault(p => p.Port == number && p.Protocol == "TCP");
            if (match.Port == 0) match = declared.FirstOrDefault(p => p.Port == number);
            if (match.Port != 0) chosen = match;
            else if (declared.Any(p => p.Protocol == "TCP" && AssignedPorts.Resolve(pod, p.Port) == number)) return (number, number);
            else throw ApiErrors.BadRequest($"pod \"{podName}\" declares no containerPort {number} ({listed}); {why}");
        }
        else
        {
            chosen = declared.FirstOrDefault(p => p.Name == port);
            if (chosen.Port == 0) throw ApiErrors.BadRequest($"pod \"{podName}\" has no port named \"{port}\" ({listed})");
        }
        if (chosen.Protocol != "TCP") throw ApiErrors.BadRequest($"port {chosen.Port} of pod \"{podName}\" is {chosen.Protocol}: the proxy carries HTTP, over TCP");
        return (chosen.Port, (int)AssignedPorts.Resolve(pod, chosen.Port));
    }
}
