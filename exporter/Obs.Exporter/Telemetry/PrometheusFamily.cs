using Obs.Exporter.Exposition;

namespace Obs.Exporter.Telemetry;

/// <summary>How one OpenTelemetry metric stream is exposed; worked out once per stream and cached.</summary>
/// <param name="Unit">The OpenMetrics unit, set only when it is the suffix of the family name.</param>
internal sealed record PrometheusFamily(string Name, MetricFamilyType Type, string? Help, string? Unit)
{
    /// <summary>Marks streams with no Prometheus counterpart here (exponential histograms).</summary>
    public static readonly PrometheusFamily Unsupported = new("", MetricFamilyType.Unknown, null, null);
}
