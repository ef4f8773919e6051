using System.Diagnostics;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Scheduler.Scheduling;
using Obs.Testing;
using Xunit.Abstractions;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Scheduling;

/// <summary>The scheduler against a real apiserver: Node objects made through the API (no node agents), then pods.</summary>
public sealed class PodSchedulerTests(TestCluster cluster, ITestOutputHelper output) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private RunningScheduler _s = null!;

    public Task InitializeAsync()
    {
        _s = new RunningScheduler(cluster);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private static string Name(string prefix) => RunningScheduler.UniqueName(prefix);

    [Fact]
    public async Task PodsAreBoundToNodesWithRoomForThem()
    {
        var ns = await _s.NamespaceAsync();
        var small = Name("small");
        var big = Name("big");
        await _s.CreateNodeAsync(Node(small, "2", "4Gi"));
        await _s.CreateNodeAsync(Node(big, "4", "8Gi"));
        var names = Enumerable.Range(0, 3).Select(i => $"web-{i}").ToArray();
        foreach (var name in names) await _s.CreatePodAsync(Pod(name, "1500m", "512Mi", ns));

        var placed = new List<string>();
        foreach (var name in names) placed.Add((await _s.WaitForBoundAsync(ns, name)).StringAt("spec", "nodeName")!);
        Assert.Equal(2, placed.Count(n => n == big));
        Assert.Equal(1, placed.Count(n => n == small));
        // Only once the three are placed: created with them, it could take a web pod's place when the
        // scheduler heard of the big node after a web pod's first attempt (a full run under load did).
        await _s.CreatePodAsync(Pod("one-too-many", "1500m", "512Mi", ns));
        await _s.WaitForUnschedulableAsync(ns, "one-too-many",
            "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");

        var events = "";
        for (var i = 0; i < 100 && events.Length == 0; i++, await Task.Delay(100)) // events are written in the background
            events = await cluster.KubectlOkAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=web-0,reason=Scheduled", "-o", "jsonpath={.items[*].message}");
        Assert.Equal($"Successfully assigned {ns}/web-0 to {placed[0]}", events);
    }

    [Fact]
    public async Task APodTooBigForEveryNodeSaysWhyThenLandsOnANewBigNode()
    {
        var ns = await _s.NamespaceAsync();
        var worker = Name("worker");
        var controlPlane = """[{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]""";
        await _s.CreateNodeAsync(Node(worker, "2"));
        await _s.CreateNodeAsync(Node(Name("cp"), "8", taints: controlPlane));
        await _s.CreateNodeAsync(Node(Name("cp"), "8", taints: controlPlane));
        await _s.CreatePodAsync(Pod("huge", "4", "1Gi", ns));

        const string message = "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. "
            + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."; // asking more than a whole node: preemption cannot help
        await _s.WaitForUnschedulableAsync(ns, "huge", message);
        var describe = await WaitForDescribeAsync(ns, "huge", "FailedScheduling");
        Assert.Matches(@"PodScheduled\s+False", describe);
        Assert.Matches(@"Warning\s+FailedScheduling\s+.*default-scheduler\s+" + System.Text.RegularExpressions.Regex.Escape(message), describe);
        var pending = await cluster.KubectlOkAsync("get", "pod", "huge", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason}");
        Assert.Equal("Unschedulable", pending);

        var roomy = Name("roomy");
        await _s.CreateNodeAsync(Node(roomy, "16", "64Gi"));
        var bound = await _s.WaitForBoundAsync(ns, "huge");
        Assert.Equal(roomy, bound.StringAt("spec", "nodeName"));
        var after = await WaitForDescribeAsync(ns, "huge", "Successfully assigned");
        Assert.Matches(@"Normal\s+Scheduled\s+.*default-scheduler\s+Successfully assigned " + ns + "/huge to " + roomy, after);
        await _s.WaitForPodAsync(ns, "huge", p => RunningScheduler.Condition(p) is null, "without the Unschedulable condition");
    }

    private async Task<string> WaitForDescribeAsync(string ns, string pod, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var describe = await cluster.KubectlOkAsync("describe", "pod", pod, "-n", ns);
            if (describe.Contains(text, StringComparison.Ordinal)) return describe;
            if (DateTime.UtcNow > deadline) Assert.Fail($"kubectl describe never showed {text}:\n{describe}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task NodeSelectorsTaintsTolerationsAndReadinessAreHonoured()
    {
        var ns = await _s.NamespaceAsync();
        var gpu = Name("gpu");
        var plain = Name("plain");
        await _s.CreateNodeAsync(Node(gpu, labels: Labels("accelerator=gpu"), taints: """[{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]"""));
        await _s.CreateNodeAsync(Node(plain));
        await _s.CreateNodeAsync(Node(Name("notready"), "64", ready: false));

        await _s.CreatePodAsync(Pod("untolerated", "1", ns: ns, spec: """{"nodeSelector": {"accelerator": "gpu"}}"""));
        await _s.CreatePodAsync(Pod("tolerated", "1", ns: ns, spec: """{"nodeSelector": {"accelerator": "gpu"}, "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]}"""));
        foreach (var i in Enumerable.Range(0, 3)) await _s.CreatePodAsync(Pod($"any-{i}", "1", ns: ns));

        Assert.Equal(gpu, (await _s.WaitForBoundAsync(ns, "tolerated")).StringAt("spec", "nodeName"));
        foreach (var i in Enumerable.Range(0, 3)) Assert.Equal(plain, (await _s.WaitForBoundAsync(ns, $"any-{i}")).StringAt("spec", "nodeName"));
        await _s.WaitForUnschedulableAsync(ns, "untolerated",
            "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. "
            + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    }

    [Fact]
    public async Task RequiredAntiAffinitySpreadsReplicasOneToANode()
    {
        var ns = await _s.NamespaceAsync();
        var nodes = new[] { Name("a"), Name("b"), Name("c") };
        foreach (var node in nodes) await _s.CreateNodeAsync(Node(node));
        const string spec = """
            {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
              {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}}
            """;
        foreach (var i in Enumerable.Range(0, 4)) await _s.CreatePodAsync(Pod($"db-{i}", "100m", ns: ns, labels: Labels("app=db"), spec: spec));

        var placed = new List<string>();
        var unschedulable = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (placed.Count + unschedulable.Count < 4 && DateTime.UtcNow < deadline)
        {
            placed.Clear();
            unschedulable.Clear();
            foreach (var i in Enumerable.Range(0, 4))
            {
                var pod = await _s.GetPodAsync(ns, $"db-{i}");
                if (pod.StringAt("spec", "nodeName") is { Length: > 0 } node) placed.Add(node);
                else if (RunningScheduler.Condition(pod) is { } c) unschedulable.Add(c.StringAt("message")!);
            }
            await Task.Delay(100);
        }
        Assert.Equal(nodes.Order(), placed.Order());
        Assert.Equal(["0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."], unschedulable);
    }

    [Fact]
    public async Task PodsRacingForTheLastCpuNeverShareIt()
    {
        var ns = await _s.NamespaceAsync();
        var nodes = Enumerable.Range(0, 5).Select(_ => Name("one-cpu")).ToArray();
        foreach (var node in nodes) await _s.CreateNodeAsync(Node(node, "1"));
        var names = Enumerable.Range(0, 10).Select(i => $"racer-{i}").ToArray();
        await Task.WhenAll(names.Select(name => _s.CreatePodAsync(Pod(name, "1", ns: ns))));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<JsonObject> pods;
        do
        {
            await Task.Delay(100);
            pods = (await _s.Client.ListAsync(ResourceTypes.Pod, ns)).Items.ToList();
        }
        while (pods.Count(p => p.StringAt("spec", "nodeName") is { Length: > 0 } || RunningScheduler.Condition(p) is not null) < 10 && DateTime.UtcNow < deadline);

        var bound = pods.Select(p => p.StringAt("spec", "nodeName")).Where(n => !string.IsNullOrEmpty(n)).ToList();
        Assert.Equal(nodes.Order(), bound.Order()); // each node exactly once
        Assert.Equal(5, pods.Count(p => RunningScheduler.Condition(p) is not null));
    }

    [Fact]
    public async Task DeletingABoundPodMakesRoomForAWaitingOne()
    {
        var ns = await _s.NamespaceAsync();
        var node = Name("full");
        await _s.CreateNodeAsync(Node(node, "1"));
        await _s.CreatePodAsync(Pod("first", "800m", ns: ns));
        await _s.WaitForBoundAsync(ns, "first");
        await _s.CreatePodAsync(Pod("second", "800m", ns: ns));
        await _s.WaitForUnschedulableAsync(ns, "second",
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");

        await _s.Client.DeleteAsync(ResourceTypes.Pod, ns, "first", new Obs.Client.Rest.DeleteOptions { GracePeriodSeconds = 0 });
        Assert.Equal(node, (await _s.WaitForBoundAsync(ns, "second")).StringAt("spec", "nodeName"));
    }

    [Fact]
    public async Task ClaimsKeepPodsOnTheirVolumesNodeAndUnboundClaimsLearnTheChosenNode()
    {
        var ns = await _s.NamespaceAsync();
        var a = Name("vol-a");
        await _s.CreateNodeAsync(Node(a));
        await _s.CreateNodeAsync(Node(Name("vol-b"), "64", "256Gi")); // emptier: preferred unless the volume says otherwise
        var pv = Name("pv");
        await _s.Client.CreateAsync(ResourceTypes.PersistentVolume, JsonNode.Parse("""
            {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "@pv"},
             "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/tmp/@pv"},
                      "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": ["@node"]}]}]}}}}
            """.Replace("@pv", pv).Replace("@node", a))!.AsObject());
        foreach (var (claim, volume) in new[] { ("data", pv), ("fresh", "") })
        {
            var pvc = JsonNode.Parse("""
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "@claim", "namespace": "@ns"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
                """.Replace("@claim", claim).Replace("@ns", ns))!.AsObject();
            if (volume.Length > 0) pvc["spec"]!["volumeName"] = volume;
            await _s.Client.CreateAsync(ResourceTypes.PersistentVolumeClaim, pvc);
        }
        const string volumes = """{"volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "@"}}]}""";
        await _s.CreatePodAsync(Pod("on-volume", "100m", ns: ns, spec: volumes.Replace("@", "data")));
        await _s.CreatePodAsync(Pod("fresh-volume", "100m", ns: ns, spec: volumes.Replace("@", "fresh")));
        await _s.CreatePodAsync(Pod("no-claim", "100m", ns: ns, spec: volumes.Replace("@", "missing")));

        Assert.Equal(a, (await _s.WaitForBoundAsync(ns, "on-volume")).StringAt("spec", "nodeName"));
        var fresh = (await _s.WaitForBoundAsync(ns, "fresh-volume")).StringAt("spec", "nodeName");
        var claimed = await _s.Client.GetAsync(ResourceTypes.PersistentVolumeClaim, ns, "fresh");
        Assert.Equal(fresh, claimed.StringAt("metadata", "annotations", "volume.kubernetes.io/selected-node"));
        await _s.WaitForUnschedulableAsync(ns, "no-claim",
            "0/2 nodes are available: persistentvolumeclaim \"missing\" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        await _s.Client.DeleteAsync(ResourceTypes.PersistentVolume, null, pv);
    }

    [Fact]
    public async Task ACriticalPodPreemptsALowerPriorityOne()
    {
        var ns = await _s.NamespaceAsync();
        var node = Name("preempt");
        await _s.CreateNodeAsync(Node(node, "2"));
        await _s.CreatePodAsync(Pod("batch", "1500m", ns: ns));
        await _s.WaitForBoundAsync(ns, "batch");
        await _s.CreatePodAsync(Pod("critical", "1", ns: ns, spec: """{"priorityClassName": "system-node-critical"}"""));

        await _s.WaitForPodAsync(ns, "critical", p => p.StringAt("status", "nominatedNodeName") == node, "nominated to " + node);
        var victim = await _s.Client.TryGetAsync(ResourceTypes.Pod, ns, "batch");
        Assert.True(victim is null || ObjectMeta.DeletionTimestamp(victim) is not null, "the lower-priority pod is being deleted");
        // Play the node agent: the victim's containers are gone.
        if (victim is not null) await _s.Client.DeleteAsync(ResourceTypes.Pod, ns, "batch", new Obs.Client.Rest.DeleteOptions { GracePeriodSeconds = 0 });
        Assert.Equal(node, (await _s.WaitForBoundAsync(ns, "critical")).StringAt("spec", "nodeName"));
    }

    [Fact]
    public async Task HundredNodesAndAThousandPods()
    {
        var ns = await _s.NamespaceAsync();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => _s.CreateNodeAsync(Node($"bulk-{i:D3}-{ns}", "32", "64Gi"))));
        // The pods name a scheduler that is not running yet, so that scheduling is timed apart from creating them.
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            await gate.WaitAsync();
            try { await _s.CreatePodAsync(Pod($"bulk-{i:D4}", "100m", "128Mi", ns, spec: """{"schedulerName": "bulk-scheduler"}""")); }
            finally { gate.Release(); }
        }));
        Assert.Equal(0, _s.Scheduler.ScheduledCount);

        using var bulk = new PodScheduler(_s.Client, new SchedulerOptions { SchedulerName = "bulk-scheduler" });
        using var stop = new CancellationTokenSource();
        var run = bulk.RunAsync(stop.Token);
        await Task.WhenAll(bulk.Pods.WaitForSyncAsync(), bulk.Nodes.WaitForSyncAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (bulk.ScheduledCount < 1000 && DateTime.UtcNow < deadline) await Task.Delay(10);
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await run;
        output.WriteLine($"1000 pods on 100 nodes bound in {elapsed.TotalSeconds:F2} s after the informers synced: {1000 / elapsed.TotalSeconds:F0} pods/s "
            + "(bindings stored; in-process apiserver and PostgreSQL on a shared 2-core machine)");
        Assert.Equal(1000, bulk.ScheduledCount);

        var perNode = (await _s.Client.ListAllAsync(ResourceTypes.Pod, ns)).Items.GroupBy(p => p.StringAt("spec", "nodeName")).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(100, perNode.Count);
        Assert.All(perNode.Values, count => Assert.InRange(count, 8, 12)); // least-allocated spreads them evenly
    }
}
