namespace Obs.ApiServer.Alerting;

/// <summary>
/// How often and how patiently a notice is sent again after a transient failure: exponential
/// backoff from <see cref="FirstDelay"/>, doubling up to <see cref="MaxDelay"/>. The defaults span
/// about three minutes, long enough for a relay or bridge to restart.
/// </summary>
public sealed record ForwardRetry
{
    public int Attempts { get; init; } = 8;
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var delay = FirstDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
