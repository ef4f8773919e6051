using Obs.Scheduler.Scheduling;

namespace Obs.Scheduler.Tests.Scheduling;

public sealed class FeasibleNodesTests
{
    [Theory]
    [InlineData(3, 3)]
    [InlineData(99, 99)]
    [InlineData(100, 100)] // 49% of 100 is 49, raised to the minimum of 100
    [InlineData(500, 230)] // 50 - 4 = 46%
    [InlineData(1000, 420)] // 42%
    [InlineData(5000, 500)] // 50 - 40 = 10%
    [InlineData(6000, 300)] // 2% raised to 5%
    public void AdaptivePercentageLikeKubeScheduler(int nodes, int toFind) => Assert.Equal(toFind, FeasibleNodes.ToFind(nodes));

    [Fact]
    public void AnExplicitPercentageIsUsed()
    {
        Assert.Equal(1000, FeasibleNodes.ToFind(1000, 100));
        Assert.Equal(200, FeasibleNodes.ToFind(1000, 20));
        Assert.Equal(100, FeasibleNodes.ToFind(1000, 1));
    }
}
