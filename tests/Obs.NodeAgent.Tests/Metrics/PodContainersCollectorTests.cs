using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Exporter.Telemetry;
using Obs.NodeAgent.Metrics;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Tests.Pods;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Metrics;

/// <summary>cAdvisor's container families as the agent serves them on /metrics/cadvisor, for real pods run by a real pod worker.</summary>
public sealed class PodContainersCollectorTests
{
    /// <summary>
    /// Issue 6: "a pod over its memory limit shows container_oom_events_total". The kill ends the container and its
    /// cgroup goes with it, so the count is carried by the agent: the series stays while the container backs off to
    /// restart, and keeps counting across its runs instead of starting again at 0 in each new cgroup.
    /// </summary>
    [Fact]
    public async Task AnOomKilledContainersCountStaysWhileItBacksOffAndGrowsAcrossItsRuns()
    {
        await using var node = new CollectedPods();
        var registry = node.Registry;
        var pod = (JsonObject)JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hog","namespace":"shop","uid":"uid-hog"},
             "spec":{"terminationGracePeriodSeconds":1,"enableServiceLinks":false,"containers":[{"name":"main","image":"busybox",
               "command":["sh","-c","x=$(head -c 200000000 /dev/zero | tr '\\000' a); echo never"],"resources":{"limits":{"memory":"32Mi"}}}]}}
            """)!;
        var series = new Regex("""(?m)^container_oom_events_total\{container="main",id="[^"]+/poduid-hog/main",image="busybox",namespace="shop",pod="hog"\} (\d+)$""");
        double? Kills(string text) => series.Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        node.Pods.Apply(pod);
        var text = await ScrapeUntilAsync(registry, t => Kills(t) >= 1, "no OOM kill counted for the hog");

        // Backing off before its restart, the container runs no process and has no cgroup: the count stays, alone.
        var first = Kills(text)!.Value;
        text = await ScrapeUntilAsync(registry, t => !Running(t), "the hog never stopped running");
        Assert.True(Kills(text) >= first, "no OOM kill count while the container backed off:\n" + text);
        Assert.DoesNotMatch("""(?m)^container_memory_working_set_bytes\{container="main",[^}]*pod="hog"\}""", text);
        var betweenRuns = Kills(text)!.Value;
        // Its next run has a new cgroup, whose own count starts at 0: the counter goes on from the runs before.
        text = await ScrapeUntilAsync(registry, Running, "the hog was not restarted");
        Assert.True(Kills(text) >= betweenRuns, $"the count fell from {betweenRuns} when the container ran again:\n" + text);

        static bool Running(string text) => text.Contains("container_start_time_seconds{container=\"main\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 6: "a busy loop under limits.cpu 200m shows usage of about 0.2 s/s and throttled periods growing", for a pod
    /// the agent runs (the quota comes from the pod's limit), as a cAdvisor scrape shows it.
    /// </summary>
    [Fact]
    public async Task ABusyLoopUnderA200mLimitIsHeldToItsQuotaAndThrottled()
    {
        await using var node = new CollectedPods();
        var registry = node.Registry;
        var pod = (JsonObject)JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"spin","namespace":"shop","uid":"uid-spin"},
             "spec":{"terminationGracePeriodSeconds":1,"enableServiceLinks":false,"containers":[{"name":"main","image":"busybox",
               "command":["sh","-c","while :; do :; done"],"resources":{"limits":{"cpu":"200m"}}}]}}
            """)!;
        double Value(string text, string family)
        {
            var match = Regex.Match(text, $$"""(?m)^{{family}}\{container="main",[^}]*pod="spin"\} (\S+)$""");
            Assert.True(match.Success, $"no {family} for the pod:\n{text}");
            return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        node.Pods.Apply(pod);
        var first = await ScrapeUntilAsync(registry, t => t.Contains("container_cpu_usage_seconds_total{container=\"main\"", StringComparison.Ordinal), "the loop never ran");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(1500);
        var second = Scrape.Text(registry);
        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;

        Assert.Equal(20000, Value(second, "container_spec_cpu_quota"));
        Assert.Equal(100000, Value(second, "container_spec_cpu_period"));
        var used = Value(second, "container_cpu_usage_seconds_total") - Value(first, "container_cpu_usage_seconds_total");
        Assert.True(used > 0, $"CPU usage did not rise:\n{first}\n{second}");
        // The quota holds the loop to 0.2 s of CPU per second; allow for period edges, never a whole CPU.
        Assert.True(used / wall < 0.3, $"{used} s of CPU in {wall} s is more than the 200m limit allows");
        Assert.True(Value(second, "container_cpu_cfs_throttled_periods_total") > Value(first, "container_cpu_cfs_throttled_periods_total"),
            $"throttled periods did not grow:\n{first}\n{second}");
    }

    private static async Task<string> ScrapeUntilAsync(MetricsRegistry registry, Func<string, bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var text = Scrape.Text(registry);
        while (!condition(text))
        {
            Assert.True(DateTime.UtcNow < deadline, failure + ":\n" + text);
            await Task.Delay(20);
            text = Scrape.Text(registry);
        }
        return text;
    }

    /// <summary>A pod worker on this machine with the cAdvisor collector over its pods, as the agent has them; its pods are stopped at the end.</summary>
    private sealed class CollectedPods : IAsyncDisposable
    {
        private readonly TestRuntime _test = new();
        private readonly Obs.Client.Rest.ApiClient _client = OfflineContext.UnreachableClient();
        private readonly PodContainersCollector _containers;

        public CollectedPods()
        {
            Assert.True(_test.Runtime.Capabilities.EnforcesLimits, $"cgroups are not usable here: {_test.Runtime.Capabilities.Cgroups.Reason}");
            Pods = new PodWorkers(OfflineContext.Create(_client, _test.Runtime, _test.Options, "offline"));
            _containers = new PodContainersCollector(Pods);
            Registry.Register(_containers);
        }

        public PodWorkers Pods { get; }

        public MetricsRegistry Registry { get; } = new();

        public async ValueTask DisposeAsync()
        {
            await Pods.ShutdownAsync(TimeSpan.FromSeconds(1));
            Registry.Dispose();
            _containers.Dispose();
            _client.Dispose();
            await _test.DisposeAsync();
        }
    }
}
