namespace Obs.Client.RateLimiting;

/// <summary>
/// A token bucket: <see cref="Burst"/> tokens at most, refilled at <see cref="Qps"/> per second.
/// <see cref="Reserve"/> takes a token now and says how long the caller must wait for it to be
/// due, so concurrent callers line up in order instead of retrying.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double qps, int burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        Qps = qps;
        Burst = burst;
        _time = time ?? TimeProvider.System;
        _tokens = burst;
        _last = _time.GetTimestamp();
    }

    public double Qps { get; }

    public int Burst { get; }

    /// <summary>Takes one token and returns the wait until it is due (zero when one was in the bucket).</summary>
    public TimeSpan Reserve()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * Qps);
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / Qps);
        }
    }

    /// <summary>
    /// Waits for a token. A wait longer than <paramref name="limit"/> is refused at once with a
    /// <see cref="TimeoutException"/>, as client-go refuses a wait past its request's deadline: without
    /// that, a burst of calls failing at once (a closed port, no file descriptors left) would leave
    /// minutes of debt that every later call sits out before its own timeout even starts. A refused or
    /// cancelled wait gives its token back.
    /// </summary>
    public async Task WaitAsync(TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var wait = Reserve();
        if (wait == TimeSpan.Zero) return;
        if (wait > limit)
        {
            Return();
            throw new TimeoutException($"the client's rate limit ({Qps:0.##}/s, burst {Burst}) would hold this call {wait.TotalSeconds:0.#}s, past its {limit.TotalSeconds:0.#}s timeout");
        }
        try
        {
            await Task.Delay(wait, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Return();
            throw;
        }
    }

    /// <summary>Waits for a token, however long that takes.</summary>
    public Task WaitAsync(CancellationToken cancellationToken = default) => WaitAsync(TimeSpan.MaxValue, cancellationToken);

    /// <summary>Gives back a token taken by <see cref="Reserve"/> and not used.</summary>
    private void Return()
    {
        lock (_lock) _tokens = Math.Min(Burst, _tokens + 1);
    }
}
