using Obs.NodeAgent.Eviction;

namespace Obs.NodeAgent.Tests.Eviction;

public sealed class PressureTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ConditionHoldsForTheTransitionPeriodAfterTheSignalWasLastCrossed()
    {
        var tracker = new PressureTracker(TimeSpan.FromMinutes(5));
        Assert.Equal(["MemoryPressure"], tracker.Observe(["MemoryPressure", "MemoryPressure"], Start));
        Assert.Empty(tracker.Observe(["MemoryPressure"], Start.AddMinutes(1)));
        Assert.Empty(tracker.Observe([], Start.AddMinutes(2)));
        Assert.True(tracker.InForce("MemoryPressure", Start.AddMinutes(5.9)));
        Assert.False(tracker.InForce("MemoryPressure", Start.AddMinutes(6)));
        Assert.False(tracker.InForce("DiskPressure", Start));
        Assert.Equal(["MemoryPressure"], tracker.Observe(["MemoryPressure"], Start.AddMinutes(7)));
    }
}
