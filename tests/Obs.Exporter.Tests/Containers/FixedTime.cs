namespace Obs.Exporter.Tests.Containers;

/// <summary>A clock that stands still, so <c>container_last_seen</c> can be asserted exactly.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
