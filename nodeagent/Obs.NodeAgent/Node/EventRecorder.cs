using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.NodeAgent.Node;

/// <summary>Writes core/v1 Events about pods and the node, as the kubelet's recorder does (source component "kubelet").</summary>
public static class EventRecorder
{
    public static async Task RecordAsync(ApiClient client, JsonObject involvedObject, string type, string reason, string message,
        string nodeName, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var ns = involvedObject["namespace"]?.GetValue<string>() ?? "default";
        var now = NodeHeartbeat.Time(time.GetUtcNow());
        var name = $"{involvedObject["name"]?.GetValue<string>()}.{time.GetUtcNow().ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}";
        try
        {
            await client.CreateAsync(ResourceTypes.Event, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = involvedObject.DeepClone(),
                ["reason"] = reason,
                ["message"] = message,
                ["type"] = type,
                ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = nodeName },
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["reportingComponent"] = "kubelet",
                ["reportingInstance"] = nodeName,
            }, null, cancellationToken);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            // Events are best effort, as in Kubernetes: losing one never stops the agent.
        }
    }
}
