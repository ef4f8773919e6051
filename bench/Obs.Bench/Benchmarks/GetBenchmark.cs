using System.Globalization;
using System.Net;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>GET of single Pods at a fixed offered rate (open loop), latency from each request's due time.</summary>
internal sealed class GetBenchmark : IBenchmark
{
    private const string Title = "GET Pod";
    private const double Rate = 2_000;

    public string Name => "get";
    public string Description => "GET p99 at a fixed 2,000/s, open loop";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var apiserver = await context.StartApiServerAsync("get", cancellationToken);
        using var clients = context.Clients.Create(apiserver.Server, settings.Clients);
        var pods = settings.Pick(1_000, 200);
        await PodCreator.FillAsync(clients.All, BenchContext.Namespace, pods, cancellationToken);

        // Names drawn up front with a fixed seed: every run asks for the same sequence.
        var random = new Random(42);
        var paths = Enumerable.Range(0, (int)(Rate * 15))
            .Select(_ => $"/api/v1/namespaces/{BenchContext.Namespace}/pods/{PodManifests.PodName(random.Next(pods))}").ToArray();
        async Task<bool> Get(int i, HttpClient client, CancellationToken ct)
        {
            using var response = await client.GetAsync(paths[i % paths.Length], HttpCompletionOption.ResponseContentRead, ct);
            return response.StatusCode == HttpStatusCode.OK;
        }

        BenchContext.Progress("get: warm-up");
        await OpenLoop.RunAsync(clients.All, Rate, TimeSpan.FromSeconds(settings.Pick(3, 1)), Get, cancellationToken);
        var seconds = settings.Pick(10, 2);
        BenchContext.Progress($"get: {Rate}/s for {seconds} s");
        var cpu = CpuMeter.Start(context.Cluster);
        var run = await OpenLoop.RunAsync(clients.All, Rate, TimeSpan.FromSeconds(seconds), Get, cancellationToken);
        var used = cpu.Stop();

        var report = context.Report;
        report.Add(new BenchResult(Title, $"p99 at {Rate:#,0}/s offered (open loop, {seconds} s)", run.Latency.P99, "ms", Target.Max(5, "ms"),
            "Kubernetes SLO: p99 ≤ 1 s; kine: ~2–5 ms per request"));
        report.Add(new BenchResult(Title, $"p50 at {Rate:#,0}/s offered", run.Latency.P50, "ms", null, ""));
        report.Note(Title, string.Create(CultureInfo.InvariantCulture,
            $"{settings.Clients} clients; completed {run.CompletedPerSecond:0}/s; max {run.Latency.Max:0.0} ms; service time (from send) p50 {run.ServiceTime.P50:0.00} ms, p99 {run.ServiceTime.P99:0.00} ms; {used.PerOperation(run.Latency.Count)}; {(run.Errors == 0 ? "no errors" : $"{run.Errors} errors")}"));
        await context.Cluster.StopApiServerAsync(apiserver);
    }
}
