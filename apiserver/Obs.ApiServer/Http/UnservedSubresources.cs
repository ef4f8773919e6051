using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>
/// proxy is not served by Obs's node agents (port-forward is: see <see cref="PortForward.PortForwardEndpoint"/>;
/// attach is relayed by <see cref="NodeProxy"/>). The answer says so and where to go instead (kubectl prints the
/// message as it is), rather than call a running node unreachable.
/// </summary>
public static class UnservedSubresources
{
    /// <summary>The error for <paramref name="info"/>'s subresource of <paramref name="obj"/>, which exists.</summary>
    public static ApiException Refusal(RequestInfo info, JsonObject obj)
    {
        var what = $"{info.Type.Plural}/{info.Subresource}";
        if (info.Type != ResourceTypes.Pod)
        {
            var address = info.Type == ResourceTypes.Service ? obj.StringAt("spec", "clusterIP") : null;
            return NotServed(what, address is { Length: > 0 } and not "None"
                ? $"the service \"{info.Name}\" is reached at its cluster IP {address} from any node"
                : $"{info.Type.GroupResource} \"{info.Name}\" is reached directly");
        }
        if (string.IsNullOrEmpty(obj.StringAt("spec", "nodeName")))
            return ApiErrors.BadRequest($"pod {info.Name} does not have a host assigned");
        return NotServed(what, $"pods share their node's network, so pod \"{info.Name}\" is reached at {Address(obj)}");
    }

    private static ApiException NotServed(string what, string instead) =>
        new(405, "MethodNotAllowed", $"{what} is not served by Obs's node agents: {instead}");

    /// <summary>The pod's address and its declared ports, each where the agent started it (see <see cref="AssignedPorts"/>).</summary>
    private static string Address(JsonObject pod)
    {
        var ip = pod.StringAt("status", "podIP") is { Length: > 0 } podIp ? podIp : "its node's address once it runs";
        var ports = (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
            .Select(p => p.LongAt("containerPort")).OfType<long>()
            .Select(declared => AssignedPorts.Resolve(pod, declared) is var assigned && assigned != declared ? $"{assigned} (containerPort {declared})" : $"{declared}")
            .ToList();
        return ports.Count == 0 ? ip : $"{ip} on port {string.Join(", ", ports)}";
    }
}
