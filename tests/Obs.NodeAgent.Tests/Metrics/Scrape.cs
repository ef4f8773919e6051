using System.Buffers;
using System.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.NodeAgent.Tests.Metrics;

/// <summary>One scrape of a registry in the Prometheus text format, as <c>/metrics</c> serves it.</summary>
internal static class Scrape
{
    public static string Text(MetricsRegistry registry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        registry.WriteTo(buffer, ExpositionFormat.PrometheusText);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The exposition's lines of one family (its samples, and its HELP and TYPE lines).</summary>
    public static List<string> Family(string text, string name) =>
        text.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) || l.StartsWith($"# HELP {name} ", StringComparison.Ordinal)
            || l.StartsWith($"# TYPE {name} ", StringComparison.Ordinal)).ToList();
}
