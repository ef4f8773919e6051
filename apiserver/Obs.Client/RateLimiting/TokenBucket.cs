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

    /// <summary>Waits for a token.</summary>
    public Task WaitAsync(CancellationToken cancellationToken = default)
    {
        var wait = Reserve();
        return wait == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _time, cancellationToken);
    }
}
