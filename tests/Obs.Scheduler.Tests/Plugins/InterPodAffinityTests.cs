using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class InterPodAffinityTests
{
    private readonly InterPodAffinity _plugin = new();

    private static PodInfo App(string name, string app, string? affinity = null) =>
        PodInfo(Pod(name, labels: Labels("app=" + app), spec: affinity is null ? null : """{"affinity": @0@}""".Replace("@0@", (affinity).ToString())));

    private static string Term(string app, string key = "kubernetes.io/hostname") =>
        """{"labelSelector": {"matchLabels": {"app": "@0@"}}, "topologyKey": "@1@"}""".Replace("@0@", (app).ToString()).Replace("@1@", (key).ToString());

    private FilterResult[] FilterAll(PodInfo pod, params NodeInfo[] nodes)
    {
        var snapshot = Snapshot.Of(nodes);
        var state = _plugin.PreFilter(pod, snapshot);
        return nodes.Select(n => _plugin.Filter(state, pod, n)).ToArray();
    }

    [Fact]
    public void RequiredAntiAffinityKeepsReplicasOnDifferentNodes()
    {
        var pod = App("web-2", "web", """{"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [@0@]}}""".Replace("@0@", (Term("web")).ToString()));
        var results = FilterAll(pod, NodeInfo("a", "4", "8Gi", App("web-1", "web")), NodeInfo("b", "4", "8Gi", App("db", "db")));
        Assert.Equal(["node(s) didn't match pod anti-affinity rules"], results[0].Reasons);
        Assert.Equal(FilterCode.Unschedulable, results[0].Code);
        Assert.True(results[1].IsSuccess);
    }

    [Fact]
    public void ExistingPodsAntiAffinityIsRespected()
    {
        var loner = App("loner", "loner", """{"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [@0@]}}""".Replace("@0@", (Term("web")).ToString()));
        var results = FilterAll(App("web-1", "web"), NodeInfo("a", "4", "8Gi", loner), NodeInfo("b"));
        Assert.Equal(["node(s) didn't satisfy existing pods anti-affinity rules"], results[0].Reasons);
        Assert.True(results[1].IsSuccess);
    }

    [Fact]
    public void RequiredAffinityFollowsTheTopologyDomain()
    {
        var pod = App("cache", "cache", """{"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [@0@]}}""".Replace("@0@", (Term("db", "zone")).ToString()));
        var a1 = NodeInfo(Node("a1", labels: Labels("zone=a")), App("db", "db"));
        var a2 = NodeInfo(Node("a2", labels: Labels("zone=a")));
        var b1 = NodeInfo(Node("b1", labels: Labels("zone=b")));
        var results = FilterAll(pod, a1, a2, b1);
        Assert.True(results[0].IsSuccess);
        Assert.True(results[1].IsSuccess);
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, results[2].Code);
        Assert.Equal(["node(s) didn't match pod affinity rules"], results[2].Reasons);
    }

    [Fact]
    public void TheFirstPodOfASelfAffineGroupMayGoAnywhere()
    {
        var pod = App("web-1", "web", """{"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [@0@]}}""".Replace("@0@", (Term("web")).ToString()));
        Assert.All(FilterAll(pod, NodeInfo("a"), NodeInfo("b")), r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public void PreferredAffinityAndAntiAffinityScore()
    {
        var pod = App("p", "web", """
            {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 10, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}}]},
            "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 5, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}}]}}
            """);
        var nodes = new[] { NodeInfo("db", "4", "8Gi", App("db-1", "db")), NodeInfo("empty"), NodeInfo("web", "4", "8Gi", App("web-1", "web")) };
        var state = _plugin.PreScore(pod, nodes, Snapshot.Of(nodes));
        var scores = nodes.Select(n => _plugin.Score(state, pod, n)).ToArray();
        Assert.Equal([10L, 0, -5], scores);
        _plugin.Normalize(state, scores);
        Assert.Equal([100L, 33, 0], scores);
    }
}
