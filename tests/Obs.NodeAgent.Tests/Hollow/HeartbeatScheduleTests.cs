using Obs.NodeAgent.Hollow;

namespace Obs.NodeAgent.Tests.Hollow;

public sealed class HeartbeatScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NodesAreSpreadEvenlyOverOneInterval()
    {
        var nodes = Enumerable.Range(0, 4).Select(i => new HollowNode("n" + i, i)).ToList();
        var schedule = new HeartbeatSchedule();
        schedule.Spread(nodes, HeartbeatKind.Lease, Start, TimeSpan.FromSeconds(10));

        Assert.Equal(Start + TimeSpan.FromSeconds(2.5), schedule.NextDue);
        Assert.Empty(schedule.TakeDue(Start + TimeSpan.FromSeconds(2)));
        Assert.Equal(["n0", "n1"], schedule.TakeDue(Start + TimeSpan.FromSeconds(5)).Select(d => d.Node.Name));
        Assert.Equal(["n2", "n3"], schedule.TakeDue(Start + TimeSpan.FromSeconds(10)).Select(d => d.Node.Name));
        Assert.Null(schedule.NextDue);
    }

    [Fact]
    public void RescheduledBeatComesBackWhenDue()
    {
        var node = new HollowNode("n", 0);
        var schedule = new HeartbeatSchedule();
        schedule.Add(node, HeartbeatKind.Status, Start + TimeSpan.FromMinutes(5));
        schedule.Add(node, HeartbeatKind.Lease, Start + TimeSpan.FromSeconds(10));
        Assert.Equal([(node, HeartbeatKind.Lease)], schedule.TakeDue(Start + TimeSpan.FromSeconds(10)));
        Assert.Equal(1, schedule.Count);
    }
}
