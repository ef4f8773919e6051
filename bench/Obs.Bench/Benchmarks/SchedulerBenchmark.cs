using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// Scheduler throughput as kube-scheduler's own benchmark (scheduler_perf) measures it: pods
/// waiting on hollow nodes, then `obs scheduler` started as its own process, timed until every
/// binding is stored, seen through a watch on the pods. Also the control plane's memory at that size.
/// </summary>
internal sealed class SchedulerBenchmark : IBenchmark
{
    private const string Title = "scheduler";
    private const string Anchor = "kube-scheduler CI floor, 5,000 nodes, 50k pods: 810 pods/s";

    public string Name => "scheduler";
    public string Description => "pods bound per second on 5,000 hollow nodes with 50,000 pods";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var nodes = settings.Pick(5_000, 200);
        var pods = settings.Pick(50_000, 2_000);
        var report = context.Report;
        var apiserver = await context.StartApiServerAsync("scheduler", cancellationToken);
        using var clients = context.Clients.Create(apiserver.Server, settings.Clients);
        BenchContext.Progress($"scheduler: registering {nodes} hollow nodes");
        await HollowNodes.CreateAsync(clients.All, nodes, cancellationToken);
        BenchContext.Progress($"scheduler: creating {pods} pods with no scheduler running");
        var fill = await PodCreator.FillAsync(clients.All, BenchContext.Namespace, pods, cancellationToken);

        var bindings = new BindingWatch(pods);
        using var stop = new CancellationTokenSource();
        var watching = await bindings.OpenAsync(clients.All[0], stop.Token);
        var metricsBefore = await ServerMetrics.ReadAsync(clients.All[0], cancellationToken);
        var cpuBefore = (Api: ProcStat.CpuSeconds(apiserver.Pid), Db: ProcStat.CpuSeconds(context.Cluster.PostmasterPid, withReapedChildren: true));
        BenchContext.Progress("scheduler: starting obs scheduler");
        var started = Stopwatch.GetTimestamp();
        var scheduler = ObsChild.Start(context.Cluster, "scheduler-0", apiserver.Server, "scheduler");
        try
        {
            var deadline = TimeSpan.FromSeconds(Math.Max(120, pods / 50.0));
            while (!bindings.AllBound)
            {
                if (!scheduler.IsRunning) throw new InvalidOperationException($"the scheduler exited; its log:\n{scheduler.Tail()}");
                if (Stopwatch.GetElapsedTime(started) > deadline)
                    throw new TimeoutException($"{bindings.Bound} of {pods} pods bound after {deadline.TotalSeconds:0} s; " +
                        $"{await WatchCacheAudit.DescribeAsync(clients.All[0], apiserver, pods, cancellationToken)}\nthe scheduler's log:\n{scheduler.Tail()}");
                await Task.Delay(100, cancellationToken);
            }
            var schedulerCpu = ProcStat.CpuSeconds(scheduler.Pid);
            var apiCpu = ProcStat.CpuSeconds(apiserver.Pid) - cpuBefore.Api;
            var dbCpu = ProcStat.CpuSeconds(context.Cluster.PostmasterPid, withReapedChildren: true) - cpuBefore.Db;
            var metricsAfter = await ServerMetrics.ReadAsync(clients.All[0], cancellationToken);
            var schedulerRss = scheduler.RssMegabytes ?? double.NaN;
            var apiserverRss = apiserver.RssMegabytes ?? double.NaN;
            var steady = LatencySample.Milliseconds(bindings.FirstBound, bindings.LastBound) / 1000;
            var total = LatencySample.Milliseconds(started, bindings.LastBound) / 1000;
            var title = $"{Title}, {nodes:#,0} hollow nodes, {pods:#,0} pods";
            report.Add(new BenchResult(title, "bindings stored per second, first to last", pods / steady, "/s", Target.Min(2000, "/s"), Anchor));
            report.Add(new BenchResult(title, "process start to every pod bound", total, "s", null, "includes listing the nodes and pods into its informers"));
            report.Add(new BenchResult(title, "control-plane RSS (apiserver + scheduler)", apiserverRss + schedulerRss, "MB", Target.Max(500, "MB"), "k3s server with a workload: 1,596 MB"));
            report.Note(title, string.Create(CultureInfo.InvariantCulture,
                $"scheduler RSS {schedulerRss:0} MB, apiserver RSS {apiserverRss:0} MB; CPU per pod: scheduler {schedulerCpu * 1000 / pods:0.00} ms (its start included), apiserver {apiCpu * 1000 / pods:0.00} ms, postgres {dbCpu * 1000 / pods:0.00} ms; {ServerMetrics.AllocatedPerOperation(metricsBefore, metricsAfter, pods)} (its watch of the pods included); " +
                $"most pods on one node {bindings.MostOnOneNode} (even spread: {(pods + nodes - 1) / nodes}); the pods were created at {fill.PerSecond:0}/s beforehand"));
        }
        finally
        {
            await stop.CancelAsync();
            await scheduler.StopAsync();
            try { await watching; } catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException) { }
            await context.Cluster.StopApiServerAsync(apiserver);
        }
    }

    /// <summary>Follows the benchmark's pods from the current revision and notes when each first names a node.</summary>
    private sealed class BindingWatch(int expected)
    {
        private readonly HashSet<string> _bound = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _perNode = new(StringComparer.Ordinal);
        private int _count;

        public int Bound => Volatile.Read(ref _count);
        public bool AllBound => Bound >= expected;
        public long FirstBound { get; private set; }
        public long LastBound { get; private set; }
        public int MostOnOneNode => _perNode.Count == 0 ? 0 : _perNode.Values.Max();

        public async Task<Task> OpenAsync(HttpClient client, CancellationToken stop)
        {
            var path = $"/api/v1/namespaces/{BenchContext.Namespace}/pods";
            string revision;
            using (var list = await client.GetAsync(path + "?limit=1", stop))
            {
                if (list.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"list pods: {(int)list.StatusCode}");
                using var json = JsonDocument.Parse(await list.Content.ReadAsStreamAsync(stop));
                revision = json.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
            }
            return await PodWatch.OpenAsync(client, revision, (now, _, pod) =>
            {
                if (!pod.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("nodeName", out var node) || node.GetString() is not { Length: > 0 } nodeName) return;
                if (!_bound.Add(PodWatch.Name(pod))) return;
                _perNode[nodeName] = _perNode.GetValueOrDefault(nodeName) + 1;
                if (FirstBound == 0) FirstBound = now;
                LastBound = now;
                Interlocked.Increment(ref _count);
            }, stop);
        }
    }
}
