using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.PortForward;

/// <summary>
/// Which host port a port-forward to a pod's port reaches. Pods share the node's network, so
/// forwarding to any port would reach anything on the node (this agent, the database): only the
/// TCP ports the pod declares may be reached, each where the container really listens (the port
/// the agent moved it to when the declared one was taken, see <see cref="HostPorts"/>). The port
/// the agent gave is accepted as well as the declared one, since both name the same socket.
/// </summary>
internal static class PodPortTarget
{
    /// <summary>The host port to connect to, or why <paramref name="port"/> cannot be forwarded.</summary>
    public static (int Port, string? Refusal) Resolve(JsonObject pod, IReadOnlyList<(int Declared, int Assigned)> assigned, int port)
    {
        var declared = (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
            .Select(p => (Port: p.LongAt("containerPort") ?? 0, Protocol: p.StringAt("protocol") ?? "TCP"))
            .Where(p => p.Port is > 0 and <= 65535)
            .ToList();
        int Moved(int declaredPort) => assigned.Where(a => a.Declared == declaredPort).Select(a => a.Assigned).DefaultIfEmpty(declaredPort).First();

        if (declared.Any(p => p.Port == port && p.Protocol == "TCP")) return (Moved(port), null);
        if (declared.Where(p => p.Protocol == "TCP").Any(p => Moved((int)p.Port) == port)) return (port, null);
        if (declared.Any(p => p.Port == port))
            return (0, $"port {port} of the pod is {declared.First(p => p.Port == port).Protocol}: port-forward carries TCP only");
        var listed = declared.Count == 0 ? "it declares none" : "it declares " + string.Join(", ", declared.Select(p => $"{p.Port}/{p.Protocol}"));
        return (0, $"the pod declares no containerPort {port} ({listed}); pods share their node's network, so only a pod's declared ports can be forwarded");
    }
}
