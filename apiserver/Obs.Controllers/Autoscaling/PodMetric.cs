namespace Obs.Controllers.Autoscaling;

/// <summary>One pod's usage of a resource in milli-units (millicores, or bytes × 1000), measured over <see cref="Window"/> up to <see cref="Timestamp"/>.</summary>
public sealed record PodMetric(long Milli, DateTimeOffset Timestamp, TimeSpan Window);
