using System.Diagnostics;
using System.Globalization;
using System.Net;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// The apiserver's resident memory (VmRSS of its process) with 50,000 Pods stored: after storing
/// them through it, after a full LIST, and after a restart that loads them from PostgreSQL; and,
/// at that size, how long a scrape of the cluster-state metrics takes.
/// </summary>
internal sealed class MemoryBenchmark : IBenchmark
{
    private const string Target500 = "target is the whole control plane";
    private const string K3s = "k3s server with a workload: 1,596 MB";

    public string Name => "memory";
    public string Description => "apiserver RSS with 50,000 Pods stored";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var pods = settings.Pick(50_000, 2_000);
        var title = $"apiserver RSS, {pods:#,0} Pods";
        var database = await context.Cluster.CreateDatabaseAsync("memory", cancellationToken);
        var apiserver = await context.Cluster.StartApiServerAsync("memory", database, cancellationToken);
        var report = context.Report;
        using (var clients = context.Clients.Create(apiserver.Server, settings.Clients))
        {
            await PodCreator.CreateNamespaceAsync(clients.All[0], BenchContext.Namespace, cancellationToken);
            var idle = apiserver.RssMegabytes ?? double.NaN;
            BenchContext.Progress($"memory: storing {pods} Pods");
            var fill = await PodCreator.FillAsync(clients.All, BenchContext.Namespace, pods, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            report.Add(new BenchResult(title, "after creating them through the apiserver", apiserver.RssMegabytes ?? double.NaN, "MB", Target.Max(500, "MB"), K3s, Target500));
            var heapCreated = await ManagedHeap.ReadAsync(clients.All[0], cancellationToken);
            var list = await ListAllAsync(clients.All[0], cancellationToken);
            report.Add(new BenchResult(title, "after a full LIST (JSON)", apiserver.RssMegabytes ?? double.NaN, "MB", Target.Max(500, "MB"), K3s, Target500));
            report.Note(title, $"managed heap after creating: {heapCreated}; after the LIST: {await ManagedHeap.ReadAsync(clients.All[0], cancellationToken)}");
            report.Add(new BenchResult(title, "peak (VmHWM) so far", apiserver.PeakRssMegabytes ?? double.NaN, "MB", null, ""));
            report.Note(title, string.Create(CultureInfo.InvariantCulture,
                $"RSS idle with no Pods {idle:0} MB; stored {pods} Pods at {fill.PerSecond:0}/s (p99 {fill.Latency.P99:0.0} ms); the full LIST of {list.Bytes / 1e6:0} MB took {list.Elapsed.TotalMilliseconds:0} ms"));
            await ClusterStateScrapes.RunAsync(context, clients.All[0], apiserver.Pid, pods, cancellationToken);
        }

        // A fresh process builds its watch cache from PostgreSQL: its memory and its start time.
        await context.Cluster.StopApiServerAsync(apiserver);
        BenchContext.Progress("memory: restarting the apiserver over the stored Pods");
        var restart = Stopwatch.StartNew();
        apiserver = await context.Cluster.StartApiServerAsync("memory-restarted", database, cancellationToken);
        var ready = restart.Elapsed;
        report.Add(new BenchResult(title, "fresh process, after loading them from PostgreSQL", apiserver.RssMegabytes ?? double.NaN, "MB", Target.Max(500, "MB"), K3s, Target500));
        using (var clients = context.Clients.Create(apiserver.Server, 1))
            report.Note(title, $"managed heap of the fresh process: {await ManagedHeap.ReadAsync(clients.All[0], cancellationToken)}");
        report.Add(new BenchResult(title, "fresh process: start until /readyz", ready.TotalSeconds, "s", null, ""));
        await context.Cluster.StopApiServerAsync(apiserver);
    }

    private static async Task<(long Bytes, TimeSpan Elapsed)> ListAllAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/v1/pods", HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"LIST /api/v1/pods: {(int)response.StatusCode}");
        var bytes = (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
        return (bytes, clock.Elapsed);
    }
}
