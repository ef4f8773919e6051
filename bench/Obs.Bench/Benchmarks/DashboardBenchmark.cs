using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Obs.Bench.Browser;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// The dashboard (`obs dashboard`, its own process) over a cluster of 5,000 Pods: server render time
/// of the overview and of the pod list, time to first contentful paint of both in Chromium, and the
/// dashboard's memory idle and with 50 browsers connected over SSE while the pods change.
/// </summary>
internal sealed class DashboardBenchmark : IBenchmark
{
    private const string Title = "dashboard";
    private const string Fcp = "web.dev: a good first contentful paint is ≤ 1.8 s";

    private static readonly (string Name, string Path)[] Pages = [("overview", "/"), ("pod list", "/pods")];

    public string Name => "dashboard";
    public string Description => "render time and first paint of the overview and the pod list over 5,000 pods; RSS with 50 browsers on SSE";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var pods = settings.Pick(5_000, 500);
        var browsers = settings.Pick(50, 5);
        var report = context.Report;
        var apiserver = await context.StartApiServerAsync("dashboard", cancellationToken);
        using var clients = context.Clients.Create(apiserver.Server, settings.Clients);
        BenchContext.Progress($"dashboard: storing {pods} Pods");
        await PodCreator.FillAsync(clients.All, BenchContext.Namespace, pods, cancellationToken);

        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var dashboard = ObsChild.Start(context.Cluster, "dashboard", apiserver.Server, "dashboard", "--address", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
            var startClock = Stopwatch.StartNew();
            await ObsChildWaits.UntilAsync(() => IsReadyAsync(http, cancellationToken), dashboard, TimeSpan.FromSeconds(120), "the dashboard's informers to sync", cancellationToken);
            var ready = startClock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            var idle = dashboard.RssMegabytes ?? double.NaN;

            BenchContext.Progress("dashboard: signing in with Chromium");
            await using var browser = await DashboardBrowser.SignInAsync(url, context.Cluster.Token);
            var title = $"{Title}, {pods:#,0} Pods";
            foreach (var (name, path) in Pages)
            {
                BenchContext.Progress($"dashboard: rendering the {name}");
                var render = await RenderTimesAsync(http, path, browser.CookieHeader, settings.Pick(30, 5), cancellationToken);
                report.Add(new BenchResult(title, $"{name}: server render, median", render.Sample.P50, "ms", null, ""));
                report.Add(new BenchResult(title, $"{name}: server render, p99", render.Sample.P99, "ms", null, ""));
                var paints = new List<double>();
                for (var i = 0; i < settings.Pick(7, 2); i++) paints.Add(await browser.FirstContentfulPaintAsync(path));
                report.Add(new BenchResult(title, $"{name}: first contentful paint in Chromium, median", new LatencySample(paints).P50, "ms", Target.Max(1800, "ms"), Fcp));
                report.Note(title, string.Create(CultureInfo.InvariantCulture,
                    $"{name} ({path}): {render.Sample.Count} GETs with the sign-in cookie, {render.Bytes / 1024.0:0} KB of HTML each; first paint of {paints.Count} cold loads, max {paints.Max():0} ms"));
            }

            BenchContext.Progress($"dashboard: opening {browsers} browsers on the pod list");
            for (var i = 0; i < browsers; i++) await browser.OpenAsync("/pods");
            var connected = await WaitForStreamsAsync(http, browsers, dashboard, cancellationToken);
            var churn = settings.Pick(200, 20);
            BenchContext.Progress($"dashboard: changing {churn} pods at 20/s while {browsers} browsers follow");
            await ChurnAsync(clients.All[0], churn, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            var loaded = dashboard.RssMegabytes ?? double.NaN;
            var peak = ProcStat.StatusMegabytes(dashboard.Pid, "VmHWM") ?? double.NaN;
            report.Add(new BenchResult($"{Title}: memory", $"RSS with {pods:#,0} Pods watched, no browser", idle, "MB", null, ""));
            report.Add(new BenchResult($"{Title}: memory", $"RSS with {browsers} browsers on SSE while {churn} pods change", loaded, "MB", null, ""));
            report.Add(new BenchResult($"{Title}: memory", "peak (VmHWM)", peak, "MB", null, ""));
            report.Note($"{Title}: memory", string.Create(CultureInfo.InvariantCulture,
                $"start until /-/ready (every informer listed) {ready.TotalSeconds:0.0} s; each browser is a Chromium context of its own on /pods, {connected} live streams open; every pod change makes each re-fetch its page of the list"));
        }
        finally
        {
            await dashboard.StopAsync();
        }
        await context.Cluster.StopApiServerAsync(apiserver);
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/-/ready", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Whole-page GETs as the signed-in user, one after another: the time until the last byte of the HTML (loopback adds microseconds).</summary>
    private static async Task<(LatencySample Sample, long Bytes)> RenderTimesAsync(HttpClient http, string path, string cookie, int count, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var i = -3; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = LatencySample.Milliseconds(start, Stopwatch.GetTimestamp());
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} (signed in?)");
            if (i < 0) continue; // warm-up: the first renders compile the page's code
            times.Add(elapsed);
            bytes = body.LongLength;
        }
        return (new LatencySample(times), bytes);
    }

    /// <summary>Waits until the dashboard counts the browsers' SSE streams (its /metrics gauge), so memory is read with all of them open.</summary>
    private static async Task<int> WaitForStreamsAsync(HttpClient http, int expected, ObsChild dashboard, CancellationToken cancellationToken)
    {
        var open = 0;
        await ObsChildWaits.UntilAsync(async () =>
        {
            open = await LiveStreamsAsync(http, cancellationToken);
            return open >= expected;
        }, dashboard, TimeSpan.FromSeconds(60), $"{expected} live streams", cancellationToken);
        return open;
    }

    private static async Task<int> LiveStreamsAsync(HttpClient http, CancellationToken cancellationToken) =>
        (int)((await ServerMetrics.ReadAsync(http, cancellationToken)).Value("obs_dashboard_live_streams") ?? 0);

    /// <summary>Label changes on the first pods at a steady 20/s: each one is a pods event every open list follows.</summary>
    private static async Task ChurnAsync(HttpClient client, int count, CancellationToken cancellationToken)
    {
        var interval = Stopwatch.Frequency / 20;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            while (Stopwatch.GetTimestamp() < start + i * interval) await Task.Delay(1, cancellationToken);
            var patch = new StringContent($$$$"""{"metadata":{"labels":{"tick":"t{{{{i}}}}"}}}""", Encoding.UTF8, "application/merge-patch+json");
            using var response = await client.PatchAsync($"/api/v1/namespaces/{BenchContext.Namespace}/pods/{PodManifests.PodName(i % 100)}", patch, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"patching a pod: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
