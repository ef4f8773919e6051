namespace Obs.ApiServer.ResourceMetrics;

/// <summary>One container's series from a <c>/metrics/resource</c> scrape: cumulative CPU seconds, working set bytes, start time.</summary>
public sealed record ContainerSample(string Namespace, string Pod, string Container, double? CpuSeconds, double? MemoryBytes, double? StartTime);
