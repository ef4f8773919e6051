using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.DaemonSets;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Tests.DaemonSets;

/// <summary>
/// DaemonSets run by the controller manager against a real apiserver, on plain Node objects. Nodes are
/// cluster-wide, so each test labels its own nodes with its namespace and selects only those.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class DaemonSetTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static string Manifest(string ns, string image, string rollingUpdate = "maxUnavailable: 1", string tolerations = "") => $$"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: {{ns}}
        spec:
          selector:
            matchLabels: {app: agent}
          updateStrategy:
            type: RollingUpdate
            rollingUpdate:
              {{rollingUpdate}}
          template:
            metadata:
              labels: {app: agent}
            spec:
              nodeSelector: {obs-test: {{ns}}}
              {{tolerations}}
              containers:
              - name: agent
                image: {{image}}
        """;

    private async Task NodeAsync(string name, string ns, string? taint = null)
    {
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["obs-test"] = ns } },
            ["spec"] = new JsonObject(),
        };
        if (taint is not null)
        {
            var (key, rest) = (taint.Split('=')[0], taint.Split('=')[1]);
            node["spec"]!["taints"] = new JsonArray(new JsonObject { ["key"] = key, ["value"] = rest.Split(':')[0], ["effect"] = rest.Split(':')[1] });
        }
        await _client.CreateAsync(ResourceTypes.Node, node);
    }

    private Task<List<JsonObject>> PodsAsync(string ns) => Workloads.LivePodsAsync(_client, ns);

    private async Task<List<string>> PodNodesAsync(string ns) => [.. (await PodsAsync(ns)).Select(DaemonPods.TargetNode).Order(StringComparer.Ordinal)];

    private async Task<string> DescribeAsync(string ns)
    {
        var pods = await PodsAsync(ns);
        var ds = await _client.TryGetAsync(ResourceTypes.DaemonSet, ns, "agent");
        return $"pods [{string.Join(", ", pods.Select(p => $"{ObjectMeta.Name(p)}@{DaemonPods.TargetNode(p)}:{ObjectMeta.Label(p, "controller-revision-hash")}:{(PodState.IsReady(p) ? "ready" : "not ready")}"))}], status {ds?["status"]?.ToJsonString()}, controllers said:\n{fixture.Log.Text()}";
    }

    [Fact]
    public async Task RunsOnePodOnEveryEligibleNodeAndFollowsNodesComingAndGoing()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        string N(string suffix) => ns + "-" + suffix;
        await NodeAsync(N("a"), ns);
        await NodeAsync(N("b"), ns);
        await NodeAsync(N("c"), ns, "dedicated=db:NoSchedule");
        // A cordoned node still runs daemons: they tolerate node.kubernetes.io/unschedulable.
        await NodeAsync(N("d"), ns, "node.kubernetes.io/unschedulable=:NoSchedule");
        await using var kubelet = new FakeKubelet(_client, ns);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"ds-{ns}.yaml", Manifest(ns, "agent:1.0")));

        await Eventually.HoldsAsync(async () => (await PodNodesAsync(ns)).SequenceEqual([N("a"), N("b"), N("d")]), () => DescribeAsync(ns));
        var pod = (await PodsAsync(ns)).Single(p => DaemonPods.TargetNode(p) == N("a"));
        Assert.True(string.IsNullOrEmpty(pod.StringAt("spec", "nodeName")));
        Assert.Equal($$"""{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["{{N("a")}}"]}]}]}""",
            pod.At("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")!.ToJsonString());
        var tolerations = pod["spec"]!["tolerations"]!.AsArray().Select(t => $"{t.StringAt("key")}:{t.StringAt("operator")}:{t.StringAt("effect")}");
        Assert.Equal([
            "node.kubernetes.io/not-ready:Exists:NoExecute", "node.kubernetes.io/unreachable:Exists:NoExecute",
            "node.kubernetes.io/disk-pressure:Exists:NoSchedule", "node.kubernetes.io/memory-pressure:Exists:NoSchedule",
            "node.kubernetes.io/pid-pressure:Exists:NoSchedule", "node.kubernetes.io/unschedulable:Exists:NoSchedule"], tolerations);
        var revision = Assert.Single((await _client.ListAsync(ResourceTypes.ControllerRevision, ns)).Items);
        Assert.Equal(ObjectMeta.Label(revision, "controller-revision-hash"), ObjectMeta.Label(pod, "controller-revision-hash"));
        Assert.Equal("agent-" + ObjectMeta.Label(pod, "controller-revision-hash"), ObjectMeta.Name(revision));
        Assert.Equal(1, revision.LongAt("revision"));
        await Eventually.HoldsAsync(async () =>
        {
            var ds = await _client.GetAsync(ResourceTypes.DaemonSet, ns, "agent");
            return ds.LongAt("status", "numberAvailable") == 3;
        }, () => DescribeAsync(ns));
        var status = (await _client.GetAsync(ResourceTypes.DaemonSet, ns, "agent"))["status"]!;
        Assert.Equal("""{"currentNumberScheduled":3,"numberMisscheduled":0,"desiredNumberScheduled":3,"numberReady":3,"observedGeneration":1,"updatedNumberScheduled":3,"numberAvailable":3,"numberUnavailable":0,"collisionCount":0}""",
            status.ToJsonString());
        Assert.Contains("daemon set \"agent\" successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=30s"));

        // A new node gets one; a deleted node's pod goes.
        await NodeAsync(N("e"), ns);
        await _client.DeleteAsync(ResourceTypes.Node, null, N("a"));
        await Eventually.HoldsAsync(async () => (await PodNodesAsync(ns)).SequenceEqual([N("b"), N("d"), N("e")]), () => DescribeAsync(ns));

        // Tolerating the taint brings the tainted node in.
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"ds-{ns}.yaml", Manifest(ns, "agent:1.0",
            tolerations: "tolerations: [{key: dedicated, operator: Equal, value: db, effect: NoSchedule}]")));
        await Eventually.HoldsAsync(async () => (await PodNodesAsync(ns)).SequenceEqual([N("b"), N("c"), N("d"), N("e")]), () => DescribeAsync(ns));

        // A node whose labels stop matching loses its pod.
        await _client.PatchAsync(ResourceTypes.Node, null, N("b"), PatchType.Merge, JsonNode.Parse("""{"metadata":{"labels":{"obs-test":"elsewhere"}}}""")!);
        await Eventually.HoldsAsync(async () => (await PodNodesAsync(ns)).SequenceEqual([N("c"), N("d"), N("e")]), () => DescribeAsync(ns));
    }

    [Fact]
    public async Task RollingUpdateNeverTakesMoreThanMaxUnavailableNodesDownAndUndoReturns()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        var nodes = Enumerable.Range(0, 5).Select(i => $"{ns}-n{i}").ToList();
        foreach (var node in nodes) await NodeAsync(node, ns);
        await using var kubelet = new FakeKubelet(_client, ns, TimeSpan.FromMilliseconds(400));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"ds-{ns}.yaml", Manifest(ns, "agent:1.0", "maxUnavailable: 40%")));
        Assert.Contains("successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"));
        var firstHash = ObjectMeta.Label((await PodsAsync(ns))[0], "controller-revision-hash");

        // 40% of 5 nodes rounds up to 2: at least 3 nodes keep a ready daemon throughout.
        var minReadyNodes = int.MaxValue;
        var sawTwoDown = false;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                var ready = (await PodsAsync(ns)).Where(PodState.IsReady).Select(DaemonPods.TargetNode).Distinct().Count();
                minReadyNodes = Math.Min(minReadyNodes, ready);
                sawTwoDown |= ready == 3;
                await Task.Delay(30);
            }
        });
        await cluster.KubectlOkAsync("set", "image", "daemonset/agent", "agent=agent:2.0", "-n", ns);
        Assert.Contains("daemon set \"agent\" successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=90s"));
        await watching.CancelAsync();
        await watcher;
        Assert.True(minReadyNodes >= 3, $"only {minReadyNodes} nodes had a ready daemon at one point");
        Assert.True(sawTwoDown, "the update never used its budget of two unavailable nodes");
        var pods = await PodsAsync(ns);
        Assert.Equal(nodes, pods.Select(DaemonPods.TargetNode).Order(StringComparer.Ordinal));
        var secondHash = ObjectMeta.Label(pods[0], "controller-revision-hash");
        Assert.NotEqual(firstHash, secondHash);
        Assert.All(pods, p => Assert.Equal("agent:2.0", p["spec"]!["containers"]![0].StringAt("image")));
        Assert.All(pods, p => Assert.Equal(secondHash, ObjectMeta.Label(p, "controller-revision-hash")));

        var history = await cluster.KubectlOkAsync("rollout", "history", "daemonset/agent", "-n", ns);
        Assert.Matches(@"(?m)^1\s+<none>", history);
        Assert.Matches(@"(?m)^2\s+<none>", history);
        await cluster.KubectlOkAsync("rollout", "undo", "daemonset/agent", "-n", ns);
        await Eventually.HoldsAsync(async () => (await PodsAsync(ns)).Count(p => PodState.IsReady(p) && ObjectMeta.Label(p, "controller-revision-hash") == firstHash) == 5,
            () => DescribeAsync(ns), 60);
        var revisions = (await _client.ListAsync(ResourceTypes.ControllerRevision, ns)).Items.ToDictionary(r => ObjectMeta.Label(r, "controller-revision-hash")!, r => r.LongAt("revision"));
        Assert.Equal(2, revisions.Count);
        Assert.Equal(3, revisions[firstHash!]);
        Assert.Equal(2, revisions[secondHash!]);
    }
}
