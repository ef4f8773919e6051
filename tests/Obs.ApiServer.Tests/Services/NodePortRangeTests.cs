using Obs.ApiServer.Services;

namespace Obs.ApiServer.Tests.Services;

public sealed class NodePortRangeTests
{
    [Fact]
    public void RandomOrderCoversTheRangeOnce()
    {
        var range = new NodePortRange("30000-30009");
        var order = range.RandomOrder(new Random(3)).ToList();
        Assert.Equal(Enumerable.Range(30000, 10), order.Order());
        Assert.True(range.Contains(30009));
        Assert.False(range.Contains(30010));
    }

    [Theory]
    [InlineData("30000")]
    [InlineData("32767-30000")]
    [InlineData("0-100")]
    [InlineData("30000-70000")]
    public void RejectsMalformedRanges(string text) => Assert.Throws<ArgumentException>(() => new NodePortRange(text));
}
