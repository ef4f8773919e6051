using System.Globalization;

namespace Obs.Bench.Load;

/// <summary>
/// Sums of the apiserver's own histograms (from /metrics), read before and after a phase: the
/// mean time the server spent per request and per PostgreSQL operation, to tell where the time went.
/// </summary>
internal sealed class ServerMetrics(string text)
{
    public static async Task<ServerMetrics> ReadAsync(HttpClient client, CancellationToken cancellationToken) =>
        new(await client.GetStringAsync("/metrics", cancellationToken));

    /// <summary>Sum and count of a histogram over the series whose labels contain every one given.</summary>
    public (double Sum, double Count) Histogram(string name, params string[] labels) =>
        (Total(name + "_sum", labels), Total(name + "_count", labels));

    /// <summary>Mean milliseconds per observation between two readings, or NaN.</summary>
    public static double MeanMilliseconds(ServerMetrics before, ServerMetrics after, string name, params string[] labels)
    {
        var (s0, c0) = before.Histogram(name, labels);
        var (s1, c1) = after.Histogram(name, labels);
        return c1 > c0 ? (s1 - s0) / (c1 - c0) * 1000 : double.NaN;
    }

    private double Total(string series, string[] labels)
    {
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(series + "{", StringComparison.Ordinal)) continue;
            var close = line.LastIndexOf('}');
            var labelText = line[..close];
            if (!labels.All(l => labelText.Contains(l, StringComparison.Ordinal))) continue;
            var value = line[(close + 1)..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) total += v;
        }
        return total;
    }
}
