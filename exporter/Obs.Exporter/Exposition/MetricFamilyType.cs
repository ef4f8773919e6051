namespace Obs.Exporter.Exposition;

/// <summary>The family types both text formats share (summaries are left out: nothing in Obs records them).</summary>
public enum MetricFamilyType
{
    Counter,
    Gauge,
    Histogram,

    /// <summary>Written as <c>untyped</c> in the Prometheus text format and <c>unknown</c> in OpenMetrics.</summary>
    Unknown,
}
