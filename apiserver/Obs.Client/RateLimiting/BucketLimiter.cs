namespace Obs.Client.RateLimiting;

/// <summary>One token bucket over all items: bounds the overall retry rate whatever each item's backoff says.</summary>
public sealed class BucketLimiter<T>(TokenBucket bucket) : IWorkRateLimiter<T> where T : notnull
{
    public TimeSpan When(T item) => bucket.Reserve();

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
