namespace Obs.Dashboard.Tests.Components;

/// <summary>A clock stopped at one instant, so ages ("5m") in rendered HTML are known in advance.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Noon = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}
