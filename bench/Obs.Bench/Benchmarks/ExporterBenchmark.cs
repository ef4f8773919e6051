using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;
using Obs.Cli.Cluster;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// Node collectors side by side with node_exporter in one run, as Prometheus scrapes them (its
/// Accept header, gzip): `obs-exporter` and Debian's prometheus-node-exporter on this machine,
/// each with its default collectors, scraped in turn; latency of each scrape and the CPU each
/// process spent per scrape, read from /proc.
/// </summary>
internal sealed class ExporterBenchmark : IBenchmark
{
    private const string Title = "node collectors";
    /// <summary>The Accept header Prometheus scrapes with.</summary>
    public const string PrometheusAccept = "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1";

    public string Name => "exporter";
    public string Description => "scrape latency and CPU per scrape of obs-exporter against node_exporter, side by side";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var scrapes = context.Settings.Pick(300, 30);
        var obsDll = Environment.GetEnvironmentVariable("OBS_BENCH_EXPORTER_DLL");
        if (obsDll is null || !File.Exists(obsDll)) throw new InvalidOperationException("OBS_BENCH_EXPORTER_DLL does not name obs-exporter.dll (./obs bench sets it)");
        var nodeExporter = new[] { "/usr/bin/prometheus-node-exporter", "/usr/bin/node_exporter" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("prometheus-node-exporter is not installed (./obs bench installs it when run as root)");
        var root = context.Cluster.Root;
        var (obsPort, theirPort) = (FreePort.Next(), FreePort.Next());
        var obs = new BackgroundProcess("obs-exporter", Path.Combine(root, "obs-exporter.pid"), Path.Combine(root, "obs-exporter.log"));
        var theirs = new BackgroundProcess("node-exporter", Path.Combine(root, "node-exporter.pid"), Path.Combine(root, "node-exporter.log"));
        var obsPid = obs.Start(Environment.ProcessPath ?? "dotnet", [obsDll, $"--web.listen-address=127.0.0.1:{obsPort}"]);
        var theirPid = theirs.Start(nodeExporter, [$"--web.listen-address=127.0.0.1:{theirPort}"]);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip }) { Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Accept.ParseAdd(PrometheusAccept);
            var targets = new[]
            {
                new Exporter(Label: "Obs (obs-exporter)", Url: new Uri($"http://127.0.0.1:{obsPort}/metrics"), Pid: obsPid),
                new Exporter(Label: "node_exporter (Debian)", Url: new Uri($"http://127.0.0.1:{theirPort}/metrics"), Pid: theirPid),
            };
            foreach (var target in targets) await WaitUpAsync(client, target.Url, cancellationToken);
            // Warm-up: JIT and first-scrape caches on both sides.
            for (var i = 0; i < 10; i++) foreach (var target in targets) await ScrapeAsync(client, target.Url, cancellationToken);

            BenchContext.Progress($"exporter: {scrapes} scrapes of each, in turn");
            var latencies = targets.Select(_ => new List<double>()).ToArray();
            var cpuBefore = targets.Select(t => ProcStat.CpuSeconds(t.Pid)).ToArray();
            var last = new (int Bytes, int Series)[targets.Length];
            for (var i = 0; i < scrapes; i++)
            {
                for (var t = 0; t < targets.Length; t++)
                {
                    var start = Stopwatch.GetTimestamp();
                    last[t] = await ScrapeAsync(client, targets[t].Url, cancellationToken);
                    latencies[t].Add(LatencySample.Milliseconds(start, Stopwatch.GetTimestamp()));
                }
            }
            var cpu = targets.Select((t, i) => (ProcStat.CpuSeconds(t.Pid) - cpuBefore[i]) * 1000 / scrapes).ToArray();
            var samples = latencies.Select(l => new LatencySample(l)).ToArray();
            var report = context.Report;
            const string anchor = "node_exporter here: median 11–12.5 ms, CPU 11–14 ms per scrape";
            for (var t = 0; t < targets.Length; t++)
            {
                var isObs = t == 0;
                var title = $"{Title}: {targets[t].Label}";
                report.Add(new BenchResult(title, "scrape latency: median", samples[t].P50, "ms", isObs ? Target.Max(2, "ms") : null, isObs ? anchor : "same run"));
                report.Add(new BenchResult(title, "scrape latency: p99", samples[t].P99, "ms", null, isObs ? "node_exporter here: p99 18–20 ms" : "same run"));
                report.Add(new BenchResult(title, "CPU per scrape", cpu[t], "ms", isObs ? Target.Max(2, "ms") : null, isObs ? anchor : "same run"));
                report.Add(new BenchResult(title, "series per scrape", last[t].Series, "", null, isObs ? "node_exporter here: 507 series" : "same run"));
            }
            report.Note($"{Title}: {targets[0].Label}", string.Create(CultureInfo.InvariantCulture,
                $"{scrapes} scrapes of each in turn with Prometheus' Accept header and gzip; Obs/node_exporter: median latency {samples[0].P50 / samples[1].P50:0.00}×, CPU {cpu[0] / cpu[1]:0.00}×; " +
                $"body (plain) {last[0].Bytes:#,0} B against {last[1].Bytes:#,0} B; RSS {ProcStat.StatusMegabytes(obsPid, "VmRSS"):0} MB against {ProcStat.StatusMegabytes(theirPid, "VmRSS"):0} MB"));
        }
        finally
        {
            await obs.StopAsync(TimeSpan.FromSeconds(5));
            await theirs.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    private sealed record Exporter(string Label, Uri Url, int Pid);

    private static async Task<(int Bytes, int Series)> ScrapeAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        var body = await client.GetByteArrayAsync(url, cancellationToken);
        var series = 0;
        var lineStart = true;
        foreach (var b in body)
        {
            if (lineStart && b != (byte)'#' && b != (byte)'\n') series++;
            lineStart = b == (byte)'\n';
        }
        return (body.Length, series);
    }

    private static async Task WaitUpAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(30)) { }
            await Task.Delay(100, cancellationToken);
        }
    }
}
