using Obs.Exporter.Exposition;

namespace Obs.Exporter.Telemetry;

/// <summary>
/// Contributes metric families written directly, for hot paths (node collectors reading /proc) that
/// should not pay for instruments and aggregation. Runs on every scrape after the OpenTelemetry metrics,
/// one scrape at a time; a collector that throws loses only its own families.
/// </summary>
public interface IMetricsCollector
{
    void Collect(MetricsWriter writer);
}
