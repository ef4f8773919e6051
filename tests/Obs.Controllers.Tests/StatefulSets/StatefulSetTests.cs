using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Tests.StatefulSets;

/// <summary>StatefulSets run by the controller manager against a real apiserver, the test playing the kubelet.</summary>
[Collection(ControllerCollection.Name)]
public sealed class StatefulSetTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static string Manifest(string ns, string image, int replicas, string policy = "OrderedReady", string extra = "") => $$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          serviceName: web
          replicas: {{replicas}}
          podManagementPolicy: {{policy}}
          {{extra}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: {{image}}
                volumeMounts:
                - {name: data, mountPath: /data}
              # Obs.Api validates mounts against the template's volumes only; the claim replaces this one in each pod.
              volumes:
              - name: data
                emptyDir: {}
          volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests: {storage: 1Gi}
        """;

    private Task<List<JsonObject>> PodsAsync(string ns) => Workloads.LivePodsAsync(_client, ns);

    private async Task<List<string>> PodNamesAsync(string ns) => [.. (await PodsAsync(ns)).Select(p => ObjectMeta.Name(p)!).Order(StringComparer.Ordinal)];

    private async Task<string> DescribeAsync(string ns)
    {
        var pods = await PodsAsync(ns);
        var set = await _client.TryGetAsync(ResourceTypes.StatefulSet, ns, "web");
        return $"pods [{string.Join(", ", pods.Select(p => $"{ObjectMeta.Name(p)}:{ObjectMeta.Label(p, "controller-revision-hash")}:{(PodState.IsReady(p) ? "ready" : "not ready")}"))}], status {set?["status"]?.ToJsonString()}";
    }

    private async Task MarkReadyAsync(string ns, string name)
    {
        var pod = await _client.GetAsync(ResourceTypes.Pod, ns, name);
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = "10.2.0.1",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
        };
        await _client.UpdateStatusAsync(ResourceTypes.Pod, pod);
    }

    private async Task<JsonObject> SetAsync(string ns) => await _client.GetAsync(ResourceTypes.StatefulSet, ns, "web");

    [Fact]
    public async Task OrderedReadyCreatesEachPodAfterThePreviousIsReadyAndScalesDownInReverseKeepingClaims()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await using var events = await PodEvents.StartAsync(_client, ns);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"sts-{ns}.yaml", Manifest(ns, "nginx:1.0", 3)));

        for (var ordinal = 0; ordinal < 3; ordinal++)
        {
            var name = "web-" + ordinal;
            await Eventually.HoldsAsync(async () => (await PodNamesAsync(ns)).Contains(name), () => DescribeAsync(ns));
            // The next pod waits for this one to be Running and Ready.
            await Task.Delay(800);
            Assert.Equal(Enumerable.Range(0, ordinal + 1).Select(i => "web-" + i), await PodNamesAsync(ns));
            Assert.NotNull(await _client.TryGetAsync(ResourceTypes.PersistentVolumeClaim, ns, "data-" + name));
            await MarkReadyAsync(ns, name);
        }
        await Eventually.HoldsAsync(async () => (await SetAsync(ns)).LongAt("status", "readyReplicas") == 3, () => DescribeAsync(ns));
        Assert.Contains("partitioned roll out complete: 3 new pods have been updated...",
            await cluster.KubectlOkAsync("rollout", "status", "statefulset/web", "-n", ns, "--timeout=30s"));

        var set = await SetAsync(ns);
        var pod = await _client.GetAsync(ResourceTypes.Pod, ns, "web-1");
        Assert.Equal("web-1", pod.StringAt("spec", "hostname"));
        Assert.Equal("web", pod.StringAt("spec", "subdomain"));
        Assert.Equal("web-1", ObjectMeta.Label(pod, "statefulset.kubernetes.io/pod-name"));
        Assert.Equal("1", ObjectMeta.Label(pod, "apps.kubernetes.io/pod-index"));
        Assert.Equal(set.StringAt("status", "updateRevision"), ObjectMeta.Label(pod, "controller-revision-hash"));
        var volume = Assert.Single(pod["spec"]!["volumes"]!.AsArray(), v => v.StringAt("name") == "data");
        Assert.Equal("data-web-1", volume.StringAt("persistentVolumeClaim", "claimName"));
        var claim = await _client.GetAsync(ResourceTypes.PersistentVolumeClaim, ns, "data-web-1");
        Assert.Equal("web", ObjectMeta.Label(claim, "app"));
        Assert.Equal("1Gi", claim.StringAt("spec", "resources", "requests", "storage"));
        var status = set["status"]!;
        Assert.Equal(ObjectMeta.Generation(set), status.LongAt("observedGeneration"));
        Assert.Equal([3, 3, 3, 3, 3], new[] { "replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas" }.Select(f => status.LongAt(f)));
        Assert.Equal(status.StringAt("currentRevision"), status.StringAt("updateRevision"));
        Assert.Equal("web-" + ObjectMeta.Label(await _client.GetAsync(ResourceTypes.ControllerRevision, ns, status.StringAt("updateRevision")!), "controller.kubernetes.io/hash"),
            status.StringAt("updateRevision"));

        // A deleted pod comes back under its name, with its claim.
        var claimUid = ObjectMeta.Uid(await _client.GetAsync(ResourceTypes.PersistentVolumeClaim, ns, "data-web-0"));
        var oldUid = ObjectMeta.Uid(await _client.GetAsync(ResourceTypes.Pod, ns, "web-0"));
        await _client.DeleteAsync(ResourceTypes.Pod, ns, "web-0");
        await Eventually.HoldsAsync(async () => await _client.TryGetAsync(ResourceTypes.Pod, ns, "web-0") is { } p && ObjectMeta.Uid(p) != oldUid, () => DescribeAsync(ns));
        Assert.Equal(claimUid, ObjectMeta.Uid(await _client.GetAsync(ResourceTypes.PersistentVolumeClaim, ns, "data-web-0")));
        await MarkReadyAsync(ns, "web-0");

        await cluster.KubectlOkAsync("scale", "statefulset/web", "--replicas=1", "-n", ns);
        await Eventually.HoldsAsync(async () => (await PodNamesAsync(ns)).SequenceEqual(["web-0"]), () => DescribeAsync(ns));
        await Eventually.HoldsAsync(async () => events.Events.Count(e => e.StartsWith('-')) >= 3, async () => string.Join(" ", events.Events));
        Assert.Equal(["+web-0", "+web-1", "+web-2", "-web-0", "+web-0", "-web-2", "-web-1"], events.Events);
        var claims = (await _client.ListAsync(ResourceTypes.PersistentVolumeClaim, ns)).Items.Select(c => ObjectMeta.Name(c)).Order(StringComparer.Ordinal);
        Assert.Equal(["data-web-0", "data-web-1", "data-web-2"], claims);
        await Eventually.HoldsAsync(async () => (await SetAsync(ns)).LongAt("status", "replicas") == 1, () => DescribeAsync(ns));
    }

    [Fact]
    public async Task PartitionedRollingUpdateReplacesFromTheHighestOrdinalDownToThePartitionAndUndoReturns()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(_client, ns, TimeSpan.FromMilliseconds(200));
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"sts-{ns}.yaml", Manifest(ns, "nginx:1.0", 3)));
        await Eventually.HoldsAsync(async () => (await PodsAsync(ns)).Count(PodState.IsReady) == 3, () => DescribeAsync(ns));
        var first = (await SetAsync(ns)).StringAt("status", "updateRevision")!;

        await using var events = await PodEvents.StartAsync(_client, ns);
        await cluster.KubectlOkAsync("patch", "statefulset/web", "-n", ns, "--type=merge", "-p",
            """{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}},"template":{"spec":{"containers":[{"name":"web","image":"nginx:2.0"}]}}}}""");
        Assert.Contains("partitioned roll out complete: 2 new pods have been updated...",
            await cluster.KubectlOkAsync("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"));
        var set = await SetAsync(ns);
        var second = set.StringAt("status", "updateRevision")!;
        Assert.NotEqual(first, second);
        Assert.Equal(first, set.StringAt("status", "currentRevision"));
        Assert.Equal(2, set.LongAt("status", "updatedReplicas"));
        Assert.Equal(1, set.LongAt("status", "currentReplicas"));
        var revisions = (await PodsAsync(ns)).ToDictionary(p => ObjectMeta.Name(p)!, p => ObjectMeta.Label(p, "controller-revision-hash"));
        Assert.Equal(first, revisions["web-0"]);
        Assert.Equal(second, revisions["web-1"]);
        Assert.Equal(second, revisions["web-2"]);
        Assert.Equal("nginx:2.0", (await _client.GetAsync(ResourceTypes.Pod, ns, "web-2"))["spec"]!["containers"]![0].StringAt("image"));
        Assert.Equal("nginx:1.0", (await _client.GetAsync(ResourceTypes.Pod, ns, "web-0"))["spec"]!["containers"]![0].StringAt("image"));
        Assert.Equal(["-web-2", "+web-2", "-web-1", "+web-1"], events.Events);

        await cluster.KubectlOkAsync("patch", "statefulset/web", "-n", ns, "--type=merge", "-p", """{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}""");
        await Eventually.HoldsAsync(async () => (await SetAsync(ns)).StringAt("status", "currentRevision") == second
            && (await PodsAsync(ns)).Count(PodState.IsReady) == 3, () => DescribeAsync(ns));

        var history = await cluster.KubectlOkAsync("rollout", "history", "statefulset/web", "-n", ns);
        Assert.Matches(@"(?m)^1\s+<none>", history);
        Assert.Matches(@"(?m)^2\s+<none>", history);
        Assert.Contains("nginx:1.0", await cluster.KubectlOkAsync("rollout", "history", "statefulset/web", "-n", ns, "--revision=1"));

        // Undo restores the first template: its revision is renumbered 3, no third revision is made.
        await cluster.KubectlOkAsync("rollout", "undo", "statefulset/web", "-n", ns);
        await Eventually.HoldsAsync(async () =>
        {
            var now = await SetAsync(ns);
            return now.StringAt("status", "updateRevision") == first && now.StringAt("status", "currentRevision") == first
                && (await PodsAsync(ns)).Count(p => PodState.IsReady(p) && ObjectMeta.Label(p, "controller-revision-hash") == first) == 3;
        }, () => DescribeAsync(ns), 60);
        var all = (await _client.ListAsync(ResourceTypes.ControllerRevision, ns)).Items.ToDictionary(r => ObjectMeta.Name(r)!, r => r.LongAt("revision"));
        Assert.Equal(2, all.Count);
        Assert.Equal(3, all[first]);
        Assert.Equal(2, all[second]);
        Assert.Equal("nginx:1.0", (await SetAsync(ns))["spec"]!["template"]!["spec"]!["containers"]![0].StringAt("image"));
    }

    [Fact]
    public async Task ParallelCreatesEveryPodAtOnceAndOldRevisionsArePrunedToTheLimit()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"sts-{ns}.yaml", Manifest(ns, "nginx:1.0", 3, "Parallel", "revisionHistoryLimit: 1")));
        await Eventually.HoldsAsync(async () => (await PodNamesAsync(ns)).SequenceEqual(["web-0", "web-1", "web-2"]), () => DescribeAsync(ns));
        Assert.DoesNotContain(await PodsAsync(ns), PodState.IsReady);

        await using var kubelet = new FakeKubelet(_client, ns);
        await Eventually.HoldsAsync(async () => (await SetAsync(ns)).LongAt("status", "readyReplicas") == 3, () => DescribeAsync(ns));
        foreach (var image in new[] { "nginx:2.0", "nginx:3.0" })
        {
            await cluster.KubectlOkAsync("set", "image", "statefulset/web", "web=" + image, "-n", ns);
            await Eventually.HoldsAsync(async () =>
            {
                var set = await SetAsync(ns);
                return set.LongAt("status", "observedGeneration") == ObjectMeta.Generation(set) && set.LongAt("status", "updatedReplicas") == 3
                    && set.LongAt("status", "readyReplicas") == 3 && set.StringAt("status", "currentRevision") == set.StringAt("status", "updateRevision");
            }, () => DescribeAsync(ns), 60);
        }
        // Three templates, one in use, one more kept: the first is gone.
        await Eventually.HoldsAsync(async () => (await _client.ListAsync(ResourceTypes.ControllerRevision, ns)).Items.Count == 2, () => DescribeAsync(ns));
        var numbers = (await _client.ListAsync(ResourceTypes.ControllerRevision, ns)).Items.Select(r => r.LongAt("revision")).Order();
        Assert.Equal([2L, 3L], numbers);
    }

    [Fact]
    public async Task ClaimsFollowARetentionPolicyOfDeleteThroughTheGarbageCollector()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(_client, ns);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"sts-{ns}.yaml", Manifest(ns, "nginx:1.0", 2, "Parallel",
            "persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Delete}")));
        await Eventually.HoldsAsync(async () => (await SetAsync(ns)).LongAt("status", "readyReplicas") == 2, () => DescribeAsync(ns));
        await Eventually.HoldsAsync(async () => (await _client.ListAsync(ResourceTypes.PersistentVolumeClaim, ns)).Items
            .Count(c => c.At("metadata", "ownerReferences") is JsonArray refs && refs.Any(r => r.StringAt("kind") == "StatefulSet")) == 2, () => DescribeAsync(ns));

        // Scaled away: the condemned pod's claim goes with it; the kept pod's claim stays.
        await cluster.KubectlOkAsync("scale", "statefulset/web", "--replicas=1", "-n", ns);
        await Eventually.HoldsAsync(async () => await _client.TryGetAsync(ResourceTypes.PersistentVolumeClaim, ns, "data-web-1") is null, () => DescribeAsync(ns));
        Assert.NotNull(await _client.TryGetAsync(ResourceTypes.PersistentVolumeClaim, ns, "data-web-0"));

        // The set deleted: every claim goes.
        await cluster.KubectlOkAsync("delete", "statefulset/web", "-n", ns, "--wait=false");
        await Eventually.HoldsAsync(async () => (await _client.ListAsync(ResourceTypes.PersistentVolumeClaim, ns)).Items.Count == 0, () => DescribeAsync(ns));
    }
}
