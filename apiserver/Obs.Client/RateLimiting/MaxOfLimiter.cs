namespace Obs.Client.RateLimiting;

/// <summary>The longest delay any of its limiters asks for.</summary>
public sealed class MaxOfLimiter<T>(params IWorkRateLimiter<T>[] limiters) : IWorkRateLimiter<T> where T : notnull
{
    public TimeSpan When(T item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var delay = limiter.When(item);
            if (delay > longest) longest = delay;
        }
        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in limiters) limiter.Forget(item);
    }

    public int NumRequeues(T item) => limiters.Max(l => l.NumRequeues(item));
}
