using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Obs.Exporter.Telemetry;

/// <summary>
/// The in-memory end of the pull pipeline: the reader's <c>Collect()</c>, called on each scrape, hands the
/// aggregated streams here, and they are written out before Export returns, while the SDK keeps them stable.
/// </summary>
/// <remarks>
/// Deliberately without <c>[ExportModes(ExportModes.Pull)]</c>: the SDK only lets a pull-only exporter be
/// collected inside its internal pull scope, and a plain <c>Collect()</c> would quietly return false.
/// </remarks>
internal sealed class ScrapeExporter : BaseExporter<Metric>
{
    private readonly List<Metric> metrics = [];

    /// <summary>Set by the registry for the length of one scrape; a collect outside a scrape (shutdown) writes nothing.</summary>
    public Action<List<Metric>>? Scrape { get; set; }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var scrape = Scrape;
        if (scrape is null)
        {
            return ExportResult.Success;
        }
        metrics.Clear();
        foreach (var metric in batch)
        {
            metrics.Add(metric);
        }
        scrape(metrics);
        metrics.Clear();
        return ExportResult.Success;
    }
}
