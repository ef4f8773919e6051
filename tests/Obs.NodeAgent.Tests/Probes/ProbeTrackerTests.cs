using Obs.NodeAgent.Probes;

namespace Obs.NodeAgent.Tests.Probes;

public sealed class ProbeTrackerTests
{
    private const ProbeResult S = ProbeResult.Success;
    private const ProbeResult F = ProbeResult.Failure;

    private static List<ProbeResult> Feed(ProbeTracker tracker, params ProbeResult[] results) =>
        results.Select(r =>
        {
            tracker.Record(r);
            return tracker.Reported;
        }).ToList();

    [Fact]
    public void ReadinessStartsNotReadyAndNeedsSuccessThresholdInARow()
    {
        var tracker = new ProbeTracker(ProbeKind.Readiness, 2, 3);
        Assert.Equal(F, tracker.Reported);
        Assert.Equal([F, F, F, S, S], Feed(tracker, S, F, S, S, S));
    }

    [Fact]
    public void ReadinessNeedsFailureThresholdInARowToFlipBack()
    {
        var tracker = new ProbeTracker(ProbeKind.Readiness, 1, 3);
        Assert.Equal([S, S, S, S, S, S, F], Feed(tracker, S, F, F, S, F, F, F));
    }

    [Fact]
    public void LivenessStartsHealthyAndStartsOverAfterReportingFailure()
    {
        var tracker = new ProbeTracker(ProbeKind.Liveness, 1, 2);
        Assert.Equal(S, tracker.Reported);
        Assert.Equal([false, true], new[] { F, F }.Select(tracker.Record).ToList());
        Assert.Equal(F, tracker.Reported);
        // The restarted container's first failure does not count as the second of a run.
        Assert.False(tracker.Record(F));
        Assert.True(tracker.Record(S));
        Assert.Equal(S, tracker.Reported);
    }

    [Fact]
    public void RecordSaysWhenTheReportChanged()
    {
        var tracker = new ProbeTracker(ProbeKind.Readiness, 1, 1);
        Assert.Equal([true, false, true, false], new[] { S, S, F, F }.Select(tracker.Record).ToList());
    }
}
