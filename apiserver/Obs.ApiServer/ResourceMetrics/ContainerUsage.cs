namespace Obs.ApiServer.ResourceMetrics;

/// <summary>A container's usage over one window: CPU in nanocores (cores × 10⁹) and its working set in bytes.</summary>
public sealed record ContainerUsage(string Name, long CpuNanoCores, long MemoryBytes);
