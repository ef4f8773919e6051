namespace Obs.Scheduler.Scheduling;

/// <summary>
/// How many feasible nodes are enough before scoring, as kube-scheduler's percentageOfNodesToScore:
/// all of them below 100 nodes; otherwise an adaptive share (50% − nodes/125, at least 5%) but
/// never fewer than 100.
/// </summary>
public static class FeasibleNodes
{
    public const int MinFeasibleNodesToFind = 100;
    public const int MinFeasibleNodesPercentageToFind = 5;

    public static int ToFind(int allNodes, int? percentageOfNodesToScore = null)
    {
        if (allNodes < MinFeasibleNodesToFind || percentageOfNodesToScore >= 100) return allNodes;
        var percentage = percentageOfNodesToScore is > 0 ? percentageOfNodesToScore.Value : 50 - allNodes / 125;
        if (percentage < MinFeasibleNodesPercentageToFind) percentage = MinFeasibleNodesPercentageToFind;
        var count = (int)((long)allNodes * percentage / 100);
        return count < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : count;
    }
}
