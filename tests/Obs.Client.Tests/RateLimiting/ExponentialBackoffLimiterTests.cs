using Obs.Client.RateLimiting;

namespace Obs.Client.Tests.RateLimiting;

public sealed class ExponentialBackoffLimiterTests
{
    [Fact]
    public void DelayDoublesFromTheBaseUpToTheCap()
    {
        var limiter = new ExponentialBackoffLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        var delays = Enumerable.Range(0, 4).Select(_ => limiter.When("a").TotalMilliseconds).ToList();
        Assert.Equal([5, 10, 20, 40], delays);
        for (var i = 0; i < 30; i++) limiter.When("a");
        Assert.Equal(TimeSpan.FromSeconds(1000), limiter.When("a"));
        Assert.Equal(35, limiter.NumRequeues("a"));
    }

    [Fact]
    public void ItemsBackOffIndependentlyAndForgetResets()
    {
        var limiter = new ExponentialBackoffLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b"));
        limiter.Forget("a");
        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Fact]
    public void MaxOfTakesTheLongestDelay()
    {
        var time = new Fakes.ManualTime();
        var limiter = new MaxOfLimiter<string>(
            new ExponentialBackoffLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new BucketLimiter<string>(new TokenBucket(10, 1, time)));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("b"));
    }
}
