using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// The node agent: pod startup latency (create sent → Running seen on a watch) at a steady 20 pods/s
/// on one real agent running real processes; its memory idle and with the pods running; and the
/// memory one hollow node costs (`obs agent --hollow N`).
/// </summary>
internal sealed class AgentBenchmark : IBenchmark
{
    private const string Title = "node agent";
    private const int Rate = 20;
    private const string Node = "bench-node";

    public string Name => "agent";
    public string Description => "pod startup latency at 20 pods/s; agent RSS idle and with 100 pods; memory per hollow node";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var pods = context.Settings.Pick(100, 20);
        var report = context.Report;
        var apiserver = await context.StartApiServerAsync("agent", cancellationToken);
        using var client = context.Clients.Create(apiserver.Server);
        BenchContext.Progress($"agent: starting a node agent, {AgentBuild.Description}, and waiting for its node to be Ready");
        var agent = await ObsChild.StartAgentAsync(context.Cluster, "agent-0", apiserver.Server, Node, client, cancellationToken);
        try
        {
            // Startup's CPU (runtime start, first-time JIT, registration) is most of what a fresh agent spends.
            var startupCpu = ProcStat.CpuSeconds(agent.Pid);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var (idle, idleParts) = await IdleMemoryAsync(agent, cancellationToken);

            var running = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            using var stop = new CancellationTokenSource();
            var watching = await PodWatch.OpenAsync(client, null, (now, _, pod) =>
            {
                if (pod.TryGetProperty("status", out var status) && status.TryGetProperty("phase", out var phase) && phase.GetString() == "Running")
                    running.TryAdd(PodWatch.Name(pod), now);
            }, stop.Token);
            var requestsBefore = await ServerMetrics.ReadAsync(client, cancellationToken);
            var cpuBefore = AgentCpu(agent);
            BenchContext.Progress($"agent: creating {pods} pods at {Rate}/s");
            var sent = new long[pods];
            var interval = Stopwatch.Frequency / Rate;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < pods; i++)
            {
                var due = start + i * interval;
                while (Stopwatch.GetTimestamp() < due) await Task.Delay(1, cancellationToken);
                sent[i] = Stopwatch.GetTimestamp();
                using var content = PodManifests.Content(SleeperPod(i, Node));
                using var response = await client.PostAsync($"/api/v1/namespaces/{BenchContext.Namespace}/pods", content, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"creating pod {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            await ObsChildWaits.UntilAsync(() => Task.FromResult(running.Count >= pods), agent, TimeSpan.FromSeconds(60 + pods), $"{pods} pods to be Running", cancellationToken);
            var cpuAfter = AgentCpu(agent);
            var requests = ServerMetrics.RequestsBetween(requestsBefore, await ServerMetrics.ReadAsync(client, cancellationToken));
            await stop.CancelAsync();
            try { await watching; } catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException) { }
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            var loaded = agent.RssMegabytes ?? double.NaN;
            var latency = new LatencySample(Enumerable.Range(0, pods).Select(i => LatencySample.Milliseconds(sent[i], running[PodName(i)])).ToList());
            var title = $"{Title}: pod startup, {pods} pods at {Rate}/s";
            const string slo = "Kubernetes pod startup SLO: p99 ≤ 5 s";
            report.Add(new BenchResult(title, "create sent → Running on a watch: p50", latency.P50, "ms", Target.Max(100, "ms"), slo));
            report.Add(new BenchResult(title, "create sent → Running on a watch: p99", latency.P99, "ms", Target.Max(500, "ms"), slo));
            report.Add(new BenchResult(title, "agent CPU per pod start", (cpuAfter.Own - cpuBefore.Own) * 1000 / pods, "ms", null, ""));
            report.Add(new BenchResult($"{Title}: startup", "agent CPU from process start to its Node Ready", startupCpu * 1000, "ms", null, ""));
            Stages(report, title, await AgentScrape.ReadAsync(client, Node, context.Cluster.Token, cancellationToken), latency);
            report.Add(new BenchResult($"{Title}: memory", "agent RSS idle", idle, "MB", Target.Max(60, "MB"), "k3s agent with a workload: 275 MB"));
            report.Add(new BenchResult($"{Title}: memory", $"agent RSS with {pods} pods running", loaded, "MB", null, ""));
            report.Note($"{Title}: memory", idleParts);
            report.Note(title, string.Create(CultureInfo.InvariantCulture,
                $"pods bound to the node directly (no scheduler in the path), each a real `sleep` process in its own cgroup; max {latency.Max:0} ms; " +
                $"agent CPU per pod start: its own {(cpuAfter.Own - cpuBefore.Own) * 1000 / pods:0.0} ms, its helper processes already reaped (nsenter and the like) {(cpuAfter.Reaped - cpuBefore.Reaped) * 1000 / pods:0.0} ms; " +
                $"apiserver requests per pod while they started (the benchmark's own creates included): {string.Join(", ", requests.Take(6).Select(r => $"{r.Request} {r.Count / pods:0.0}"))}"));

            BenchContext.Progress("agent: deleting the pods");
            // Gracefully (not 0): the agent removes each pod only once its processes have stopped, so an empty list
            // means none is left running after the agent itself is stopped (pods outlive their agent by design).
            using (var delete = await client.DeleteAsync($"/api/v1/namespaces/{BenchContext.Namespace}/pods?gracePeriodSeconds=1", cancellationToken)) { }
            await ObsChildWaits.UntilAsync(async () => await CountPodsAsync(client, cancellationToken) == 0, agent, TimeSpan.FromSeconds(120), "the pods to be gone", cancellationToken);
        }
        finally
        {
            await agent.StopAsync();
        }
        await HollowMemoryAsync(context, apiserver, cancellationToken);
        await context.Cluster.StopApiServerAsync(apiserver);
    }

    /// <summary>
    /// The idle agent's RSS: the median of five readings a second apart, and what it is made of (/proc/PID/status),
    /// since much of it is code rather than data: file pages are the mapped program and libraries (for `obs agent`, its
    /// assemblies, the shared framework and the runtime), shared memory the JIT's code and the runtime's stubs (W^X maps
    /// them through a memfd; a natively compiled agent has none).
    /// </summary>
    private static async Task<(double Rss, string Parts)> IdleMemoryAsync(ObsChild agent, CancellationToken cancellationToken)
    {
        var readings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            if (i > 0) await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            readings.Add(agent.RssMegabytes ?? double.NaN);
        }
        readings.Sort();
        double Part(string key) => ProcStat.StatusMegabytes(agent.Pid, key) ?? double.NaN;
        double Shared(string key) => ProcStat.RollupMegabytes(agent.Pid, key) ?? double.NaN;
        var parts = string.Create(CultureInfo.InvariantCulture,
            $"agent: {AgentBuild.Description}; idle RSS readings {string.Join(", ", readings.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))} MB (median reported); " +
            $"of the last: anonymous {Part("RssAnon"):0.0} MB (managed heap, native allocations, stacks), file {Part("RssFile"):0.0} MB (the mapped program, assemblies and libraries), " +
            $"shared {Part("RssShmem"):0.0} MB (JIT'd code and runtime stubs: none in a native agent); proportional set size {Shared("Pss"):0.0} MB, of which file {Shared("Pss_File"):0.0} MB " +
            $"(the file pages' share left once divided among the processes mapping them: the .NET runtime and framework are mapped by every JIT'd .NET process here)");
        return (readings[2], parts);
    }

    /// <summary>Memory per hollow node: the RSS of an agent process running many, less one running few, per extra node.</summary>
    private static async Task HollowMemoryAsync(BenchContext context, ApiServerChild apiserver, CancellationToken cancellationToken)
    {
        var (few, many) = (10, context.Settings.Pick(500, 50));
        using var client = context.Clients.Create(apiserver.Server);
        var rss = new Dictionary<int, double>();
        foreach (var count in new[] { few, many })
        {
            BenchContext.Progress($"agent: {count} hollow nodes in one process");
            var prefix = $"h{count}-";
            var hollow = ObsChild.StartAgent(context.Cluster, $"hollow-{count}", apiserver.Server, "--hollow", count.ToString(CultureInfo.InvariantCulture), "--name-prefix", prefix);
            try
            {
                await ObsChildWaits.UntilAsync(async () => await ObsChildWaits.ReadyNodesAsync(client, prefix, cancellationToken) >= count, hollow, TimeSpan.FromSeconds(120), $"{count} hollow nodes to be Ready", cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                rss[count] = hollow.RssMegabytes ?? double.NaN;
            }
            finally
            {
                await hollow.StopAsync();
            }
        }
        var perNode = (rss[many] - rss[few]) * 1024 / (many - few);
        context.Report.Add(new BenchResult($"{Title}: memory", "RSS per hollow node", perNode, "KB", Target.Max(100, "KB"), "Kubemark hollow node: 220 MB each"));
        context.Report.Note($"{Title}: memory", string.Create(CultureInfo.InvariantCulture,
            $"hollow agents: {few} nodes {rss[few]:0} MB, {many} nodes {rss[many]:0} MB; per node = the difference / {many - few}"));
    }

    /// <summary>
    /// Where a start's time goes: the agent's own milestones of each pod's first start (obs_agent_pod_start_stage_seconds,
    /// from when it first saw the pod), as means, beside the mean the watch saw; the difference is the pod reaching the
    /// agent's informer and the Running status reaching the watch.
    /// </summary>
    private static void Stages(ResultsReport report, string title, ServerMetrics agent, LatencySample latency)
    {
        string[] stages = ["sync_started", "sandbox_created", "volumes_prepared", "containers_started", "status_running_written"];
        var means = new List<string>();
        foreach (var stage in stages)
        {
            var (sum, count) = agent.Histogram("obs_agent_pod_start_stage_seconds", $"stage=\"{stage}\"");
            var mean = count > 0 ? sum / count * 1000 : double.NaN;
            report.Add(new BenchResult(title, $"agent first saw the pod → {stage.Replace('_', ' ')}: mean", mean, "ms", null, ""));
            means.Add(string.Create(CultureInfo.InvariantCulture, $"{stage} {mean:0} ms ({count:0} pods)"));
        }
        var watched = latency.Mean.ToString("0", CultureInfo.InvariantCulture);
        report.Note(title, $"stages, means from the agent first seeing each pod: {string.Join(", ", means)}; create sent → Running on the watch: mean {watched} ms, " +
            "the rest being the pod reaching the agent's informer and the Running status reaching the watch");
    }

    /// <summary>The agent's CPU seconds: its own, and those of the helper processes it has reaped.</summary>
    private static (double Own, double Reaped) AgentCpu(ObsChild agent)
    {
        var own = ProcStat.CpuSeconds(agent.Pid);
        return (own, ProcStat.CpuSeconds(agent.Pid, withReapedChildren: true) - own);
    }

    private static string PodName(int index) => "start-" + index.ToString("D4", CultureInfo.InvariantCulture);

    private static byte[] SleeperPod(int index, string node) => Encoding.UTF8.GetBytes($$$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{{PodName(index)}}}}","labels":{"app":"start"}},
         "spec":{"nodeName":"{{{{node}}}}","terminationGracePeriodSeconds":0,"containers":[{"name":"app","image":"busybox","command":["sleep","3600"],
         "resources":{"limits":{"cpu":"10m","memory":"16Mi"}}}]}}
        """);

    private static async Task<int> CountPodsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/v1/namespaces/{BenchContext.Namespace}/pods", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return json.RootElement.GetProperty("items").GetArrayLength();
    }

}
