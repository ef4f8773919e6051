namespace Obs.NodeAgent.Restarts;

/// <summary>The delay the next crash of a container will wait before it starts again.</summary>
public sealed record BackoffState(TimeSpan NextDelay);
