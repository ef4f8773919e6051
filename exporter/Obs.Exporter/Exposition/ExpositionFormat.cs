namespace Obs.Exporter.Exposition;

/// <summary>The two text formats Prometheus scrapes; chosen per request from its Accept header.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4, the default when a client states no preference we serve.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 text: counters' metadata without <c>_total</c>, <c># UNIT</c>, a closing <c># EOF</c>.</summary>
    OpenMetrics,
}
