using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// The whole control loop at work: a Deployment of 1,000 replicas created on a cluster of 100 hollow
/// nodes (`obs agent --hollow`, which report each bound pod Running and Ready), with `obs controllers`
/// and `obs scheduler` running as `obs up` runs them, timed until the Deployment reports every replica
/// available. Also the control plane's memory and each part's CPU per pod.
/// </summary>
internal sealed class DeploymentBenchmark : IBenchmark
{
    private const string DeploymentName = "bench-web";

    public string Name => "deployment";
    public string Description => "a Deployment of 1,000 replicas to all available on 100 hollow nodes";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var nodes = settings.Pick(100, 10);
        var replicas = settings.Pick(1_000, 100);
        var apiserver = await context.StartApiServerAsync("deployment", cancellationToken);
        using var client = context.Clients.Create(apiserver.Server);
        var children = new List<ObsChild>();
        try
        {
            BenchContext.Progress($"deployment: {nodes} hollow nodes, the controllers and the scheduler");
            var hollow = ObsChild.StartAgent(context.Cluster, "deployment-nodes", apiserver.Server, "--hollow", nodes.ToString(CultureInfo.InvariantCulture), "--name-prefix", "dep-");
            children.Add(hollow);
            await ObsChildWaits.UntilAsync(async () => await ObsChildWaits.ReadyNodesAsync(client, "dep-", cancellationToken) >= nodes, hollow, TimeSpan.FromSeconds(120), $"{nodes} hollow nodes to be Ready", cancellationToken);
            var controllers = ObsChild.Start(context.Cluster, "deployment-controllers", apiserver.Server, "controllers");
            children.Add(controllers);
            var scheduler = ObsChild.Start(context.Cluster, "deployment-scheduler", apiserver.Server, "scheduler");
            children.Add(scheduler);
            // Both lead before the clock starts: the figure is the work, not an election.
            await ObsChildWaits.UntilAsync(() => LeaseHeldAsync(client, "obs-controller-manager", cancellationToken), controllers, TimeSpan.FromSeconds(60), "the controller manager's Lease", cancellationToken);
            await ObsChildWaits.UntilAsync(() => LeaseHeldAsync(client, "obs-scheduler", cancellationToken), scheduler, TimeSpan.FromSeconds(60), "the scheduler's Lease", cancellationToken);

            var cpuBefore = children.Select(c => ProcStat.CpuSeconds(c.Pid)).ToList();
            var apiCpuBefore = ProcStat.CpuSeconds(apiserver.Pid);
            var dbCpuBefore = ProcStat.CpuSeconds(context.Cluster.PostmasterPid, withReapedChildren: true);
            BenchContext.Progress($"deployment: creating {DeploymentName} with {replicas} replicas");
            var started = Stopwatch.GetTimestamp();
            using (var content = PodManifests.Content(Deployment(replicas)))
            using (var created = await client.PostAsync($"/apis/apps/v1/namespaces/{BenchContext.Namespace}/deployments", content, cancellationToken))
            {
                if (created.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"create deployment: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(cancellationToken)}");
            }
            double? allCreated = null;
            var deadline = TimeSpan.FromSeconds(Math.Max(120, replicas / 5.0));
            while (true)
            {
                var (current, available) = await StatusAsync(client, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (allCreated is null && current >= replicas) allCreated = elapsed.TotalSeconds;
                if (available >= replicas) break;
                foreach (var child in children)
                    if (!child.IsRunning) throw new InvalidOperationException($"{child.Name} exited; its log:\n{child.Tail()}");
                if (elapsed > deadline)
                    throw new TimeoutException($"{available} of {replicas} replicas available ({current} created) after {deadline.TotalSeconds:0} s;\nthe controllers' log:\n{controllers.Tail()}\nthe scheduler's log:\n{scheduler.Tail()}");
                await Task.Delay(50, cancellationToken);
            }
            var total = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var cpu = children.Select((c, i) => (ProcStat.CpuSeconds(c.Pid) - cpuBefore[i]) * 1000 / replicas).ToList();
            var apiCpu = (ProcStat.CpuSeconds(apiserver.Pid) - apiCpuBefore) * 1000 / replicas;
            var dbCpu = (ProcStat.CpuSeconds(context.Cluster.PostmasterPid, withReapedChildren: true) - dbCpuBefore) * 1000 / replicas;
            var rss = (Api: apiserver.RssMegabytes ?? double.NaN, Controllers: controllers.RssMegabytes ?? double.NaN, Scheduler: scheduler.RssMegabytes ?? double.NaN);

            var title = $"Deployment of {replicas:#,0} replicas, {nodes} hollow nodes";
            context.Report.Add(new BenchResult(title, "create sent → every replica available", total, "s", null, "no published figure; the churn SLO envelope is 20 pod changes/s"));
            context.Report.Add(new BenchResult(title, "create sent → every pod created (status.replicas)", allCreated ?? double.NaN, "s", null, ""));
            context.Report.Add(new BenchResult(title, "control-plane RSS (apiserver + controllers + scheduler)", rss.Api + rss.Controllers + rss.Scheduler, "MB", Target.Max(500, "MB"), "k3s server with a workload: 1,596 MB"));
            context.Report.Note(title, string.Create(CultureInfo.InvariantCulture,
                $"{replicas / total:0} pods/s to available; RSS apiserver {rss.Api:0} MB, controllers {rss.Controllers:0} MB, scheduler {rss.Scheduler:0} MB; " +
                $"CPU per pod: apiserver {apiCpu:0.00} ms, postgres {dbCpu:0.00} ms, controllers {cpu[1]:0.00} ms, scheduler {cpu[2]:0.00} ms, hollow nodes {cpu[0]:0.00} ms"));
        }
        finally
        {
            foreach (var child in Enumerable.Reverse(children)) await child.StopAsync();
            await context.Cluster.StopApiServerAsync(apiserver);
        }
    }

    private static byte[] Deployment(int replicas)
    {
        var labels = new JsonObject { ["app"] = DeploymentName };
        var container = JsonNode.Parse("""{"name":"web","image":"registry.k8s.io/pause:3.9","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}""")!;
        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = DeploymentName },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
                },
            },
        };
        return Encoding.UTF8.GetBytes(deployment.ToJsonString());
    }

    private static async Task<(long Current, long Available)> StatusAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/apis/apps/v1/namespaces/{BenchContext.Namespace}/deployments/{DeploymentName}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) return (0, 0);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        if (!json.RootElement.TryGetProperty("status", out var status)) return (0, 0);
        return (Field(status, "replicas"), Field(status, "availableReplicas"));
    }

    private static long Field(JsonElement status, string name) => status.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : 0;

    private static async Task<bool> LeaseHeldAsync(HttpClient client, string name, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/{name}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) return false;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return json.RootElement.TryGetProperty("spec", out var spec) && spec.TryGetProperty("holderIdentity", out var holder) && holder.GetString() is { Length: > 0 };
    }
}
