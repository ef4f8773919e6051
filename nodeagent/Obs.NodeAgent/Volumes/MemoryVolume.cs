using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// An emptyDir with <c>medium: Memory</c> and the size of the tmpfs it gets, worked out as the
/// kubelet does: no more than the pod may use (its memory limit, or here half the node's memory
/// when it has none, tmpfs's own default), and no more than the volume's <c>sizeLimit</c>.
/// </summary>
/// <param name="SizeBytes">Null when nothing bounds it: tmpfs then takes its default, half of the machine's memory.</param>
public sealed record MemoryVolume(string Name, long? SizeBytes)
{
    /// <summary>The <c>mount -o</c> options of its tmpfs.</summary>
    public string MountOptions => SizeBytes is { } size ? "size=" + size.ToString(CultureInfo.InvariantCulture) : "defaults";

    /// <summary>The pod's memory-backed emptyDirs, in spec order.</summary>
    public static List<MemoryVolume> Find(JsonObject pod, long nodeMemoryBytes)
    {
        var result = new List<MemoryVolume>();
        foreach (var volume in (pod.At("spec", "volumes") as JsonArray ?? []).OfType<JsonObject>())
        {
            if (volume["emptyDir"] is not JsonObject emptyDir || emptyDir.StringAt("medium") != "Memory") continue;
            if (volume.StringAt("name") is not { Length: > 0 } name) continue;
            long? size = PodMemoryLimit(pod) ?? (nodeMemoryBytes > 0 ? nodeMemoryBytes / 2 : null);
            if (Bytes(emptyDir["sizeLimit"]) is { } limit && (size is null || limit < size)) size = limit;
            result.Add(new MemoryVolume(name, size));
        }
        return result;
    }

    /// <summary>
    /// The pod's memory limit as its cgroup would have it: the sum of its containers' limits, or the
    /// largest init container's when that is more (they run one at a time, before the rest); none
    /// when any app container has no limit.
    /// </summary>
    public static long? PodMemoryLimit(JsonObject pod)
    {
        long sum = 0;
        var containers = (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (containers.Count == 0) return null;
        foreach (var container in containers)
        {
            if (Limit(container) is not { } limit) return null;
            sum += limit;
        }
        foreach (var init in (pod.At("spec", "initContainers") as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Limit(init) is { } limit && limit > sum) sum = limit;
        }
        return sum;
    }

    private static long? Limit(JsonObject container) => Bytes(container.At("resources", "limits", "memory"));

    private static long? Bytes(JsonNode? node) =>
        node is not null && Quantity.TryFromJson(node, out var quantity, out _) && quantity.Sign > 0 ? quantity.Value : null;
}
