namespace Obs.Client.RateLimiting;

public static class WorkRateLimiters
{
    /// <summary>client-go's DefaultControllerRateLimiter: per-item 5 ms → 1000 s backoff, and 10 QPS / 100 burst overall.</summary>
    public static IWorkRateLimiter<T> Default<T>(TimeProvider? time = null) where T : notnull =>
        new MaxOfLimiter<T>(
            new ExponentialBackoffLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new BucketLimiter<T>(new TokenBucket(10, 100, time)));
}
