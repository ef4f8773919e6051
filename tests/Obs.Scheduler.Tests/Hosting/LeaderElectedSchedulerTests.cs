using System.Diagnostics;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Cli.Cluster;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Scheduler.Hosting;
using Obs.Scheduler.Scheduling;
using Obs.Scheduler.Tests.Scheduling;
using Obs.Testing;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Hosting;

/// <summary>The scheduler as components run it: leader-elected through a Lease, in-process and as <c>obs scheduler</c>.</summary>
public sealed class LeaderElectedSchedulerTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private ApiClient NewClient() => new(KubeconfigFile.Load(cluster.Kubeconfig), new ApiClientOptions { Qps = 500, Burst = 1000 });

    private static async Task<string> WaitForAsync(Func<Task<string?>> read, string what, int seconds = 40)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await read() is { Length: > 0 } value) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task OnlyTheLeaseHolderSchedules()
    {
        using var client = NewClient();
        await client.CreateAsync(ResourceTypes.Node, Node(RunningScheduler.UniqueName("elected")));
        var options = new SchedulerOptions { SchedulerName = "elected-scheduler", LeaseName = "elected-scheduler", Identity = "replica-1" };
        using var stop = new CancellationTokenSource();
        var first = LeaderElectedScheduler.RunAsync(client, options, null, stop.Token);
        var second = LeaderElectedScheduler.RunAsync(client, options with { Identity = "replica-2" }, null, stop.Token);

        var holder = await WaitForAsync(async () => (await client.TryGetAsync(ResourceTypes.Lease, "kube-system", "elected-scheduler")).StringAt("spec", "holderIdentity"), "a leader");
        Assert.Contains(holder, new[] { "replica-1", "replica-2" });
        await client.CreateAsync(ResourceTypes.Pod, Pod("elected-pod", "100m", spec: """{"schedulerName": "elected-scheduler"}"""));
        await WaitForAsync(async () => (await client.GetAsync(ResourceTypes.Pod, "default", "elected-pod")).StringAt("spec", "nodeName"), "the pod to be bound");
        var reporter = await WaitForAsync(async () => (await client.ListAsync(ResourceTypes.Event, "default", new ListOptions { FieldSelector = "involvedObject.name=elected-pod,reason=Scheduled" }))
            .Items.Select(e => $"{e.StringAt("source", "component")}/{e.StringAt("reportingInstance")}").FirstOrDefault(), "the Scheduled event");
        await stop.CancelAsync();
        await Task.WhenAll(first, second);
        Assert.Equal("elected-scheduler/" + holder, reporter);
    }

    [Fact]
    public async Task ObsSchedulerCommandBindsPodsUntilSigterm()
    {
        using var client = NewClient();
        var node = RunningScheduler.UniqueName("cli");
        await client.CreateAsync(ResourceTypes.Node, Node(node));
        var obs = typeof(LocalCluster).Assembly.Location;
        using var process = Process.Start(new ProcessStartInfo("dotnet", [obs, "scheduler", "--kubeconfig", cluster.Kubeconfig])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var holder = await WaitForAsync(async () => (await client.TryGetAsync(ResourceTypes.Lease, "kube-system", "obs-scheduler")).StringAt("spec", "holderIdentity"), "obs scheduler to lead");
            Assert.StartsWith(Environment.MachineName + "_", holder);
            await client.CreateAsync(ResourceTypes.Pod, Pod("cli-pod", "100m"));
            var bound = await WaitForAsync(async () => (await client.GetAsync(ResourceTypes.Pod, "default", "cli-pod")).StringAt("spec", "nodeName"), "the pod to be bound");
            Assert.Equal(node, bound);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
            // Leaving, it releases the Lease so that another replica takes over at once.
            Assert.Equal("", (await client.GetAsync(ResourceTypes.Lease, "kube-system", "obs-scheduler")).StringAt("spec", "holderIdentity") ?? "");
            Assert.Contains("Scheduler default-scheduler started", await stdout);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }
}
