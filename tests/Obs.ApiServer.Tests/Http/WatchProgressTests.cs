using Obs.ApiServer.Http;

namespace Obs.ApiServer.Tests.Http;

public sealed class WatchProgressTests
{
    [Theory]
    [InlineData(0, 50)]
    [InlineData(100, 50)]
    [InlineData(200, 100)]
    [InlineData(1_000, 500)]
    [InlineData(10_000, 5_000)]
    public void TheIntervalBetweenProgressBookmarksGrowsWithTheWatchesOpen(int watches, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), WatchProgress.IntervalFor(watches));

    [Fact]
    public void AllWatchesTogetherStayWithinTheBudgetAtAnyCount()
    {
        foreach (var watches in new[] { 1, 99, 101, 1_999, 2_001, 50_000 })
        {
            var perSecond = watches / WatchProgress.IntervalFor(watches).TotalSeconds;
            Assert.True(perSecond <= WatchProgress.BookmarksPerSecond + 1, $"{watches} watches: {perSecond} bookmarks a second");
        }
    }
}
