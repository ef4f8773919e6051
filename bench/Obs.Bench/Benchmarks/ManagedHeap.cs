using System.Globalization;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// The .NET heap of a process, from its /metrics (the runtime meter's figures as of its last GC): what of
/// its resident memory is live managed data, and what the GC holds committed beyond it.
/// </summary>
internal static class ManagedHeap
{
    public static async Task<string> ReadAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync("/metrics", cancellationToken);
        var live = Sum(text, "dotnet_gc_last_collection_heap_size_bytes");
        var committed = Sum(text, "dotnet_gc_last_collection_memory_committed_size_bytes");
        return string.Create(CultureInfo.InvariantCulture, $"{live / 1e6:0} MB live, {committed / 1e6:0} MB committed");
    }

    /// <summary>The sum of a family's samples (one per heap generation); NaN when the family is absent.</summary>
    private static double Sum(string exposition, string family)
    {
        var found = false;
        var sum = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(family, StringComparison.Ordinal) || line.Length <= family.Length || line[family.Length] is not ('{' or ' ')) continue;
            found = true;
            sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return found ? sum : double.NaN;
    }
}
