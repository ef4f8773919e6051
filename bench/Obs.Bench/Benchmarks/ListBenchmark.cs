using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// LIST of 10,000 Pods in one namespace: as JSON, as the Table kubectl asks for in one request
/// (--chunk-size=0), and as `kubectl get pods` does by default (Table pages of 500 with continue tokens).
/// </summary>
internal sealed class ListBenchmark : IBenchmark
{
    private const string Title = "LIST 10,000 Pods";
    // What kubectl get sends: a Table, falling back to the plain list.
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    public string Name => "list";
    public string Description => "LIST of 10,000 Pods: JSON, Table, and kubectl's 500-item pages";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var apiserver = await context.StartApiServerAsync("list", cancellationToken);
        using var clients = context.Clients.Create(apiserver.Server, settings.Clients);
        var pods = settings.Pick(10_000, 1_000);
        BenchContext.Progress($"list: storing {pods} Pods");
        await PodCreator.FillAsync(clients.All, BenchContext.Namespace, pods, cancellationToken);
        var client = clients.All[0];
        var path = $"/api/v1/namespaces/{BenchContext.Namespace}/pods";
        var requests = settings.Pick(30, 5);
        var title = settings.Quick ? $"LIST {pods:#,0} Pods" : Title;

        var forms = new (string Figure, Func<CancellationToken, Task<long>> List)[]
        {
            ("JSON", ct => ListOnceAsync(client, path, "application/json", ct)),
            ("Table (kubectl --chunk-size=0)", ct => ListOnceAsync(client, path, TableAccept, ct)),
            ("Table in pages of 500 (kubectl get default)", ct => ListPagedAsync(client, path, ct)),
        };
        foreach (var (figure, list) in forms)
        {
            BenchContext.Progress($"list: {figure}, {requests} times");
            for (var i = 0; i < 2; i++) await list(cancellationToken);
            var latencies = new List<double>();
            long bytes = 0;
            var cpu = CpuMeter.Start(context.Cluster);
            for (var i = 0; i < requests; i++)
            {
                var start = Stopwatch.GetTimestamp();
                bytes = await list(cancellationToken);
                latencies.Add(LatencySample.Milliseconds(start, Stopwatch.GetTimestamp()));
            }
            var used = cpu.Stop();
            var sample = new LatencySample(latencies);
            context.Report.Add(new BenchResult(title, $"{figure}: p50", sample.P50, "ms", null, ""));
            context.Report.Add(new BenchResult(title, $"{figure}: p99 of {requests}", sample.P99, "ms", Target.Max(250, "ms"), "Kubernetes SLO: LIST p99 ≤ 30 s"));
            context.Report.Note(title, string.Create(CultureInfo.InvariantCulture,
                $"{figure}: {bytes / 1e6:0.0} MB per list; CPU per list: apiserver {used.ApiServer * 1000 / requests:0} ms, load generator {used.Load * 1000 / requests:0} ms"));
        }
        await context.Cluster.StopApiServerAsync(apiserver);
    }

    /// <summary>One LIST, the whole body read; returns its size.</summary>
    private static async Task<long> ListOnceAsync(HttpClient client, string path, string accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"LIST {path}: {(int)response.StatusCode}");
        return response.Content.Headers.ContentLength ?? (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
    }

    /// <summary>The pages kubectl walks: limit=500 and the continue token of each page, as Tables.</summary>
    private static async Task<long> ListPagedAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        long total = 0;
        string? next = null;
        do
        {
            var url = $"{path}?limit=500" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
            request.Headers.TryAddWithoutValidation("Accept", TableAccept);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"LIST {url}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            total += body.LongLength;
            using var json = JsonDocument.Parse(body);
            next = json.RootElement.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        return total;
    }
}
