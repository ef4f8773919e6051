namespace Obs.ApiServer.ResourceMetrics;

/// <summary>What one scrape of an agent's <c>/metrics/resource</c> said, and when the apiserver read it.</summary>
public sealed record ResourceScrape(DateTimeOffset At, double? NodeCpuSeconds, double? NodeMemoryBytes, IReadOnlyList<ContainerSample> Containers);
