namespace Obs.Client.RateLimiting;

/// <summary>Per item: base × 2^failures, capped. client-go's controller default is 5 ms doubling to 1000 s.</summary>
public sealed class ExponentialBackoffLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IWorkRateLimiter<T> where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<T, int> _failures = [];

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(item);
            _failures[item] = exponent + 1;
        }
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (_lock) _failures.Remove(item);
    }

    public int NumRequeues(T item)
    {
        lock (_lock) return _failures.GetValueOrDefault(item);
    }
}
