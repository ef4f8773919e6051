namespace Obs.Exporter.Exposition;

/// <summary>The Content-Type of each format; Prometheus 3 fails a scrape whose Content-Type it cannot read.</summary>
public static class ContentTypes
{
    public const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    public static string For(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetrics : PrometheusText;
}
