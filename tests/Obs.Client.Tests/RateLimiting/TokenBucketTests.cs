using Obs.Client.RateLimiting;
using Obs.Client.Tests.Fakes;

namespace Obs.Client.Tests.RateLimiting;

public sealed class TokenBucketTests
{
    [Fact]
    public void BurstIsFreeThenTokensComeAtQps()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(5, 10, time);
        for (var i = 0; i < 10; i++) Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(400), bucket.Reserve());
    }

    [Fact]
    public void BucketRefillsWithTimeButNotPastBurst()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(10, 2, time);
        bucket.Reserve();
        bucket.Reserve();
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve());
    }

    [Fact]
    public async Task WaitAsyncCompletesWhenTheTokenIsDue()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(1, 1, time);
        await bucket.WaitAsync();
        var waiting = bucket.WaitAsync();
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
