namespace Obs.Dashboard.Pages.Nodes;

/// <summary>Every node's USE as read at one time, or why there is none (Prometheus not configured, away, refusing).</summary>
public sealed record NodeUsageSnapshot(IReadOnlyDictionary<string, NodeUsage> ByNode, string? Error)
{
    public NodeUsage? For(string node) => ByNode.GetValueOrDefault(node);
}
