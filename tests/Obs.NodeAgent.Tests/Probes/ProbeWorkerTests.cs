using Obs.NodeAgent.Probes;

namespace Obs.NodeAgent.Tests.Probes;

public sealed class ProbeWorkerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private static async Task<ProbeUpdate> Next(System.Threading.Channels.Channel<ProbeUpdate> updates) =>
        await updates.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private static async Task AdvanceUntilTimerSet(ManualTime time, TimeSpan by)
    {
        await time.WaitForTimerAsync();
        time.Advance(by);
    }

    [Fact]
    public async Task WaitsInitialDelayThenProbesEveryPeriodAndReportsAtTheThreshold()
    {
        var time = new ManualTime(T0);
        var target = new FakeTarget(time, 0, 0, 1, 1, 1, 0);
        var updates = System.Threading.Channels.Channel.CreateUnbounded<ProbeUpdate>();
        var spec = new ProbeSpec(new ExecHandler(["check"]), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 2, 3);
        await using var worker = new ProbeWorker(ProbeKind.Readiness, spec, target, time, u => updates.Writer.TryWrite(u));

        worker.Start(T0);
        await AdvanceUntilTimerSet(time, TimeSpan.FromSeconds(4));
        Assert.Empty(target.Calls);
        Assert.Equal(ProbeResult.Failure, worker.Reported);

        var seen = new List<(double At, ProbeResult Outcome, ProbeResult Reported, bool Changed)>();
        await AdvanceUntilTimerSet(time, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 6; i++)
        {
            var update = await Next(updates);
            seen.Add(((update.At - T0).TotalSeconds, update.Outcome.Result, update.Reported, update.Changed));
            await AdvanceUntilTimerSet(time, TimeSpan.FromSeconds(2));
        }

        Assert.Equal(
            [
                (5.0, ProbeResult.Success, ProbeResult.Failure, false),
                (7.0, ProbeResult.Success, ProbeResult.Success, true),
                (9.0, ProbeResult.Failure, ProbeResult.Success, false),
                (11.0, ProbeResult.Failure, ProbeResult.Success, false),
                (13.0, ProbeResult.Failure, ProbeResult.Failure, true),
                (15.0, ProbeResult.Success, ProbeResult.Failure, false),
            ],
            seen);
    }

    [Fact]
    public async Task LivenessFailureIsReportedAfterFailureThreshold()
    {
        var time = new ManualTime(T0);
        var target = new FakeTarget(time, 1);
        var updates = System.Threading.Channels.Channel.CreateUnbounded<ProbeUpdate>();
        var spec = new ProbeSpec(new ExecHandler(["check"]), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1, 2);
        await using var worker = new ProbeWorker(ProbeKind.Liveness, spec, target, time, u => updates.Writer.TryWrite(u));

        worker.Start(T0);
        var first = await Next(updates);
        Assert.Equal(ProbeResult.Success, first.Reported);
        Assert.Equal("command failed with exit code 1: bad", first.Outcome.Message);
        await AdvanceUntilTimerSet(time, TimeSpan.FromSeconds(1));
        var second = await Next(updates);
        Assert.True(second.Changed);
        Assert.Equal(ProbeResult.Failure, second.Reported);
    }
}
