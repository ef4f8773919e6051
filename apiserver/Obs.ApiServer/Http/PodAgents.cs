using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Http;

/// <summary>
/// From a pod to the agent of its node: the lookup that logs, exec, attach, port-forward and the proxy
/// subresources share. Each caller words its own refusals (port-forward calls an unregistered node the
/// caller's 404, exec a 503), so this only finds the pieces.
/// </summary>
public static class PodAgents
{
    /// <summary>The node the pod is bound to; a pod without one gets Kubernetes' 400.</summary>
    public static string BoundNode(JsonObject pod, string podName) =>
        pod.StringAt("spec", "nodeName") is { Length: > 0 } node ? node : throw ApiErrors.BadRequest($"pod {podName} does not have a host assigned");

    /// <summary>The Node (null when it is not registered) and where its agent listens (null when it publishes no endpoint or pin).</summary>
    public static async Task<(JsonObject? Node, (string Host, long Port, string Pin)? Agent)> FindAsync(ObjectRegistry registry, string nodeName, CancellationToken cancellationToken)
    {
        JsonObject? node = null;
        try { node = await registry.GetAsync(ResourceTypes.Node, null, nodeName, cancellationToken); }
        catch (ApiException e) when (e.Code == 404) { }
        return (node, NodeProxy.AgentEndpoint(node));
    }
}
