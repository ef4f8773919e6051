using Obs.Controllers.Jobs;

namespace Obs.Controllers.Tests.Jobs;

public sealed class IndexIntervalsTests
{
    [Theory]
    [InlineData(new[] { 1, 3, 4, 5, 7 }, "1,3-5,7")]
    [InlineData(new[] { 3, 4 }, "3,4")]
    [InlineData(new[] { 0, 1, 2 }, "0-2")]
    [InlineData(new[] { 5, 0, 5 }, "0,5")]
    [InlineData(new int[0], "")]
    public void WritesThreeOrMoreConsecutiveIndexesAsARange(int[] indexes, string text) =>
        Assert.Equal(text, IndexIntervals.Format(indexes));

    [Fact]
    public void ReadsWhatItWritesAndDropsIndexesPastTheLimit()
    {
        Assert.Equal([1, 3, 4, 5, 7], IndexIntervals.Parse("1,3-5,7", 10));
        Assert.Equal([1, 3, 4], IndexIntervals.Parse("1,3-5,7", 5));
        Assert.Equal([2], IndexIntervals.Parse("x,2,-", 10));
        Assert.Empty(IndexIntervals.Parse(null, 10));
    }
}
