using System.Diagnostics;
using System.Globalization;
using System.Net;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// The cluster-state metrics (kube-state-metrics' families, served by the apiserver from its watch cache)
/// scraped as Prometheus scrapes them, with its Accept header: plain, and with <c>Accept-Encoding: gzip</c>,
/// which Prometheus sends on every scrape. The two alternate scrape by scrape, so a change in the machine's
/// load falls on both alike; the apiserver's CPU is read from /proc around each scrape, steadier than wall
/// time on shared cores.
/// </summary>
internal static class ClusterStateScrapes
{
    private const string Path = "/metrics/cluster-state";

    public static async Task RunAsync(BenchContext context, HttpClient client, int apiserverPid, int pods, CancellationToken cancellationToken)
    {
        var plain = new Series();
        var gzip = new Series();
        var loadBefore = MachineFacts.LoadAverageNow();
        // Warm-up: the first scrape renders every object; later ones copy kept lines, as Prometheus' do.
        await ScrapeAsync(client, apiserverPid, compressed: false, new Series(), cancellationToken);
        await ScrapeAsync(client, apiserverPid, compressed: true, new Series(), cancellationToken);
        for (var i = 0; i < context.Settings.Pick(30, 20); i++)
        {
            await ScrapeAsync(client, apiserverPid, compressed: false, plain, cancellationToken);
            await ScrapeAsync(client, apiserverPid, compressed: true, gzip, cancellationToken);
        }

        var title = $"cluster-state metrics, {pods:#,0} Pods";
        var report = context.Report;
        report.Add(new BenchResult(title, "scrape time: median (plain)", new LatencySample(plain.Times).P50, "ms", null, "kube-state-metrics: its own process and watch cache"));
        report.Add(new BenchResult(title, "scrape time: median (gzip)", new LatencySample(gzip.Times).P50, "ms", null, "Prometheus asks for gzip on every scrape"));
        report.Add(new BenchResult(title, "apiserver CPU per scrape (plain)", plain.CpuMilliseconds, "ms", null, ""));
        report.Add(new BenchResult(title, "apiserver CPU per scrape (gzip)", gzip.CpuMilliseconds, "ms", null, "same run, alternating with the plain scrapes"));
        report.Note(title, string.Create(CultureInfo.InvariantCulture,
            $"{plain.Times.Count} scrapes of each, alternating, with Prometheus' Accept header; {plain.Bytes / 1e6:0.00} MB per scrape plain ({plain.Sending}), " +
            $"{gzip.Bytes / 1e6:0.00} MB gzipped (Content-Encoding: {gzip.Encoding}; {gzip.Sending}); " +
            $"load average {loadBefore} before, {MachineFacts.LoadAverageNow()} after"));
    }

    private static async Task ScrapeAsync(HttpClient client, int apiserverPid, bool compressed, Series into, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.TryAddWithoutValidation("Accept", ExporterBenchmark.PrometheusAccept);
        if (compressed) request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        var cpuBefore = ProcStat.CpuSeconds(apiserverPid);
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {Path}: {(int)response.StatusCode}");
        // Read before the body: once it is buffered, ContentLength is its length whatever the server said.
        into.Streamed = response.Content.Headers.ContentLength is null;
        // The bench's clients do not decompress: this is what went over the wire.
        into.Bytes = (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
        into.Times.Add(clock.Elapsed.TotalMilliseconds);
        into.CpuSeconds += ProcStat.CpuSeconds(apiserverPid) - cpuBefore;
        into.Encoding = string.Join(",", response.Content.Headers.ContentEncoding) is { Length: > 0 } encoding ? encoding : "none";
    }

    private sealed class Series
    {
        public List<double> Times { get; } = [];
        public double CpuSeconds { get; set; }
        public long Bytes { get; set; }
        public string Encoding { get; set; } = "";
        public bool Streamed { get; set; }
        public string Sending => Streamed ? "streamed, no Content-Length" : "sent whole with a Content-Length";
        public double CpuMilliseconds => Times.Count == 0 ? double.NaN : CpuSeconds * 1000 / Times.Count;
    }
}
