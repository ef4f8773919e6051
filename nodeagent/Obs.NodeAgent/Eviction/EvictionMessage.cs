using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Eviction;

/// <summary>
/// The pod's status message (and the Evicted event's) in the kubelet's words: "The node was low
/// on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container main was using
/// 2Gi, request is 0, has larger consumption of memory. " — containers named only for memory and
/// ephemeral storage, and only those using more than they request.
/// </summary>
public static class EvictionMessage
{
    public static string For(EvictionCandidate pod, EvictionThreshold threshold, SignalObservation observation)
    {
        var resource = EvictionSignals.Resource(threshold.Signal);
        var message = new StringBuilder();
        message.Append($"The node was low on resource: {resource}. ");
        message.Append($"Threshold quantity: {threshold.QuantityText(observation.Capacity)}, available: {EvictionThreshold.Format(threshold.Signal, observation.Available)}. ");
        if (threshold.Signal is EvictionSignal.MemoryAvailable or EvictionSignal.NodeFsAvailable)
        {
            foreach (var container in (pod.Pod.At("spec", "containers") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var name = container.StringAt("name") ?? "";
                if (pod.Containers.FirstOrDefault(c => c.Name == name) is not { } usage) continue;
                var used = threshold.Signal == EvictionSignal.MemoryAvailable ? usage.MemoryBytes : usage.DiskBytes;
                var requested = container.StringAt("resources", "requests", resource) is { } text && Quantity.TryParse(text, out var q, out _) ? q : Quantity.Zero;
                if (used <= requested.Value) continue;
                message.Append($"Container {name} was using {Quantity.FromInt(used, QuantityFormat.BinarySI)}, request is {requested}, has larger consumption of {resource}. ");
            }
        }
        return message.ToString();
    }
}
