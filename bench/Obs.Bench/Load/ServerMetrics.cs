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

    /// <summary>The value of a series without labels (a gauge or counter such as <c>obs_dashboard_live_streams</c>), or null when it is not served.</summary>
    public double? Value(string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal)
                && double.TryParse(line[(series.Length + 1)..].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return value;
        }
        return null;
    }

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

    /// <summary>How much a counter grew between two readings, over the series whose labels contain every one given.</summary>
    public static double Increase(ServerMetrics before, ServerMetrics after, string series, params string[] labels) =>
        after.Total(series, labels) - before.Total(series, labels);

    /// <summary>
    /// What the server's .NET runtime allocated and how many gen2 collections it ran between two readings, per operation:
    /// "allocated 12.3 kB per op, 4 gen2 GCs" (empty when the runtime's meter is not served).
    /// </summary>
    public static string AllocatedPerOperation(ServerMetrics before, ServerMetrics after, int operations)
    {
        const string allocated = "dotnet_gc_heap_total_allocated_bytes_total";
        if (operations == 0 || before.Value(allocated) is not { } from || after.Value(allocated) is not { } to) return "";
        const string collections = "dotnet_gc_collections_total";
        const string gen2 = "gc_heap_generation=\"gen2\"";
        return string.Create(CultureInfo.InvariantCulture,
            $"apiserver allocated {(to - from) / operations / 1000:0.0} kB per op, {after.Total(collections, [gen2]) - before.Total(collections, [gen2]):0} gen2 GCs");
    }

    /// <summary>
    /// apiserver_request_total between two readings, summed by verb, resource and subresource
    /// ("PUT pods/status"), largest first: what a component asked of the apiserver meanwhile.
    /// </summary>
    public static IReadOnlyList<(string Request, double Count)> RequestsBetween(ServerMetrics before, ServerMetrics after)
    {
        var counts = after.ByRequest();
        foreach (var (key, value) in before.ByRequest()) counts[key] = counts.GetValueOrDefault(key) - value;
        return [.. counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value))];
    }

    private Dictionary<string, double> ByRequest()
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("apiserver_request_total{", StringComparison.Ordinal)) continue;
            var close = line.LastIndexOf('}');
            var labels = line["apiserver_request_total{".Length..close];
            var key = $"{Label(labels, "verb")} {Label(labels, "resource")}{(Label(labels, "subresource") is { Length: > 0 } sub ? "/" + sub : "")}";
            if (double.TryParse(line[(close + 1)..].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                counts[key] = counts.GetValueOrDefault(key) + v;
        }
        return counts;
    }

    private static string Label(string labels, string name)
    {
        var start = labels.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (start < 0) return "";
        start += name.Length + 2;
        return labels[start..labels.IndexOf('"', start)];
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
