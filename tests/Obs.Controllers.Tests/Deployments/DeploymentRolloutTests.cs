using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Tests.Deployments;

/// <summary>Deployments rolled out by the controller manager and driven with the real kubectl, the test playing the kubelet.</summary>
[Collection(ControllerCollection.Name)]
public sealed class DeploymentRolloutTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static string Manifest(string ns, string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{ns}}
          annotations:
            kubernetes.io/change-cause: first
        spec:
          replicas: 3
          selector:
            matchLabels: {app: web}
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: {{image}}
        """;

    private async Task<List<JsonObject>> PodsAsync(string ns) =>
        [.. (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Where(p => ObjectMeta.DeletionTimestamp(p) is null)];

    private async Task<List<JsonObject>> ReplicaSetsAsync(string ns) => [.. (await _client.ListAsync(ResourceTypes.ReplicaSet, ns)).Items];

    private async Task<string> DescribeAsync(string ns)
    {
        var sets = await ReplicaSetsAsync(ns);
        var pods = await PodsAsync(ns);
        return $"replica sets [{string.Join(", ", sets.Select(rs => $"{ObjectMeta.Name(rs)}={rs.LongAt("spec", "replicas")}/{rs.LongAt("status", "availableReplicas")}"))}], {pods.Count} pods";
    }

    [Fact]
    public async Task DeploymentRollsOutRollsBackAndScales()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(_client, ns, TimeSpan.FromMilliseconds(300));

        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"web-{ns}.yaml", Manifest(ns, "nginx:1.0")));
        await Eventually.HoldsAsync(async () => (await ReplicaSetsAsync(ns)).Count == 1 && (await PodsAsync(ns)).Count(PodState.IsReady) == 3, () => DescribeAsync(ns));
        var first = Assert.Single(await ReplicaSetsAsync(ns));
        Assert.StartsWith("web-", ObjectMeta.Name(first));
        Assert.Equal("1", first.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
        Assert.Equal("first", first.StringAt("metadata", "annotations", "kubernetes.io/change-cause"));
        var hash = first.StringAt("metadata", "labels", "pod-template-hash");
        Assert.Equal("web-" + hash, ObjectMeta.Name(first));
        Assert.All(await PodsAsync(ns), p => Assert.Matches($"^web-{hash}-[a-z0-9]{{5}}$", ObjectMeta.Name(p)!));
        var status = await cluster.KubectlOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        Assert.Contains("successfully rolled out", status);

        // A template change rolls one surge pod at a time; the ready count never drops below 3.
        var minReady = int.MaxValue;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                var ready = (await PodsAsync(ns)).Count(PodState.IsReady);
                minReady = Math.Min(minReady, ready);
                await Task.Delay(50);
            }
        });
        await cluster.KubectlOkAsync("set", "image", "deployment/web", "web=nginx:2.0", "-n", ns);
        await cluster.KubectlOkAsync("annotate", "deployment/web", "kubernetes.io/change-cause=second", "--overwrite", "-n", ns);
        Assert.Contains("successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s"));
        await watching.CancelAsync();
        await watcher;
        Assert.True(minReady >= 3, $"only {minReady} pods were ready at one point");
        var sets = await ReplicaSetsAsync(ns);
        Assert.Equal(2, sets.Count);
        var second = sets.Single(rs => ObjectMeta.Uid(rs) != ObjectMeta.Uid(first));
        Assert.Equal(3, second.LongAt("spec", "replicas"));
        Assert.Equal(0, sets.Single(rs => ObjectMeta.Uid(rs) == ObjectMeta.Uid(first)).LongAt("spec", "replicas"));
        Assert.Equal("2", second.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));

        var history = await cluster.KubectlOkAsync("rollout", "history", "deployment/web", "-n", ns);
        Assert.Matches(@"(?m)^1\s+first", history);
        Assert.Matches(@"(?m)^2\s+", history);

        // Undo: back to the first ReplicaSet (now revision 3), no third ReplicaSet.
        await cluster.KubectlOkAsync("rollout", "undo", "deployment/web", "-n", ns);
        await Eventually.HoldsAsync(async () =>
        {
            var now = await ReplicaSetsAsync(ns);
            var back = now.FirstOrDefault(rs => ObjectMeta.Uid(rs) == ObjectMeta.Uid(first));
            return back is not null && back.LongAt("spec", "replicas") == 3 && back.LongAt("status", "availableReplicas") == 3
                && now.All(rs => ObjectMeta.Uid(rs) == ObjectMeta.Uid(first) || rs.LongAt("spec", "replicas") == 0);
        }, () => DescribeAsync(ns), 60);
        sets = await ReplicaSetsAsync(ns);
        Assert.Equal(2, sets.Count);
        Assert.Equal("3", sets.Single(rs => ObjectMeta.Uid(rs) == ObjectMeta.Uid(first)).StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
        Assert.Contains("successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"));

        await cluster.KubectlOkAsync("scale", "deployment/web", "--replicas=5", "-n", ns);
        await Eventually.HoldsAsync(async () => (await PodsAsync(ns)).Count(PodState.IsReady) == 5, () => DescribeAsync(ns));
        await cluster.KubectlOkAsync("scale", "deployment/web", "--replicas=1", "-n", ns);
        await Eventually.HoldsAsync(async () => (await PodsAsync(ns)).Count == 1, () => DescribeAsync(ns));
        var d = await _client.GetAsync(ResourceTypes.Deployment, ns, "web");
        await Eventually.HoldsAsync(async () =>
        {
            d = await _client.GetAsync(ResourceTypes.Deployment, ns, "web");
            return d.LongAt("status", "availableReplicas") == 1 && d.LongAt("status", "replicas") == 1;
        }, async () => d.ToJsonString());
        Assert.Equal("3", d.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
        Assert.Equal("True", d.At("status", "conditions")!.AsArray().Single(c => c.StringAt("type") == "Available").StringAt("status"));
        Assert.Equal("NewReplicaSetAvailable", d.At("status", "conditions")!.AsArray().Single(c => c.StringAt("type") == "Progressing").StringAt("reason"));
    }

    [Fact]
    public async Task PauseHoldsATemplateChangeAndRestartRollsTheSameTemplate()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(_client, ns);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"web-{ns}.yaml", Manifest(ns, "nginx:1.0")));
        await Eventually.HoldsAsync(async () => (await PodsAsync(ns)).Count(PodState.IsReady) == 3, () => DescribeAsync(ns));
        Assert.Contains("successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"));

        await cluster.KubectlOkAsync("rollout", "pause", "deployment/web", "-n", ns);
        await cluster.KubectlOkAsync("set", "image", "deployment/web", "web=nginx:2.0", "-n", ns);
        await Eventually.HoldsAsync(async () =>
        {
            var d = await _client.GetAsync(ResourceTypes.Deployment, ns, "web");
            return d.LongAt("status", "observedGeneration") == ObjectMeta.Generation(d);
        }, () => DescribeAsync(ns));
        Assert.Single(await ReplicaSetsAsync(ns));
        await cluster.KubectlOkAsync("rollout", "resume", "deployment/web", "-n", ns);
        Assert.Contains("successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s"));
        Assert.Equal(2, (await ReplicaSetsAsync(ns)).Count);

        await cluster.KubectlOkAsync("rollout", "restart", "deployment/web", "-n", ns);
        Assert.Contains("successfully rolled out", await cluster.KubectlOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s"));
        var sets = await ReplicaSetsAsync(ns);
        Assert.Equal(3, sets.Count);
        var newest = sets.Single(rs => rs.LongAt("spec", "replicas") == 3);
        Assert.Equal("3", newest.StringAt("metadata", "annotations", "deployment.kubernetes.io/revision"));
        Assert.NotNull(newest.StringAt("spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"));
    }
}
