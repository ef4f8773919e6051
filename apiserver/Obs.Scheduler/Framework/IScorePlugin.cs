namespace Obs.Scheduler.Framework;

/// <summary>
/// A score: how much a pod would like each feasible node, 0..100 after <see cref="Normalize"/>,
/// multiplied by <see cref="Weight"/> and summed with the other scores.
/// </summary>
public interface IScorePlugin
{
    string Name { get; }

    int Weight { get; }

    /// <summary>State for <see cref="Score"/>, computed once per pod from the feasible nodes and the snapshot; <see cref="ScoreState.Skip"/> when all nodes would score alike.</summary>
    object? PreScore(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot);

    long Score(object? state, PodInfo pod, NodeInfo node);

    /// <summary>Rescales the raw scores in place to 0..100.</summary>
    void Normalize(object? state, Span<long> scores);
}
