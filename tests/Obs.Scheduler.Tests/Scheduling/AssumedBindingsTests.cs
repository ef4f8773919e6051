using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Cache;
using Obs.Scheduler.Framework;
using Obs.Scheduler.Scheduling;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Scheduling;

public sealed class AssumedBindingsTests
{
    /// <summary>The pending pod as the informer stores it, and the version its binding to node-a stores.</summary>
    private static (JsonObject Pending, JsonObject Bound) Versions(Action<JsonObject>? alsoChange = null)
    {
        var pending = Pod("web-0", "250m", "64Mi", "shop", Labels("app=web"));
        pending["metadata"]!["resourceVersion"] = "10";
        var bound = pending.DeepClone().AsObject();
        bound["spec"]!["nodeName"] = "node-a";
        bound["metadata"]!["resourceVersion"] = "11";
        bound["status"]!["conditions"] = JsonNode.Parse("""[{"type": "PodScheduled", "status": "True"}]""");
        alsoChange?.Invoke(bound);
        return (CompactObjects.Pod(pending), CompactObjects.Pod(bound));
    }

    [Fact]
    public void TheBindingOfTheAssumedVersionReusesWhatWasParsed()
    {
        var (pending, bound) = Versions();
        var assumed = new PodInfo(pending);

        var confirmed = AssumedBindings.Confirm(assumed, "node-a", pending, bound);

        Assert.NotNull(confirmed);
        Assert.Same(bound, confirmed.Pod);
        Assert.Equal(("node-a", "11"), (confirmed.NodeName, confirmed.ResourceVersion));
        Assert.Same(assumed.Labels, confirmed.Labels);
        Assert.Equal(assumed.Requests, confirmed.Requests);
        // The assumed one is left as it was, and the stored object unexpanded.
        Assert.Equal(("", "10"), (assumed.NodeName, assumed.ResourceVersion));
        Assert.Equal(bound.ToJsonString(), new PodInfo(bound).Pod.ToJsonString());
    }

    [Fact]
    public void AnotherVersionInBetweenIsParsedAgain()
    {
        var (pending, bound) = Versions();
        var assumed = new PodInfo(pending);
        var later = CompactObjects.Pod(pending.DeepClone().AsObject());

        Assert.Null(AssumedBindings.Confirm(assumed, "node-a", later, bound));
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("deleted")]
    [InlineData("finished")]
    [InlineData("another node")]
    public void AnUpdateThatChangesWhatTheCacheReadsIsParsedAgain(string change)
    {
        var (pending, bound) = Versions(pod =>
        {
            switch (change)
            {
                case "labels": pod["metadata"]!["labels"]!["tier"] = "front"; break;
                case "deleted": pod["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z"; break;
                case "finished": pod["status"]!["phase"] = "Succeeded"; break;
                default: pod["spec"]!["nodeName"] = "node-b"; break;
            }
        });
        var assumed = new PodInfo(pending);

        Assert.Null(AssumedBindings.Confirm(assumed, "node-a", pending, bound));
    }

    [Fact]
    public void ALabelRemovedIsAChange()
    {
        var (pending, bound) = Versions(pod => pod["metadata"]!["labels"] = new JsonObject());
        Assert.Null(AssumedBindings.Confirm(new PodInfo(pending), "node-a", pending, bound));
        Assert.Empty(ObjectMeta.Labels(bound.DeepClone()));
    }
}
