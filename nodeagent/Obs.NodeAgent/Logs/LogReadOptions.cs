namespace Obs.NodeAgent.Logs;

/// <summary>The options of <c>kubectl logs</c> that the agent serves: --tail, --since/--since-time, --timestamps, -f.</summary>
public sealed record LogReadOptions
{
    public int? TailLines { get; init; }

    public DateTimeOffset? Since { get; init; }

    public bool Timestamps { get; init; }

    public bool Follow { get; init; }

    /// <summary>How often a follower looks for new lines.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
