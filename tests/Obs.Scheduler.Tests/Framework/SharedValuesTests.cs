using System.Text.Json.Nodes;
using Obs.Scheduler.Framework;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Framework;

public sealed class SharedValuesTests
{
    [Fact]
    public void EqualValuesComeBackAsOneInstance()
    {
        var pool = new SharedValues(10);
        var first = pool.Share(new string("bench".AsSpan()));
        var second = pool.Share(new string("bench".AsSpan()));
        Assert.Same(first, second);
        var toleration = pool.Share(new Toleration("node.kubernetes.io/unreachable", "Exists", "", "NoExecute"));
        Assert.Same(toleration, pool.Share(new Toleration("node.kubernetes.io/unreachable", "Exists", "", "NoExecute")));
    }

    [Fact]
    public void AFullPoolHandsNewValuesBackUnpooledAndKeepsSharingWhatItHolds()
    {
        var pool = new SharedValues(2);
        var a = pool.Share(new string("a".AsSpan()));
        pool.Share(new string("b".AsSpan()));
        var c = new string("c".AsSpan());
        Assert.Same(c, pool.Share(c));
        Assert.NotSame(c, pool.Share(new string("c".AsSpan())));
        Assert.Same(a, pool.Share(new string("a".AsSpan())));
    }

    [Fact]
    public void PodsShareTheirRepeatedStringsAndTolerations()
    {
        const string spec = """
            {"schedulerName":"default-scheduler","preemptionPolicy":"PreemptLowerPriority","containers":[{"name":"a"}],
             "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}
            """;
        // Read from text, as the informer's pods are: each string its own instance before it is shared.
        var one = new PodInfo(JsonNode.Parse(Pod("one", ns: "bench", labels: Labels("app=web"), spec: spec).ToJsonString())!.AsObject());
        var two = new PodInfo(JsonNode.Parse(Pod("two", ns: "bench", labels: Labels("app=web"), spec: spec).ToJsonString())!.AsObject());

        Assert.Same(one.Namespace, two.Namespace);
        Assert.Same(one.SchedulerName, two.SchedulerName);
        Assert.Same(one.PreemptionPolicy, two.PreemptionPolicy);
        Assert.Same(one.Labels.Keys.Single(), two.Labels.Keys.Single());
        Assert.Same(one.Labels["app"], two.Labels["app"]);
        Assert.Same(one.Tolerations.Single(), two.Tolerations.Single());
        Assert.Same(one.Tolerations, two.Tolerations);
        Assert.Same(one.Labels, two.Labels);
        // Pods with no host ports or claims (nearly all) hold no list of their own.
        Assert.Same(one.HostPorts, two.HostPorts);
        Assert.Same(one.ClaimNames, two.ClaimNames);
    }

    [Fact]
    public void MapsWithTheSameEntriesInAnyOrderComeBackAsOneInstance()
    {
        var pool = new SharedValues(10);
        var first = pool.Share(Labels("app=web", "tier=front"));
        var second = pool.Share(new Dictionary<string, string> { ["tier"] = new string("front".AsSpan()), ["app"] = "web" });

        Assert.Same(first, second);
        Assert.NotSame(first, pool.Share(Labels("app=web")));
        Assert.Empty(pool.Share([]));
    }
}
