using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Eviction;

/// <summary>A pod the eviction manager may pick, with what its containers use and the pod's totals.</summary>
public sealed record EvictionCandidate(JsonObject Pod, IReadOnlyList<ContainerUsage> Containers, long PodDiskBytes, long PodInodes)
{
    public string Key => $"{ObjectMeta.Namespace(Pod)}/{ObjectMeta.Name(Pod)}";

    public long Priority => Pod.LongAt("spec", "priority") ?? 0;

    public long MemoryUsage => Containers.Sum(c => c.MemoryBytes);

    public long Processes => Containers.Sum(c => c.Processes);

    /// <summary>The pod's request for a resource: the sum over its app containers (0 where none is set).</summary>
    public long Request(string resource) =>
        (Pod.At("spec", "containers") as JsonArray)?.OfType<JsonObject>().Sum(c => ContainerRequest(c, resource)) ?? 0;

    public static long ContainerRequest(JsonObject container, string resource) =>
        container.StringAt("resources", "requests", resource) is { } text && Quantity.TryParse(text, out var q, out _) ? q.Value : 0;

    /// <summary>Usage of the resource the signal starves: memory, bytes on the node's filesystem, inodes, or processes.</summary>
    public long Usage(EvictionSignal signal) => signal switch
    {
        EvictionSignal.MemoryAvailable => MemoryUsage,
        EvictionSignal.NodeFsAvailable => PodDiskBytes,
        EvictionSignal.NodeFsInodesFree => PodInodes,
        _ => Processes,
    };

    /// <summary>The request that usage is held against (no request for inodes or processes).</summary>
    public long RequestFor(EvictionSignal signal) => signal switch
    {
        EvictionSignal.MemoryAvailable => Request("memory"),
        EvictionSignal.NodeFsAvailable => Request("ephemeral-storage"),
        _ => 0,
    };
}
