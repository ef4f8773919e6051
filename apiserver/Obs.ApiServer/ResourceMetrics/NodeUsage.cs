namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// One node's usage over the last window and its pods'. <see cref="CpuNanoCores"/> and
/// <see cref="MemoryBytes"/> are null when the agent did not report the node itself.
/// </summary>
public sealed record NodeUsage(string Node, DateTimeOffset Timestamp, TimeSpan Window, long? CpuNanoCores, long? MemoryBytes, IReadOnlyList<PodUsage> Pods);
