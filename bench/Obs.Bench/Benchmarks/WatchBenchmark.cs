using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// Two apiserver processes on one database. Pods are created on A at a modest fixed rate; a watch
/// on B (and, for comparison, one on A) timestamps each ADDED event as its line arrives. The
/// figure is the time from A's acknowledgement (the 201 read by the client) to the event on B.
/// </summary>
internal sealed class WatchBenchmark : IBenchmark
{
    private const string Title = "watch delivery";
    private const double Rate = 50;

    public string Name => "watch";
    public string Description => "write acknowledged on apiserver A → event on a watch on apiserver B";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var database = await context.Cluster.CreateDatabaseAsync("watch", cancellationToken);
        var a = await context.Cluster.StartApiServerAsync("watch-a", database, cancellationToken);
        var b = await context.Cluster.StartApiServerAsync("watch-b", database, cancellationToken);
        using var writer = context.Clients.Create(a.Server);
        using var watcherB = context.Clients.Create(b.Server);
        using var watcherA = context.Clients.Create(a.Server);
        await PodCreator.CreateNamespaceAsync(writer, BenchContext.Namespace, cancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var onB = new ConcurrentDictionary<string, long>();
        var onA = new ConcurrentDictionary<string, long>();
        var readB = await OpenWatchAsync(watcherB, onB, stop.Token);
        var readA = await OpenWatchAsync(watcherA, onA, stop.Token);

        var warmup = settings.Pick(100, 20);
        var writes = warmup + settings.Pick(1_000, 100);
        var sent = new long[writes];
        var acknowledged = new long[writes];
        BenchContext.Progress($"watch: {writes} creates on A at {Rate}/s, watched on B");
        var interval = Stopwatch.Frequency / Rate;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < writes; i++)
        {
            var due = start + (long)(i * interval);
            while (Stopwatch.GetTimestamp() < due) await Task.Delay(1, cancellationToken);
            using var content = PodManifests.Content(PodManifests.Pod(i));
            sent[i] = Stopwatch.GetTimestamp();
            using var response = await writer.PostAsync($"/api/v1/namespaces/{BenchContext.Namespace}/pods", content, cancellationToken);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            acknowledged[i] = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"create on A: {(int)response.StatusCode}");
        }

        // Let the last events arrive.
        var waited = Stopwatch.StartNew();
        while ((onB.Count < writes || onA.Count < writes) && waited.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20, cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(readA, readB);

        var fromAck = Delays(onB, acknowledged, warmup, out var missingB, out var earlyB);
        var fromSend = Delays(onB, sent, warmup, out _, out _);
        var sameProcess = Delays(onA, acknowledged, warmup, out var missingA, out _);
        var measured = writes - warmup;
        var createLatency = new LatencySample(Enumerable.Range(warmup, measured).Select(i => LatencySample.Milliseconds(sent[i], acknowledged[i])));
        var report = context.Report;
        report.Add(new BenchResult(Title, "acknowledged on A → event on B: p50", fromAck.P50, "ms", Target.Max(2, "ms"),
            "PostgreSQL INSERT + trigger NOTIFY round trip: 0.33 ms; kine: up to ~1 s (polling)"));
        report.Add(new BenchResult(Title, "acknowledged on A → event on B: p99", fromAck.P99, "ms", Target.Max(20, "ms"), "PostgreSQL NOTIFY p99: 0.76 ms"));
        report.Add(new BenchResult(Title, "request sent to A → event on B: p50", fromSend.P50, "ms", null, ""));
        report.Add(new BenchResult(Title, "acknowledged on A → event on A (same process): p50", sameProcess.P50, "ms", null, ""));
        report.Note(Title, string.Create(CultureInfo.InvariantCulture,
            $"{measured} creates at {Rate}/s after {warmup} for warm-up; on B: max {fromAck.Max:0.0} ms, {earlyB} events arrived before A's response was read (counted as 0), {missingB} never arrived; " +
            $"request sent → event on B p99 {fromSend.P99:0.00} ms; same process p99 {sameProcess.P99:0.00} ms, {missingA} missing; the create itself (one client) p50 {createLatency.P50:0.00} ms, p99 {createLatency.P99:0.00} ms"));
        await context.Cluster.StopApiServerAsync(b);
        await context.Cluster.StopApiServerAsync(a);
    }

    /// <summary>Opens a watch on the namespace's Pods; the returned task records each ADDED event's arrival until stopped.</summary>
    private static Task<Task> OpenWatchAsync(HttpClient client, ConcurrentDictionary<string, long> arrivals, CancellationToken stop) =>
        PodWatch.OpenAsync(client, null, (arrived, type, pod) =>
        {
            if (type == "ADDED") arrivals.TryAdd(PodWatch.Name(pod), arrived);
        }, stop);

    /// <summary>Event arrival minus the reference time per write after the warm-up; an event that beat the reference counts as 0.</summary>
    private static LatencySample Delays(ConcurrentDictionary<string, long> arrivals, long[] reference, int warmup, out int missing, out int early)
    {
        var delays = new List<double>();
        missing = 0;
        early = 0;
        for (var i = warmup; i < reference.Length; i++)
        {
            if (!arrivals.TryGetValue(PodManifests.PodName(i), out var arrived)) { missing++; continue; }
            var ms = LatencySample.Milliseconds(reference[i], arrived);
            if (ms < 0) { early++; ms = 0; }
            delays.Add(ms);
        }
        return new LatencySample(delays);
    }
}
