using System.Text.Json.Nodes;
using System.Threading.Channels;
using Obs.NodeAgent.Probes;

namespace Obs.NodeAgent.Tests.Probes;

public sealed class ContainerProbesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private static JsonObject Container(string probes) => JsonNode.Parse("{\"name\":\"app\"," + probes + "}")!.AsObject();

    [Fact]
    public async Task WithoutProbesTheContainerIsStartedLiveAndReady()
    {
        await using var probes = new ContainerProbes(Container("\"image\":\"x\""), new FakeTarget(TimeProvider.System, 0), TimeProvider.System, _ => { });
        Assert.False(probes.Started);
        probes.Start(T0);
        Assert.True(probes.Started);
        Assert.True(probes.Live);
        Assert.True(probes.Ready);
    }

    [Fact]
    public async Task ReadinessWaitsForTheStartupProbe()
    {
        var time = new ManualTime(T0);
        // Exec results in call order: startup fails, startup succeeds, readiness succeeds.
        var target = new FakeTarget(time, 1, 0, 0);
        var updates = Channel.CreateUnbounded<ProbeUpdate>();
        await using var probes = new ContainerProbes(
            Container("""
                "startupProbe":{"exec":{"command":["s"]},"periodSeconds":1,"failureThreshold":5},
                "readinessProbe":{"exec":{"command":["r"]},"periodSeconds":10}
                """),
            target, time, u => updates.Writer.TryWrite(u));

        probes.Start(T0);
        var first = await updates.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((ProbeKind.Startup, ProbeResult.Failure), (first.Kind, first.Outcome.Result));
        Assert.False(probes.Started);
        Assert.False(probes.Ready);
        Assert.True(probes.Live);

        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        // The startup success starts the readiness worker, whose report may come before the startup worker's own.
        var next = new[]
        {
            await updates.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)),
            await updates.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)),
        };
        var startup = Assert.Single(next, u => u.Kind == ProbeKind.Startup);
        Assert.Equal(ProbeResult.Success, startup.Outcome.Result);
        var readiness = Assert.Single(next, u => u.Kind == ProbeKind.Readiness);
        Assert.Equal((ProbeResult.Success, true), (readiness.Reported, readiness.Changed));
        Assert.True(probes.Started);
        Assert.True(probes.Ready);
        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(1)], target.Calls);
    }

    [Fact]
    public async Task StartupFailureAtTheThresholdMeansNotLive()
    {
        var time = new ManualTime(T0);
        var updates = Channel.CreateUnbounded<ProbeUpdate>();
        await using var probes = new ContainerProbes(
            Container("""
                "startupProbe":{"exec":{"command":["s"]},"periodSeconds":1,"failureThreshold":2}
                """),
            new FakeTarget(time, 1), time, u => updates.Writer.TryWrite(u));

        probes.Start(T0);
        await updates.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(probes.Live);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await updates.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(second.Changed);
        Assert.False(probes.Live);
        Assert.False(probes.Started);
    }
}
