using System.Globalization;

namespace Obs.Exporter.Tests.Collectors;

/// <summary>Samples of a Prometheus text exposition by their series (name plus labels as written).</summary>
internal static class ExpositionSamples
{
    public static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return samples;
    }

    public static string Name(string series) => series.IndexOf('{', StringComparison.Ordinal) is var brace and >= 0 ? series[..brace] : series;

    /// <summary>The value of one label in a series as written, e.g. <c>cpu</c> of <c>node_cpu_seconds_total{cpu="0",mode="idle"}</c>.</summary>
    public static string? Label(string series, string label)
    {
        var start = series.IndexOf(label + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += label.Length + 2;
        return series[start..series.IndexOf('"', start)];
    }
}
