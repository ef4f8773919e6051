namespace Obs.Controllers.Autoscaling;

/// <summary>
/// From a recommendation to the replica count to set (normalizeDesiredReplicasWithBehaviors):
/// stabilisation first — scale up to no more than the lowest, and down to no less than the highest,
/// recommendation within each direction's window — then the rate policies over the scale events of
/// their periods, then min and max replicas. Pure: the history is passed in.
/// </summary>
public static class ReplicaNormalizer
{
    public static int Stabilize(int current, int recommended, IReadOnlyList<Recommendation> history, ScalingRules up, ScalingRules down, DateTimeOffset now)
    {
        int upRecommendation = recommended, downRecommendation = recommended;
        foreach (var r in history)
        {
            if (r.At > now - up.StabilizationWindow) upRecommendation = Math.Min(upRecommendation, r.Replicas);
            if (r.At > now - down.StabilizationWindow) downRecommendation = Math.Max(downRecommendation, r.Replicas);
        }
        var result = current;
        if (result < upRecommendation) result = upRecommendation;
        if (result > downRecommendation) result = downRecommendation;
        return result;
    }

    public static ScaleDecision Limit(int current, int desired, int minReplicas, int maxReplicas, ScalingRules up, ScalingRules down,
        IReadOnlyList<ScaleEvent> upEvents, IReadOnlyList<ScaleEvent> downEvents, DateTimeOffset now)
    {
        if (desired > current)
        {
            var limit = Math.Max(current, UpLimit(current, up, upEvents, now));
            var (allowed, reason, message) = maxReplicas > limit
                ? (limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
                : (maxReplicas, "TooManyReplicas", "the desired replica count is more than the maximum replica count");
            if (desired > allowed) return new ScaleDecision(allowed, true, reason, message);
        }
        else if (desired < current)
        {
            var limit = Math.Min(current, DownLimit(current, down, downEvents, now));
            var (allowed, reason, message) = minReplicas < limit
                ? (limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
                : (minReplicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
            if (desired < allowed) return new ScaleDecision(allowed, true, reason, message);
        }
        return new ScaleDecision(desired, false, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    private static int UpLimit(int current, ScalingRules rules, IReadOnlyList<ScaleEvent> events, DateTimeOffset now)
    {
        if (rules.SelectPolicy == "Disabled") return current;
        var pick = rules.SelectPolicy == "Min" ? int.MaxValue : int.MinValue;
        foreach (var policy in rules.Policies)
        {
            var start = current - Changed(events, policy.Period, now);
            var proposed = policy.Percent ? (int)Math.Ceiling(start * (1 + policy.Value / 100.0)) : start + policy.Value;
            pick = rules.SelectPolicy == "Min" ? Math.Min(pick, proposed) : Math.Max(pick, proposed);
        }
        return pick;
    }

    private static int DownLimit(int current, ScalingRules rules, IReadOnlyList<ScaleEvent> events, DateTimeOffset now)
    {
        if (rules.SelectPolicy == "Disabled") return current;
        var pick = rules.SelectPolicy == "Min" ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies)
        {
            var start = current + Changed(events, policy.Period, now);
            var proposed = policy.Percent ? (int)(start * (1 - policy.Value / 100.0)) : start - policy.Value;
            pick = rules.SelectPolicy == "Min" ? Math.Max(pick, proposed) : Math.Min(pick, proposed);
        }
        return pick;
    }

    private static int Changed(IReadOnlyList<ScaleEvent> events, TimeSpan period, DateTimeOffset now) =>
        events.Where(e => e.At > now - period).Sum(e => e.Change);
}
