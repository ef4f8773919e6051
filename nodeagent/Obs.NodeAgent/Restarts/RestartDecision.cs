namespace Obs.NodeAgent.Restarts;

/// <summary>
/// What to do with a terminated container now: leave it terminated, start it now (and keep
/// <see cref="NextState"/> for its next crash), or wait until <see cref="RestartAt"/> showing
/// waiting reason CrashLoopBackOff with <see cref="Message"/>.
/// </summary>
public sealed record RestartDecision(RestartAction Action, DateTimeOffset? RestartAt, BackoffState? NextState, string? Message)
{
    public const string CrashLoopBackOff = "CrashLoopBackOff";

    public static readonly RestartDecision DoNotRestart = new(RestartAction.DoNotRestart, null, null, null);
}
