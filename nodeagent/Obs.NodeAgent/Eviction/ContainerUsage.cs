namespace Obs.NodeAgent.Eviction;

/// <summary>What one container uses now: memory working set, bytes of its logs, and its processes.</summary>
public sealed record ContainerUsage(string Name, long MemoryBytes, long DiskBytes, long Processes);
