namespace Obs.NodeAgent.Restarts;

/// <summary>
/// The kubelet's crash back-off as a pure function. The first crash restarts at once; each later
/// one waits the current delay after it finished (10 s, 20 s, 40 s ... capped at 5 min), and the
/// delay doubles every time the container is restarted. A run that lasted 10 min or more counts
/// as healthy: the back-off starts over.
/// </summary>
public sealed class RestartBackoff(TimeSpan initial, TimeSpan max, TimeSpan resetAfter)
{
    public static readonly RestartBackoff Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));

    public TimeSpan Initial { get; } = initial;

    public TimeSpan Max { get; } = max;

    public TimeSpan ResetAfter { get; } = resetAfter;

    /// <param name="state">The container's back-off so far; null before its first restart.</param>
    public RestartDecision Decide(
        RestartPolicy policy,
        int exitCode,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        BackoffState? state,
        DateTimeOffset now,
        string containerName = "",
        string podName = "")
    {
        if (!RestartPolicies.ShouldRestart(policy, exitCode))
        {
            return RestartDecision.DoNotRestart;
        }
        TimeSpan delay;
        BackoffState next;
        if (state is null || finishedAt - startedAt >= ResetAfter)
        {
            delay = TimeSpan.Zero;
            next = new BackoffState(Initial);
        }
        else
        {
            delay = state.NextDelay;
            next = new BackoffState(Min(delay + delay, Max));
        }
        var restartAt = finishedAt + delay;
        if (now >= restartAt)
        {
            return new RestartDecision(RestartAction.RestartNow, restartAt, next, null);
        }
        var message = $"back-off {Format(delay)} restarting failed container={containerName} pod={podName}";
        return new RestartDecision(RestartAction.BackOff, restartAt, state, message);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Go's Duration.String for whole seconds and minutes: 10s, 1m20s, 5m0s.</summary>
    internal static string Format(TimeSpan delay)
    {
        var seconds = (long)delay.TotalSeconds;
        return seconds < 60 ? $"{seconds}s" : $"{seconds / 60}m{seconds % 60}s";
    }
}
