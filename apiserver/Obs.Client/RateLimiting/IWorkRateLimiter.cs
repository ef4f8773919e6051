namespace Obs.Client.RateLimiting;

/// <summary>Decides how long an item waits before it is retried, as client-go's workqueue rate limiters do.</summary>
public interface IWorkRateLimiter<T> where T : notnull
{
    /// <summary>The delay before the item's next try; counts a failure.</summary>
    TimeSpan When(T item);

    /// <summary>The item succeeded: its failures no longer count.</summary>
    void Forget(T item);

    int NumRequeues(T item);
}
