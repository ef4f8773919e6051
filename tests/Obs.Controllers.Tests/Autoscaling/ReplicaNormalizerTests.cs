using Obs.Controllers.Autoscaling;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Autoscaling;

/// <summary>Stabilisation windows and scaling policies with autoscaling/v2's defaults.</summary>
public sealed class ReplicaNormalizerTests
{
    private static readonly System.Text.Json.Nodes.JsonObject NoBehavior = new() { ["spec"] = new System.Text.Json.Nodes.JsonObject() };
    private static readonly ScalingRules Up = ScalingRules.Up(NoBehavior);
    private static readonly ScalingRules Down = ScalingRules.Down(NoBehavior);

    [Fact]
    public void ScaleDownTakesTheHighestRecommendationOfTheLastFiveMinutes()
    {
        Recommendation[] history = [new(Stores.Now.AddSeconds(-290), 8), new(Stores.Now.AddSeconds(-100), 6), new(Stores.Now.AddSeconds(-400), 10)];
        Assert.Equal(8, ReplicaNormalizer.Stabilize(9, 2, history, Up, Down, Stores.Now));
        Assert.Equal(6, ReplicaNormalizer.Stabilize(9, 2, history, Up, Down, Stores.Now.AddSeconds(11)));
    }

    [Fact]
    public void ScaleUpIsNotStabilisedByDefault()
    {
        Recommendation[] history = [new(Stores.Now.AddSeconds(-10), 2)];
        Assert.Equal(7, ReplicaNormalizer.Stabilize(3, 7, history, Up, Down, Stores.Now));
    }

    [Fact]
    public void ScaleUpIsLimitedToDoubleOrFourMorePer15Seconds()
    {
        var fast = ReplicaNormalizer.Limit(2, 40, 1, 50, Up, Down, [], [], Stores.Now);
        Assert.Equal(new ScaleDecision(6, true, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"), fast);
        Assert.Equal(20, ReplicaNormalizer.Limit(10, 40, 1, 50, Up, Down, [], [], Stores.Now).Replicas);
        // Having just added 4, the period started at 6 replicas: at most 12 now.
        Assert.Equal(12, ReplicaNormalizer.Limit(10, 40, 1, 50, Up, Down, [new ScaleEvent(Stores.Now.AddSeconds(-5), 4)], [], Stores.Now).Replicas);
    }

    [Fact]
    public void MinAndMaxReplicasBound()
    {
        Assert.Equal(new ScaleDecision(5, true, "TooManyReplicas", "the desired replica count is more than the maximum replica count"),
            ReplicaNormalizer.Limit(4, 9, 1, 5, Up, Down, [], [], Stores.Now));
        Assert.Equal(new ScaleDecision(2, true, "TooFewReplicas", "the desired replica count is less than the minimum replica count"),
            ReplicaNormalizer.Limit(4, 1, 2, 5, Up, Down, [], [], Stores.Now));
        Assert.Equal(new ScaleDecision(3, false, "DesiredWithinRange", "the desired count is within the acceptable range"),
            ReplicaNormalizer.Limit(4, 3, 1, 5, Up, Down, [], [], Stores.Now));
    }

    [Fact]
    public void DeclaredBehaviorReplacesTheDefaults()
    {
        var hpa = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""
            {"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":60,"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}}}}
            """)!;
        var down = ScalingRules.Down(hpa);
        Assert.Equal(TimeSpan.FromSeconds(60), down.StabilizationWindow);
        var decision = ReplicaNormalizer.Limit(5, 1, 1, 10, ScalingRules.Up(hpa), down, [], [], Stores.Now);
        Assert.Equal(new ScaleDecision(4, true, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"), decision);
    }
}
