namespace Obs.Scheduler.Framework;

/// <summary>Kubernetes' DefaultNormalizeScore: scales scores so that the highest becomes 100 (or, reversed, the lowest).</summary>
public static class ScoreScale
{
    public const long MaxNodeScore = 100;

    public static void ToMax(Span<long> scores, bool reverse)
    {
        long max = 0;
        foreach (var s in scores) max = Math.Max(max, s);
        if (max == 0)
        {
            if (reverse) scores.Fill(MaxNodeScore);
            return;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var s = MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? MaxNodeScore - s : s;
        }
    }
}
