namespace Obs.ApiServer.ResourceMetrics;

/// <summary>A pod's containers' usage, measured over <see cref="Window"/> ending at <see cref="Timestamp"/>.</summary>
public sealed record PodUsage(string Namespace, string Name, DateTimeOffset Timestamp, TimeSpan Window, IReadOnlyList<ContainerUsage> Containers);
