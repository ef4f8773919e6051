namespace Obs.Scheduler.Framework;

/// <summary>What <see cref="IScorePlugin.PreScore"/> returns when the plugin would give every node the same score for this pod, so scoring it can be skipped.</summary>
public static class ScoreState
{
    public static readonly object Skip = new();
}
