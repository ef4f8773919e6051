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

    [Fact]
    public async Task AWaitPastItsLimitIsRefusedAtOnceAndGivesItsTokenBack()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(1, 1, time);
        await bucket.WaitAsync(TimeSpan.FromSeconds(0.5));
        var refused = await Assert.ThrowsAsync<TimeoutException>(() => bucket.WaitAsync(TimeSpan.FromSeconds(0.5)));
        Assert.Contains("past its 0.5s timeout", refused.Message);
        // The refused call left no debt: a second later the bucket holds a whole token again.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
    }

    [Fact]
    public async Task ACancelledWaitGivesItsTokenBack()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(1, 1, time);
        await bucket.WaitAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = bucket.WaitAsync(TimeSpan.FromMinutes(1), cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
    }
}
