using System.Diagnostics;

namespace Obs.Bench.Load;

/// <summary>Closed-loop GETs over a fixed number of keep-alive HTTP/1.1 connections for a fixed time.</summary>
internal static class HttpLoad
{
    public sealed record Run(long Requests, TimeSpan Elapsed, LatencySample Latency, long Errors)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
    }

    /// <summary>An HTTP/1.1 client that keeps at most <paramref name="connections"/> connections to a server, for good.</summary>
    public static HttpClient Client(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    { Timeout = TimeSpan.FromSeconds(10), DefaultRequestVersion = System.Net.HttpVersion.Version11 };

    public static async Task<Run> RunAsync(Uri target, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = Client(connections);
        var perWorker = Enumerable.Range(0, connections).Select(_ => new List<double>(4096)).ToArray();
        long errors = 0;
        var clock = Stopwatch.StartNew();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = perWorker[w];
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(target, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                mine.Add(LatencySample.Milliseconds(start, Stopwatch.GetTimestamp()));
            }
        }, cancellationToken)));
        var all = perWorker.SelectMany(l => l).ToList();
        return new Run(all.Count, clock.Elapsed, new LatencySample(all), errors);
    }
}
