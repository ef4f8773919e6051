namespace Obs.NodeAgent.Node;

/// <summary>One node condition as computed now; the heartbeat adds its times.</summary>
public sealed record NodeCondition(string Type, string Status, string Reason, string Message);
