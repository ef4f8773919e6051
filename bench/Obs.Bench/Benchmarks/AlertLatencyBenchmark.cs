using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;
using Obs.Cli.Cluster;

namespace Obs.Bench.Benchmarks;

/// <summary>
/// Alert delivery: from a condition becoming true to the on-call receiver storing the alert, through
/// the pieces `obs up` runs (Prometheus and Alertmanager from Debian with the generated configurations,
/// the rules of alerts/rules, the receiver in the apiserver writing to PostgreSQL). The condition is
/// KubePodCrashLooping's: the benchmark writes a pod's status as its agent would, so the instant it
/// becomes true is the moment that write is acknowledged. Each sample is a pod in a namespace of its
/// own, so its alert starts a new Alertmanager group (alertname, namespace) as a first alert does.
/// </summary>
internal sealed class AlertLatencyBenchmark : IBenchmark
{
    private const string Title = "alert delivery";
    private const string Alert = "KubePodCrashLooping";

    /// <summary>Scrape and evaluation interval, and every rule's <c>for:</c> (the end-to-end tests use 1 s and 2 s).</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan For = TimeSpan.FromSeconds(5);

    public string Name => "alerts";
    public string Description => "condition true → alert stored by the on-call receiver, through Prometheus and Alertmanager";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var samples = context.Settings.Pick(8, 3);
        var apiserver = await context.StartApiServerAsync("alerts", cancellationToken);
        using var client = context.Clients.Create(apiserver.Server);
        var timing = new AlertTestTiming(For);
        BenchContext.Progress($"alerts: starting Prometheus ({Interval.TotalSeconds:0} s interval) and Alertmanager, rules with for: {For.TotalSeconds:0} s");
        await using var stack = await AlertingStack.StartAsync(context.Cluster, apiserver, timing, Interval, cancellationToken);
        using var prometheus = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var toReceived = new List<double>();
        var toListed = new List<double>();
        var toFiring = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var ns = $"alert-{i}";
            BenchContext.Progress($"alerts: sample {i + 1} of {samples} in namespace {ns}");
            await PodCreator.CreateNamespaceAsync(client, ns, cancellationToken);
            await SendAsync(client, HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", CrashLoopManifests.PodSpec(ns), "application/json", cancellationToken);
            await SendAsync(client, HttpMethod.Patch, StatusPath(ns), CrashLoopManifests.Running(), "application/merge-patch+json", cancellationToken);
            // Everything the rule joins is in Prometheus before the condition turns true: the pod's node and its namespace's
            // team, both as the recording rules the alert reads (the raw kube_pod_info is scraped up to an evaluation earlier).
            await UntilAsync(async () =>
                await PrometheusQuery.CountAsync(prometheus, stack.PrometheusUrl, $"node_namespace_pod:kube_pod_info:{{namespace=\"{ns}\"}}", cancellationToken) > 0
                && await PrometheusQuery.CountAsync(prometheus, stack.PrometheusUrl, $"namespace_team:kube_namespace_labels:relabel{{namespace=\"{ns}\"}}", cancellationToken) > 0,
                TimeSpan.FromSeconds(60), $"Prometheus to have scraped pod {ns}/{CrashLoopManifests.Pod}", cancellationToken);

            // Samples come a whole number of intervals apart, so without a random offset every one would meet the scrape and
            // evaluation ticks at the same phase; the offset spreads them over the interval as real conditions fall.
            await Task.Delay(Random.Shared.Next((int)Interval.TotalMilliseconds), cancellationToken);
            await SendAsync(client, HttpMethod.Patch, StatusPath(ns), CrashLoopManifests.CrashLooping(), "application/merge-patch+json", cancellationToken);
            var conditionTrue = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            JsonElement alert = default;
            await UntilAsync(async () => (alert = await FiringAsync(client, ns, cancellationToken)).ValueKind == JsonValueKind.Object,
                TimeSpan.FromSeconds(60) + For, $"{Alert} for {ns} at the receiver", cancellationToken, poll: TimeSpan.FromMilliseconds(50));
            toListed.Add(clock.Elapsed.TotalMilliseconds);
            // The receiver's own clock (this machine's) says when the webhook arrived; Prometheus' startsAt when the rule fired.
            toReceived.Add((Time(alert, "firstReceivedAt") - conditionTrue).TotalMilliseconds);
            toFiring.Add((Time(alert, "startsAt") - conditionTrue).TotalMilliseconds);
        }

        var target = For + Interval + TimeSpan.FromSeconds(2);
        // Stored is when the receiver's list shows it (its PostgreSQL write committed), seen by polling every 50 ms: a little late, never early.
        var stored = new LatencySample(toListed);
        var title = string.Create(CultureInfo.InvariantCulture, $"{Title}, for: {For.TotalSeconds:0} s, interval {Interval.TotalSeconds:0} s");
        var anchor = string.Create(CultureInfo.InvariantCulture, $"issue 7: ≤ for: + evaluation interval + 2 s = {target.TotalSeconds:0} s");
        context.Report.Add(new BenchResult(title, "condition true → alert stored by the receiver: p50", stored.P50, "ms", Target.Max(target.TotalMilliseconds, "ms"), anchor));
        context.Report.Add(new BenchResult(title, "condition true → alert stored by the receiver: max", stored.Max, "ms", Target.Max(target.TotalMilliseconds, "ms"), anchor));
        context.Report.Add(new BenchResult(title, "condition true → rule fires in Prometheus (startsAt): p50", new LatencySample(toFiring).P50, "ms", null, ""));
        context.Report.Add(new BenchResult(title, "condition true → Alertmanager's webhook reaches the receiver (firstReceivedAt): p50", new LatencySample(toReceived).P50, "ms", null, ""));
        context.Report.Note(title, string.Create(CultureInfo.InvariantCulture,
            $"{samples} samples, each {Alert} for a pod in a namespace of its own (a new Alertmanager group); the condition is the pod status write the agent would make " +
            $"(CrashLoopBackOff), timed from its acknowledgement; Alertmanager group_wait {AlertTestTiming.Quick.GroupWait.TotalSeconds:0} s (the test override's); " +
            $"stored after {string.Join(", ", toListed.Select(t => $"{t:0}"))} ms; rule fired after {string.Join(", ", toFiring.Select(t => $"{t:0}"))} ms"));
        await context.Cluster.StopApiServerAsync(apiserver);
    }

    private static string StatusPath(string ns) => $"/api/v1/namespaces/{ns}/pods/{CrashLoopManifests.Pod}/status";

    private static async Task SendAsync(HttpClient client, HttpMethod method, string path, byte[] body, string contentType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = content }, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>The firing crash-loop alert of <paramref name="ns"/> as the receiver stores it, or an undefined element while there is none.</summary>
    private static async Task<JsonElement> FiringAsync(HttpClient client, string ns, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/alerting/v1/alerts?state=firing", cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) return default;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        foreach (var alert in json.RootElement.GetProperty("items").EnumerateArray())
        {
            if (alert.GetProperty("alertname").GetString() == Alert && alert.GetProperty("labels").TryGetProperty("namespace", out var n) && n.GetString() == ns)
                return alert.Clone();
        }
        return default;
    }

    private static DateTimeOffset Time(JsonElement alert, string field) =>
        DateTimeOffset.Parse(alert.GetProperty(field).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
